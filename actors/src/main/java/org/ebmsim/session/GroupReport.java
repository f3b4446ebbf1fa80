package org.ebmsim.session;

import java.util.List;

/** What a chain group reports when it has advanced to a report boundary. */
public sealed interface GroupReport extends ClusterSerializable {
  int group();

  /** Single-unit updates done since the previous report (sampling groups; others 0): for metrics. */
  default long updates() {
    return 0;
  }

  /**
   * A sampling group after {@code sweep} sweeps.
   *
   * @param energies energy of each of the group's chains, in chain order
   * @param flips units changed since the previous report
   * @param updates unit updates since the previous report (the flip rate's denominator)
   * @param lastSweepFlips units changed in the latest sweep alone
   * @param samples states of the chains asked for (global indices)
   * @param best the group's lowest energy visited so far, with that chain's best state
   * @param jointEnergies with {@link GroupOrders#jointEnergies}: every chain's joint energy
   *     ({@link org.ebmsim.dynamics.sampling.TemperingEnergy}), in chain order; else null
   * @param overlaps for the orders' {@link OverlapProbe}: the overlaps of the group's chains that
   *     the probe covers, chain-major ({@code [c·p + k]}: local chain c, k-th probed pattern);
   *     empty without a probe
   * @param checkpointSweep cluster mode: the sweep of the group's latest checkpoint, the one written
   *     at this boundary included (0: none); a session whose orders depend on reports keeps the
   *     orders of later rounds only ({@link RoundHistory})
   */
  record Sweeps(int group, long sweep, double[] energies, long flips, long updates, long lastSweepFlips,
      List<ChainSnapshot> samples, ChainSnapshot best, double[] jointEnergies, double[] overlaps,
      long checkpointSweep) implements GroupReport {
    /** A report without joint energies or overlaps. */
    public Sweeps(int group, long sweep, double[] energies, long flips, long updates, long lastSweepFlips,
        List<ChainSnapshot> samples, ChainSnapshot best) {
      this(group, sweep, energies, flips, updates, lastSweepFlips, samples, best, null, new double[0], 0);
    }
  }

  /** An AIS group after {@code step} temperatures: its chains' log-weights. */
  record AisSteps(int group, boolean reverse, int step, double[] logWeights) implements GroupReport {}

  /**
   * A training group after {@code batches} updates: what the session reports then.
   *
   * @param train metrics on the training split's evaluation rows
   * @param heldOut metrics on the held-out split's, or null without one
   * @param ais held-out log-likelihood by AIS, or null when it did not run this time
   * @param version model version written at this boundary, 0 if none
   * @param samples visible states (see {@link TrainingPlan#samples}), possibly empty
   */
  record Trained(int group, long batches, double learningRate, org.ebmsim.family.TrainingMetrics train,
      int trainRows, org.ebmsim.family.TrainingMetrics heldOut, int heldOutRows, TrainAis ais, long version,
      List<ChainSnapshot> samples) implements GroupReport {}
}
