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
 */
public record GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
    LearningRatePlan learningRates) {
  public GroupOrders {
    clamps = List.copyOf(clamps);
  }

  /** Orders for a sampling round. */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains) {
    this(temperatures, clamps, sampleChains, null);
  }

  /** Orders for a training round: the learning-rate plan its batches follow. */
  public static GroupOrders training(LearningRatePlan learningRates) {
    return new GroupOrders(null, List.of(), new int[0], learningRates);
  }
}
