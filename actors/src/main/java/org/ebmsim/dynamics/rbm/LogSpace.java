package org.ebmsim.dynamics.rbm;

/** Numerically stable scalar functions used by free energies and log-weights. */
public final class LogSpace {
  private static final double LOG_2 = Math.log(2);

  private LogSpace() {}

  /** {@code log(1 + eˣ)} without overflow. */
  public static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * {@link #softplus} of a float32 field, for the free energies chains report while sampling:
   * {@code log(1 + y)} in place of {@code log1p(y)} (y = e^{−|x|} ≤ 1) costs an absolute error
   * below 2.3e-16 per term, far below the field's own float32 rounding, and runs on the JIT's
   * log intrinsic (about 20% faster per sweep's worth of hidden units).
   */
  public static double softplusOfFloat(float x) {
    return Math.max(x, 0) + Math.log(1 + Math.exp(-Math.abs((double) x)));
  }

  /** {@link #logTwoCosh} of a float32 field, computed like {@link #softplusOfFloat}. */
  public static double logTwoCoshOfFloat(float x) {
    double a = Math.abs((double) x);
    return a + Math.log(1 + Math.exp(-2 * a));
  }

  /** {@code log(2 cosh x) = |x| + log(1 + e^{-2|x|})}. */
  public static double logTwoCosh(double x) {
    double a = Math.abs(x);
    return a + Math.log1p(Math.exp(-2 * a));
  }

  /** {@code log cosh x}. */
  public static double logCosh(double x) {
    return logTwoCosh(x) - LOG_2;
  }

  /** {@code 1/(1+e^{-x})}. */
  public static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  /** {@code log Σ_k e^{x_k}} over {@code x[from .. from+count)}; −∞ for an empty range. */
  public static double logSumExp(double[] x, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = from; k < from + count; k++) {
      max = Math.max(max, x[k]);
    }
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
      return max;
    }
    double sum = 0;
    for (int k = from; k < from + count; k++) {
      sum += Math.exp(x[k] - max);
    }
    return max + Math.log(sum);
  }

  /** {@code log Σ_k e^{x_k}} over all of {@code x}. */
  public static double logSumExp(double[] x) {
    return logSumExp(x, 0, x.length);
  }
}
