package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * Visible biases {@code b_A} of the base-rate model {@code f_0(v) = e^{b_Aᵀv}} used to start AIS for
 * binary RBMs: matched to the data's marginals so the base is close to the target's visible layer.
 */
public final class BaseRates {
  private BaseRates() {}

  /** {@code b_A = 0}: the uniform base. */
  public static double[] uniform(int visibleUnits) {
    if (visibleUnits < 1) {
      throw new IllegalArgumentException("visibleUnits must be >= 1 (got " + visibleUnits + ")");
    }
    return new double[visibleUnits];
  }

  /**
   * Fits {@code b_A} to the marginals of data rows (entries {0,1}, or {−1,+1} when {@code spins}).
   * With {@code q_i = (#{v_i high} + a) / (M + 2a)} (a = pseudo-count, keeping q away from 0 and 1):
   * bits {@code b_A,i = log(q_i/(1−q_i))}; spins {@code b_A,i = ½ log(q_i/(1−q_i))} (so E[s_i] = 2q_i − 1).
   *
   * @param pseudoCount a &gt; 0, e.g. 1 (not modified: {@code data})
   */
  public static double[] fromData(FloatMatrix data, boolean spins, double pseudoCount) {
    if (data == null || data.rows() < 1) {
      throw new IllegalArgumentException("data must have >= 1 rows");
    }
    if (!(pseudoCount > 0) || !Double.isFinite(pseudoCount)) {
      throw new IllegalArgumentException("pseudoCount must be finite and > 0 (got " + pseudoCount + ")");
    }
    int n = data.cols();
    double[] high = new double[n];
    float[] d = data.data();
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < n; i++) {
        if (d[r * n + i] > 0) {
          high[i]++;
        }
      }
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      double q = (high[i] + pseudoCount) / (data.rows() + 2 * pseudoCount);
      double logit = Math.log(q / (1 - q));
      b[i] = spins ? 0.5 * logit : logit;
    }
    return b;
  }
}
