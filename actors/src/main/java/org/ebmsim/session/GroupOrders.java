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
 * @param chainTemperatures parallel tempering only: every chain's temperature for the whole round,
 *     by global chain index (overrides {@code temperatures}); null otherwise
 * @param jointEnergies parallel tempering of a family whose reported energy is not the joint one:
 *     the report also carries every chain's joint energy ({@link GroupReport.Sweeps#jointEnergies})
 */
public record GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
    LearningRatePlan learningRates, double[] chainTemperatures, boolean jointEnergies) {
  public GroupOrders {
    clamps = List.copyOf(clamps);
  }

  /** Orders for a sampling round. */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains) {
    this(temperatures, clamps, sampleChains, null, null, false);
  }

  /** Orders for a training round: the learning-rate plan its batches follow. */
  public static GroupOrders training(LearningRatePlan learningRates) {
    return new GroupOrders(null, List.of(), new int[0], learningRates, null, false);
  }

  /** Orders for a parallel-tempering round: each chain at its own temperature. */
  public static GroupOrders tempering(double[] chainTemperatures, int[] sampleChains, boolean jointEnergies) {
    TemperaturePlan unused = TemperaturePlan.of(org.ebmsim.dynamics.Schedule.constant(chainTemperatures[0], 1));
    return new GroupOrders(unused, List.of(), sampleChains, null, chainTemperatures, jointEnergies);
  }

  /** Temperature of global chain {@code chain} at sweep {@code sweep}. */
  public double temperatureOf(long chain, long sweep) {
    return chainTemperatures != null ? chainTemperatures[(int) chain] : temperatures.temperatureOfSweep(sweep);
  }
}
