package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/** Random RBM instances with fixed seeds (test support). */
public final class TestModels {
  private TestModels() {}

  public static double[] gaussian(SplittableRandom rng, int size, double sd) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = sd * rng.nextGaussian();
    }
    return x;
  }

  public static BinaryRbm binary(int n, int p, double weightSd, double biasSd, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return BinaryRbm.of(n, p, gaussian(rng, n * p, weightSd), gaussian(rng, n, biasSd), gaussian(rng, p, biasSd));
  }

  public static SpinRbm spin(int n, int p, double weightSd, double biasSd, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return SpinRbm.of(n, p, gaussian(rng, n * p, weightSd), gaussian(rng, n, biasSd), gaussian(rng, p, biasSd));
  }

  public static BinaryGaussianRbm binaryGaussian(int n, int p, double weightSd, double biasSd, double beta,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return BinaryGaussianRbm.of(n, p, gaussian(rng, n * p, weightSd), gaussian(rng, n, biasSd),
        gaussian(rng, p, biasSd), beta);
  }

  public static GaussianBernoulliRbm gaussianBernoulli(int n, int p, double weightSd, double biasSd, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] sd = new double[n];
    for (int i = 0; i < n; i++) {
      sd[i] = 0.5 + rng.nextDouble();
    }
    return GaussianBernoulliRbm.of(n, p, gaussian(rng, n * p, weightSd), gaussian(rng, n, biasSd),
        gaussian(rng, p, biasSd), sd);
  }

  /** ±1 patterns, N × p row-major. */
  public static double[] randomPatterns(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] xi = new double[n * p];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? 1 : -1;
    }
    return xi;
  }
}
