package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.simd.FloatExp;

/**
 * Row-wise softmax in place on a row-major float32 block of logits, with each row's log-sum-exp,
 * its largest weight and where that weight sits.
 *
 * <p>Per row {@code z}: {@code m = max z}, {@code w_μ = exp(z_μ − m) / s}, {@code s = Σ exp(z_μ − m)},
 * {@code lse = m + log s}. Shifting by the maximum keeps every exponent ≤ 0, so nothing overflows
 * and the largest term is exactly 1 (hence {@code s ≥ 1} and the largest weight is {@code 1/s}).
 * The exponential is {@link FloatExp#exp} (float32, within 2 ulp; it clamps its argument at −87,
 * so a weight below e⁻⁸⁷/s ≈ 1.6·10⁻³⁸/s reads as that instead of a smaller number or 0). The sum
 * runs in double, so {@code lse} carries only the logits' own float error, not 10⁴ roundings of a
 * float sum.
 */
final class RowSoftmax {
  private RowSoftmax() {}

  /**
   * Replaces rows {@code [0, rows)} of {@code z} ({@code rows × cols}, row-major) by their softmax and
   * writes, for row r, {@code lse[at + r]}, {@code winner[at + r]} (index of the largest weight, the
   * first one on ties) and {@code maxWeight[at + r]}.
   *
   * @throws IllegalArgumentException if a row holds a non-finite logit (β·ξ·v overflowed float32)
   */
  static void apply(float[] z, int rows, int cols, double[] lse, int[] winner, float[] maxWeight, int at) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int k = 0; k < cols; k++) {
        float x = z[o + k];
        if (x > max) {
          max = x;
          arg = k;
        }
      }
      if (!Float.isFinite(max)) {
        throw new IllegalArgumentException("logits beta*xi_mu.v of query row " + r + " are not finite in float32"
            + " (largest " + max + "); lower beta or rescale patterns and queries");
      }
      double sum = exponentiate(z, o, cols, max);
      // a NaN logit does not win the max scan above, but it turns the sum into NaN
      if (Double.isNaN(sum)) {
        throw new IllegalArgumentException("logits beta*xi_mu.v of query row " + r + " contain NaN");
      }
      float inverse = (float) (1.0 / sum);
      for (int k = 0; k < cols; k++) {
        z[o + k] *= inverse;
      }
      lse[at + r] = max + Math.log(sum);
      winner[at + r] = arg;
      maxWeight[at + r] = inverse;
    }
  }

  /** {@code z[o+k] ← exp(z[o+k] − max)} for k in [0, n); returns their sum in double. */
  private static double exponentiate(float[] z, int o, int n, float max) {
    // four partial sums so that consecutive additions do not wait on each other
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      float e0 = FloatExp.exp(z[o + k] - max);
      float e1 = FloatExp.exp(z[o + k + 1] - max);
      float e2 = FloatExp.exp(z[o + k + 2] - max);
      float e3 = FloatExp.exp(z[o + k + 3] - max);
      z[o + k] = e0;
      z[o + k + 1] = e1;
      z[o + k + 2] = e2;
      z[o + k + 3] = e3;
      s0 += e0;
      s1 += e1;
      s2 += e2;
      s3 += e3;
    }
    for (; k < n; k++) {
      float e = FloatExp.exp(z[o + k] - max);
      z[o + k] = e;
      s0 += e;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
