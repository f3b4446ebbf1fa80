package org.ebmsim.dynamics.ais;


/**
 * A partition-function estimate from AIS log-weights.
 *
 * <p>Forward: {@code log Ẑ = log Z_0 + log mean(w)} (a stochastic lower bound: E[Ẑ] = Z, so
 * E[log Ẑ] ≤ log Z). Reverse: the weights estimate {@code Z_0/Z}, so
 * {@code log Ẑ = log Z_0 − log mean(w)} (a stochastic upper bound when started from exact samples).
 * Error: the delta method in log space, {@code sd(w)/(√M·mean(w))}; ESS = {@code (Σw)²/Σw²}.
 *
 * @param direction forward or reverse
 * @param logPartitionTarget log Ẑ of the path's target (the binary–Gaussian path: Z_joint)
 * @param logPartitionJoint log Ẑ_joint ({@code Σ_v ∫/Σ_h e^{−βE}})
 * @param logPartitionVisible log Ẑ_visible ({@code Σ_v e^{−F(v)}}; equals joint for binary RBMs)
 * @param standardError delta-method standard error of the log estimates (nats)
 * @param effectiveSampleSize {@code (Σw)²/Σw²}, in [1, chains]
 * @param chains M
 */
public record AisEstimate(Direction direction, double logPartitionTarget, double logPartitionJoint,
    double logPartitionVisible, double standardError, double effectiveSampleSize, int chains) {

  /** Forward: base → target; reverse: target → base. */
  public enum Direction { FORWARD, REVERSE }

  /**
   * Combines per-chain log-weights (e.g. gathered from several batches or actors).
   *
   * @param logBasePartition log Z_0 of the path
   * @param logVisibleOverTarget {@link AisPath#logVisibleOverTarget()}
   * @param logVisibleOverJoint {@code log Z_visible − log Z_joint} (0 except binary–Gaussian)
   */
  public static AisEstimate fromLogWeights(Direction direction, double[] logWeights, double logBasePartition,
      double logVisibleOverTarget, double logVisibleOverJoint) {
    int m = logWeights.length;
    if (m < 1) {
      throw new IllegalArgumentException("logWeights must have >= 1 entries");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double lw : logWeights) {
      max = Math.max(max, lw);
    }
    double sum = 0;
    double sumSq = 0;
    for (double lw : logWeights) {
      double w = Math.exp(lw - max);
      sum += w;
      sumSq += w * w;
    }
    double mean = sum / m;
    double logMean = max + Math.log(mean);
    double var = m > 1 ? Math.max(0, (sumSq - sum * sum / m) / (m - 1)) : Double.NaN;
    double se = Math.sqrt(var / m) / mean;
    double ess = sum * sum / sumSq;
    double target = direction == Direction.FORWARD ? logBasePartition + logMean : logBasePartition - logMean;
    double visible = target + logVisibleOverTarget;
    return new AisEstimate(direction, target, visible - logVisibleOverJoint, visible, se, ess, m);
  }

  /**
   * Mean log-likelihood of data rows under this estimate: {@code mean_r(−F(v_r)) − log Ẑ_visible},
   * given each row's {@code −F(v_r)}. {@code standardError} is that of log Ẑ (the estimator's
   * error for this data set); {@code dataStandardError} is {@code sd(−F)/√rows}, the spread from
   * the finite data sample.
   */
  public LogLikelihood meanLogLikelihood(double[] negativeFreeEnergies) {
    int rows = negativeFreeEnergies.length;
    if (rows < 1) {
      throw new IllegalArgumentException("need >= 1 data rows");
    }
    // two passes, the deviations scaled by the largest: f² overflows for |f| > 1e154, and
    // Σf² − (Σf)²/n loses the spread to cancellation long before
    double mean = 0;
    for (int k = 0; k < rows; k++) {
      mean += (negativeFreeEnergies[k] - mean) / (k + 1);
    }
    double scale = 0;
    for (double f : negativeFreeEnergies) {
      scale = Math.max(scale, Math.abs(f - mean));
    }
    double spread = 0;
    if (rows > 1 && scale > 0) {
      double sumSq = 0;
      for (double f : negativeFreeEnergies) {
        double d = (f - mean) / scale;
        sumSq += d * d;
      }
      spread = scale * Math.sqrt(sumSq / ((double) (rows - 1) * rows));
    }
    return new LogLikelihood(mean - logPartitionVisible, standardError, spread);
  }

  /** Mean log-likelihood with its two error terms (nats per row). */
  public record LogLikelihood(double mean, double standardError, double dataStandardError) {}
}
