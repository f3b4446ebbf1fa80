package org.ebmsim.dynamics.tempering;

/**
 * The global communication barrier of a ladder and the schedule that shares it equally (Syed,
 * Bouchard-Côté, Deligiannidis & Doucet 2021, Algorithm 4 with piecewise-linear interpolation).
 * With rejection rates {@code r_k} between neighbours k, k+1, the cumulative barrier
 * {@code Λ(β_k) = Σ_{j<k} r_j} is interpolated linearly in β between ladder points; the new ladder
 * keeps both ends and places β'_k where {@code Λ(β'_k) = k Λ / (K − 1)}, so every neighbour pair
 * gets an equal share {@code Λ/(K−1)} of the rejections.
 */
public final class CommunicationBarrier {
  private CommunicationBarrier() {}

  /** {@code Λ = Σ_k r_k}. */
  public static double total(double[] rejection) {
    double sum = 0;
    for (double r : rejection) {
      sum += r;
    }
    return sum;
  }

  /**
   * The re-placed ladder.
   *
   * @param betas inverse temperatures in ladder order (any monotone order; both ends are kept)
   * @param rejection {@code betas.length − 1} rejection rates in [0, 1] of the neighbour pairs
   * @return new inverse temperatures in the same order; {@code betas} unchanged when Λ = 0
   */
  public static double[] equalize(double[] betas, double[] rejection) {
    int k = betas.length;
    if (rejection.length != k - 1) {
      throw new IllegalArgumentException("need " + (k - 1) + " rejection rates (got " + rejection.length + ")");
    }
    double[] cumulative = new double[k];
    for (int j = 1; j < k; j++) {
      double r = rejection[j - 1];
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("rejection rate " + r + " of pair " + (j - 1) + " is not in [0, 1]");
      }
      cumulative[j] = cumulative[j - 1] + r;
    }
    double lambda = cumulative[k - 1];
    if (lambda <= 0) {
      return betas.clone();
    }
    double[] out = new double[k];
    out[0] = betas[0];
    out[k - 1] = betas[k - 1];
    int segment = 0;
    for (int i = 1; i < k - 1; i++) {
      double target = lambda * i / (k - 1);
      while (segment < k - 2 && cumulative[segment + 1] < target) {
        segment++;
      }
      double lo = cumulative[segment];
      double hi = cumulative[segment + 1];
      double w = hi > lo ? (target - lo) / (hi - lo) : 1;
      out[i] = betas[segment] + w * (betas[segment + 1] - betas[segment]);
    }
    return out;
  }
}
