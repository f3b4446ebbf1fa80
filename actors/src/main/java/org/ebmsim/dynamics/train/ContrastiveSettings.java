package org.ebmsim.dynamics.train;

/**
 * Hyper-parameters of the contrastive trainers of Boltzmann machines with hidden units (general
 * and deep): a clamped phase against a free phase of {@code gibbsSteps} sweeps, started from the
 * clamped state (CD) or from persistent chains (PCD), and a momentum step with weight decay.
 *
 * @param persistent PCD when true, CD when false
 * @param gibbsSteps sweeps of each phase, ≥ 1
 * @param persistentChains PCD chains, 0 for the size of the first batch
 * @param seed of the persistent chains' starting coin flips
 */
public record ContrastiveSettings(boolean persistent, int gibbsSteps, int persistentChains, double momentum,
    double weightDecay, long seed) {
  /** @throws IllegalArgumentException naming the first setting out of range */
  public ContrastiveSettings {
    if (gibbsSteps < 1) {
      throw new IllegalArgumentException("gibbs steps must be >= 1 (got " + gibbsSteps + ")");
    }
    if (persistentChains < 0) {
      throw new IllegalArgumentException("persistent chains must be >= 0 (got " + persistentChains + ")");
    }
    MomentumSgd.check(1, momentum, weightDecay);
  }
}
