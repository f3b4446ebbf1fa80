package org.ebmsim.dynamics.tempering;

import java.util.Arrays;

/**
 * Swap proposals of each neighbour pair (k, k+1) of a ladder, over all ladders, within one
 * window of rounds: proposals, acceptances, and the sum of the acceptance probabilities
 * {@code α = min(1, e^{(β_k − β_{k+1})(E_k − E_{k+1})})}. The rejection rate is estimated as
 * {@code 1 − mean α} (Rao–Blackwellized, as in Syed et al. 2021: less noisy than counting
 * rejections). Mutable, one owner.
 */
public final class SwapStatistics {
  private final long[] proposed;
  private final long[] accepted;
  private final double[] probability;

  SwapStatistics(int pairs) {
    proposed = new long[pairs];
    accepted = new long[pairs];
    probability = new double[pairs];
  }

  void record(int pair, double alpha, boolean accept) {
    proposed[pair]++;
    probability[pair] += alpha;
    if (accept) {
      accepted[pair]++;
    }
  }

  void reset() {
    Arrays.fill(proposed, 0);
    Arrays.fill(accepted, 0);
    Arrays.fill(probability, 0);
  }

  public int pairs() {
    return proposed.length;
  }

  public long proposed(int pair) {
    return proposed[pair];
  }

  public long accepted(int pair) {
    return accepted[pair];
  }

  /** Accepted / proposed per pair; NaN for a pair not yet proposed. */
  public double[] acceptance() {
    double[] out = new double[proposed.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = proposed[k] == 0 ? Double.NaN : (double) accepted[k] / proposed[k];
    }
    return out;
  }

  /** {@code r_k = 1 − mean α} per pair; NaN for a pair not yet proposed. */
  public double[] rejection() {
    double[] out = new double[proposed.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = proposed[k] == 0 ? Double.NaN : Math.min(1, Math.max(0, 1 - probability[k] / proposed[k]));
    }
    return out;
  }

  /** True once every pair has been proposed at least once. */
  public boolean complete() {
    for (long p : proposed) {
      if (p == 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code Λ = Σ r_k}, or NaN until every pair has been proposed. */
  public double barrier() {
    return complete() ? CommunicationBarrier.total(rejection()) : Double.NaN;
  }
}
