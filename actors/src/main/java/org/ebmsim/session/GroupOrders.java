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
 * @param overlaps sampling only: the overlaps to compute at the round's end and send with the
 *     report (convergence diagnostics), or null for none
 */
public record GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
    LearningRatePlan learningRates, double[] chainTemperatures, boolean jointEnergies, OverlapProbe overlaps)
    implements ClusterSerializable {
  public GroupOrders {
    clamps = List.copyOf(clamps);
  }

  /** Orders for a sampling round. */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains) {
    this(temperatures, clamps, sampleChains, null, null, false, null);
  }

  /** Orders for a sampling round whose report also carries the probed overlaps (null: none). */
  public GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains,
      OverlapProbe overlaps) {
    this(temperatures, clamps, sampleChains, null, null, false, overlaps);
  }

  /** Orders for a training round: the learning-rate plan its batches follow. */
  public static GroupOrders training(LearningRatePlan learningRates) {
    return new GroupOrders(null, List.of(), new int[0], learningRates, null, false, null);
  }

  /**
   * Orders for a parallel-tempering round: each chain at its own temperature; the report carries
   * the probed overlaps (null: none).
   */
  public static GroupOrders tempering(double[] chainTemperatures, int[] sampleChains, boolean jointEnergies,
      OverlapProbe overlaps) {
    TemperaturePlan unused = TemperaturePlan.of(org.ebmsim.dynamics.Schedule.constant(chainTemperatures[0], 1));
    return new GroupOrders(unused, List.of(), sampleChains, null, chainTemperatures, jointEnergies, overlaps);
  }

  /** Temperature of global chain {@code chain} at sweep {@code sweep}. */
  public double temperatureOf(long chain, long sweep) {
    return chainTemperatures != null ? chainTemperatures[(int) chain] : temperatures.temperatureOfSweep(sweep);
  }
}
