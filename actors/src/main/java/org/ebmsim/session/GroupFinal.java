package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * A sampling group's end of run.
 *
 * @param bestEnergies every chain's lowest visited energy, in chain order
 * @param finalEnergies every chain's final energy
 * @param bestStates best states of the chains asked for
 * @param finalStates final states of the chains asked for
 * @param windowSums per layer, the averaging window's sums ({@link org.ebmsim.dynamics.sampling.LayerTracker#sums})
 * @param averaged states (chain × sweep) in the window
 * @param best the group's overall best
 * @param allFinalStates every chain's final state per layer (rows = chains), or null when not asked
 */
public record GroupFinal(int group, double[] bestEnergies, double[] finalEnergies, List<ChainSnapshot> bestStates,
    List<ChainSnapshot> finalStates, List<double[]> windowSums, long averaged, ChainSnapshot best,
    List<LayerBlock> allFinalStates) implements ClusterSerializable {}
