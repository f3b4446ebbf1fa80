package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * Training of {@link GaussianBernoulliRbm} with its per-unit σ fixed (not learned). From
 * {@code F(v) = Σ_i (v_i − b_i)²/(2σ_i²) − Σ_j log(1 + e^{u_j})}, {@code u = c + Wᵀ(v/σ²)}:
 * {@code −∂F/∂W_ij = (v_i/σ_i²) σ(u_j)}, {@code −∂F/∂b_i = (v_i − b_i)/σ_i²},
 * {@code −∂F/∂c_j = σ(u_j)}. The {@code −b_i/σ_i²} is the same in the data and model averages
 * and cancels, so a = 1/σ², g = 1 and the hidden mean is {@code σ(u)}.
 */
final class GaussianBernoulliRbmTrainingRule extends RbmTrainingRule {
  private final GaussianBernoulliRbm rbm;
  private final double[] sd;
  private final float[] sdF;
  private final float[] inverseVariance;

  GaussianBernoulliRbmTrainingRule(GaussianBernoulliRbm rbm) {
    this.rbm = rbm;
    this.sd = rbm.visibleSd();
    this.sdF = new float[sd.length];
    this.inverseVariance = new float[sd.length];
    for (int i = 0; i < sd.length; i++) {
      sdF[i] = (float) sd[i];
      inverseVariance[i] = (float) (1 / (sd[i] * sd[i]));
    }
  }

  @Override
  float[] visibleScale() {
    return inverseVariance;
  }

  @Override
  void hiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset, float[] sample,
      SplittableRandom rng) {
    bernoulliHiddenMeans(x, xOffset, c, rows, p, mean, meanOffset, sample, rng);
  }

  /** {@code v_i ~ N(b_i + (Wh)_i, σ_i²)}. */
  @Override
  void sampleVisible(float[] y, float[] b, int rows, int n, float[] out, int outOffset, SplittableRandom rng) {
    for (int r = 0; r < rows; r++) {
      int yo = r * n;
      int oo = outOffset + r * n;
      for (int i = 0; i < n; i++) {
        out[oo + i] = y[yo + i] + b[i] + sdF[i] * (float) rng.nextGaussian();
      }
    }
  }

  @Override
  void visibleMeans(float[] y, float[] b, int rows, int n, float[] out) {
    for (int k = 0; k < rows * n; k++) {
      out[k] = y[k] + b[k % n];
    }
  }

  /** Undefined for real-valued units. */
  @Override
  double pseudoLogLikelihood(float[] v, int offset, double[] u, float[] w, float[] b, int n, int p) {
    return Double.NaN;
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    rbm.randomVisible(rng, out, offset);
  }

  @Override
  Rbm build(int n, int p, double[] w, double[] b, double[] c) {
    return GaussianBernoulliRbm.of(n, p, w, b, c, sd);
  }
}
