package org.ebmsim.dynamics.sampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * Starting states of a batch of chains, layer by layer. Chain c's random state comes from its own
 * stream {@link ChainRandom#STREAM_INITIAL_STATE} of its global index, drawn layer after layer in
 * layer order, so batching never changes it.
 */
public final class InitialStates {
  private InitialStates() {}

  /** Random states of every layer for chains {@code firstChain .. firstChain+chains−1}. */
  public static LayerBlock[] random(Sampling sampling, long seed, long firstChain, int chains) {
    int layers = sampling.layout().size();
    LayerBlock[] out = new LayerBlock[layers];
    for (int l = 0; l < layers; l++) {
      out[l] = sampling.newStates(l, chains);
    }
    for (int c = 0; c < chains; c++) {
      SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, firstChain + c);
      for (int l = 0; l < layers; l++) {
        sampling.randomState(l, rng, out[l], c);
      }
    }
    return out;
  }

  /**
   * Overwrites layer states with given ones: {@code given} has 1 row (copied to every chain) or
   * one row per chain (rows {@code firstRow ..} are taken, one per chain of {@code target}).
   */
  public static void setGiven(LayerBlock target, LayerBlock given, long firstRow) {
    for (int c = 0; c < target.rows(); c++) {
      int row = given.rows() == 1 ? 0 : (int) (firstRow + c);
      given.copyRow(row, target, c);
    }
  }

  /** Sets every chain's known units of {@code visible} to the cue (one row, the layer's domain). */
  public static void setCue(LayerBlock visible, LayerBlock cue, boolean[] known) {
    int n = visible.units();
    for (int c = 0; c < visible.rows(); c++) {
      for (int i = 0; i < n; i++) {
        if (known[i]) {
          visible.set(c, i, cue.get(0, i));
        }
      }
    }
  }
}
