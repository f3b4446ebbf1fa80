package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * One chain's state over the model's layers (one-row blocks, in layer order) with its energy.
 *
 * @param chain global chain index
 */
public record ChainSnapshot(int chain, double energy, List<LayerBlock> layers) {
  public ChainSnapshot {
    layers = List.copyOf(layers);
  }
}
