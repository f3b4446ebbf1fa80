package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.TemperaturePlan;

/**
 * What every group is told with an advance. Sampling groups: the temperature of each sweep
 * (steering included), clamps to apply before the first sweep of the round, and which chains
 * (global) to send states of. Training groups: the learning rate of each batch of the round
 * (steering included), and nothing else.
 *
 * @param learningRates training only: the learning-rate plan as of this round; null otherwise
 * @param overlaps sampling only: the overlaps to compute at the round's end and send with the
 *     report (convergence diagnostics), or null for none
 */
public record GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
    LearningRatePlan learningRates, OverlapProbe overlaps) {
  public GroupOrders {
    clamps = List.copyOf(clamps);
  }

  /** Orders for a sampling round. */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains) {
    this(temperatures, clamps, sampleChains, null, null);
  }

  /** Orders for a sampling round whose report also carries the probed overlaps (null: none). */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
      OverlapProbe overlaps) {
    this(temperatures, clamps, sampleChains, null, overlaps);
  }

  /** Orders for a training round: the learning-rate plan its batches follow. */
  public static GroupOrders training(LearningRatePlan learningRates) {
    return new GroupOrders(null, List.of(), new int[0], learningRates, null);
  }
}
