package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.UnitSampling;

/**
 * Training of {@link BinaryGaussianRbm} at its fixed β (β is not learned).
 *
 * <p>Gradient, from the marginal Ising form (λ integrated out, MATH.md §3):
 * {@code log p(s) = −βH(s) − log Z_visible} with {@code −βH(s) = β(bᵀs + ½‖Wᵀs‖² + cᵀWᵀs)}, so
 * <ul>
 *   <li>{@code ∂(−βH)/∂W_iμ = β(s_i (Wᵀs)_μ + s_i c_μ) = β s_i (c + Wᵀs)_μ = β s_i E[λ_μ | s]};
 *   <li>{@code ∂(−βH)/∂b_i = β s_i};
 *   <li>{@code ∂(−βH)/∂c_μ = β (Wᵀs)_μ = β (E[λ_μ | s] − c_μ)}.
 * </ul>
 * {@code ∂ log Z_visible/∂θ = ⟨∂(−βH)/∂θ⟩_model}, so each gradient is β·(data average − model
 * average) of the same expression; the {@code −c_μ} of the hidden-bias term is the same in both
 * averages and cancels. Hence the hidden mean {@code m = E[λ | s] = c + Wᵀs} (the positive phase of
 * the mapping paper's eq. E.3), a = 1 and g = β. The negative phase averages {@code s_i m_μ(s)} over
 * chain states s, which has the same expectation as {@code s_i λ_μ} and less variance.
 */
final class BinaryGaussianRbmTrainingRule extends RbmTrainingRule {
  private final BinaryGaussianRbm rbm;
  private final double beta;
  private final float hiddenSd;

  BinaryGaussianRbmTrainingRule(BinaryGaussianRbm rbm) {
    this.rbm = rbm;
    this.beta = rbm.inverseTemperature();
    this.hiddenSd = (float) (1 / Math.sqrt(beta));
  }

  @Override
  double gradientScale() {
    return beta;
  }

  /** {@code m = c + Wᵀs}; {@code λ ~ N(m, 1/β)}. */
  @Override
  void hiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset, float[] sample,
      SplittableRandom rng) {
    for (int r = 0; r < rows; r++) {
      int xo = xOffset + r * p;
      int mo = meanOffset + r * p;
      int so = r * p;
      for (int j = 0; j < p; j++) {
        float m = x[xo + j] + c[j];
        mean[mo + j] = m;
        if (sample != null) {
          sample[so + j] = m + hiddenSd * (float) rng.nextGaussian();
        }
      }
    }
  }

  /** {@code P(s_i = +1 | λ) = σ(2β(b_i + (Wλ)_i))}. */
  @Override
  void sampleVisible(float[] y, float[] b, int rows, int n, float[] out, int outOffset, SplittableRandom rng) {
    double twoBeta = 2 * beta;
    for (int r = 0; r < rows; r++) {
      int yo = r * n;
      int oo = outOffset + r * n;
      for (int i = 0; i < n; i++) {
        out[oo + i] = UnitSampling.bernoulliLogit(twoBeta * (y[yo + i] + b[i]), rng) ? 1f : -1f;
      }
    }
  }

  @Override
  void visibleMeans(float[] y, float[] b, int rows, int n, float[] out) {
    for (int k = 0; k < rows * n; k++) {
      out[k] = (float) Math.tanh(beta * (y[k] + b[k % n]));
    }
  }

  /**
   * {@code F(s) = β(−bᵀs + ½‖c‖² − ½‖u‖²)}; flipping s_i by d = −2s_i moves u by d·W_i, so
   * {@code ΔF = β(−b_i d − d W_i·u − ½ d² ‖W_i‖²)}: no exponentials.
   */
  @Override
  double pseudoLogLikelihood(float[] v, int offset, double[] u, float[] w, float[] b, int n, int p) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = -2 * v[offset + i];
      int row = i * p;
      double wu = 0;
      double ww = 0;
      for (int j = 0; j < p; j++) {
        double wij = w[row + j];
        wu += wij * u[j];
        ww += wij * wij;
      }
      double delta = beta * (-b[i] * d - d * wu - 0.5 * d * d * ww);
      sum -= LogSpace.softplus(-delta);
    }
    return sum;
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    rbm.randomVisible(rng, out, offset);
  }

  @Override
  Rbm build(int n, int p, double[] w, double[] b, double[] c) {
    return BinaryGaussianRbm.of(n, p, w, b, c, beta);
  }
}
