package org.ebmsim.dynamics.ais;

/**
 * A snapshot of a running AIS.
 *
 * @param stepsDone temperatures advanced so far (0 … totalSteps)
 * @param totalSteps K
 * @param beta the current inverse temperature
 * @param logMeanWeight {@code log mean(w)} so far
 * @param logPartition forward: running {@code log Ẑ_β = log Z_0 + log mean(w)} of the current
 *     intermediate distribution (the target's log Ẑ once finished); reverse: NaN until finished,
 *     then the target's log Ẑ
 * @param standardError delta-method standard error of {@code log mean(w)}
 * @param effectiveSampleSize {@code (Σw)²/Σw²}
 */
public record AisProgress(int stepsDone, int totalSteps, double beta, double logMeanWeight, double logPartition,
    double standardError, double effectiveSampleSize) {
  public boolean finished() {
    return stepsDone == totalSteps;
  }
}
