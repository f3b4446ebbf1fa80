package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;

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

  /**
   * The RBM whose Boltzmann law is {@code rbm}'s at temperature t, by rescaling its parameters
   * (binary and ±1: W/t, b/t, c/t; binary–Gaussian: β/t; Gaussian–Bernoulli: σ√t and c/t). Test
   * support: the engine samples at t by scaling fields instead, and the tests compare the two.
   */
  public static Rbm atTemperature(Rbm rbm, double t) {
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    if (rbm instanceof BinaryRbm) {
      return BinaryRbm.of(v, h, scale(rbm.weights(), t), scale(rbm.visibleBias(), t), scale(rbm.hiddenBias(), t));
    }
    if (rbm instanceof SpinRbm) {
      return SpinRbm.of(v, h, scale(rbm.weights(), t), scale(rbm.visibleBias(), t), scale(rbm.hiddenBias(), t));
    }
    if (rbm instanceof BinaryGaussianRbm g) {
      return BinaryGaussianRbm.of(v, h, g.weights(), g.visibleBias(), g.hiddenBias(), g.inverseTemperature() / t);
    }
    GaussianBernoulliRbm g = (GaussianBernoulliRbm) rbm;
    double[] sd = g.visibleSd();
    for (int i = 0; i < sd.length; i++) {
      sd[i] *= Math.sqrt(t);
    }
    return GaussianBernoulliRbm.of(v, h, g.weights(), g.visibleBias(), scale(g.hiddenBias(), t), sd);
  }

  private static double[] scale(double[] a, double t) {
    double[] out = a.clone();
    for (int k = 0; k < out.length; k++) {
      out[k] /= t;
    }
    return out;
  }

  /** Chains of {@code rbm} from random states, sampled by the production kernels. */
  public static BatchSampler chains(Rbm rbm, long seed, long firstChain, int chains, Gemm gemm) {
    return BatchSampler.random(new RbmSampling(rbm), seed, firstChain, chains, SamplerKind.GIBBS, gemm);
  }

  /** The live visible states of a batch (chains × V). */
  public static float[] visible(BatchSampler chains) {
    return chains.layer(0).states().floats();
  }

  /** The live hidden states of a batch (chains × H). */
  public static float[] hidden(BatchSampler chains) {
    return chains.layer(1).states().floats();
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
