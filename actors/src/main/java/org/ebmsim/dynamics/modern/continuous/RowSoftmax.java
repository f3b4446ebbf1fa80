package org.ebmsim.dynamics.modern.continuous;

/**
 * Row-wise softmax in place on a row-major float32 block of logits, with each row's log-sum-exp,
 * its largest weight and where that weight sits.
 *
 * <p>Per row {@code z}: {@code m = max z}, {@code w_μ = exp(z_μ − m) / s}, {@code s = Σ exp(z_μ − m)},
 * {@code lse = m + log s}. Shifting by the maximum keeps every exponent ≤ 0, so nothing overflows
 * and the largest term is exactly 1 (hence {@code s ≥ 1} and the largest weight is {@code 1/s}).
 * The exponential is {@link org.ebmsim.dynamics.simd.FloatExp#exp}'s (float32, within 2 ulp; it
 * clamps its argument at −87, so a weight below e⁻⁸⁷/s ≈ 1.6·10⁻³⁸/s reads as that instead of a
 * smaller number or 0). The element-wise passes run on SIMD lanes where available ({@link SoftmaxKernels}).
 *
 * <p>Implementation notes. One row (p floats, 40 KB for p = 10⁴) stays in cache across the passes:
 * max, first index of the max, exponentials, sum, scaling. The sum runs in double over eight
 * interleaved partial sums in a fixed order, so {@code lse} carries only the logits' own float
 * error, the additions do not wait on each other, and the result does not depend on the vector
 * width; the other passes are element-wise or exact, so the SIMD and scalar paths agree bit for bit.
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
    SoftmaxKernels kernels = SoftmaxKernels.get();
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      int end = o + cols;
      float max = kernels.max(z, o, end); // NaN if any logit is NaN, which the check below reports
      if (!Float.isFinite(max)) {
        throw new IllegalArgumentException("logits beta*xi_mu.v of query row " + r + " are not finite in float32"
            + " (largest " + max + "); lower beta or rescale patterns and queries");
      }
      int arg = kernels.indexOf(z, o, end, max);
      kernels.shiftedExp(z, o, end, max);
      double sum = sum(z, o, end);
      float inverse = (float) (1.0 / sum);
      for (int k = o; k < end; k++) {
        z[k] *= inverse;
      }
      lse[at + r] = max + Math.log(sum);
      winner[at + r] = arg - o;
      maxWeight[at + r] = inverse; // exp(0) = 1 exactly, so the largest weight is 1·(1/s)
    }
  }

  /** {@code Σ z[k]} for k in [from, to), in double: eight partial sums (k − from mod 8), combined pairwise. */
  static double sum(float[] z, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int k = from;
    for (; k + 7 < to; k += 8) {
      s0 += z[k];
      s1 += z[k + 1];
      s2 += z[k + 2];
      s3 += z[k + 3];
      s4 += z[k + 4];
      s5 += z[k + 5];
      s6 += z[k + 6];
      s7 += z[k + 7];
    }
    for (; k < to; k++) {
      s0 += z[k];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
