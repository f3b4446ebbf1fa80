package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.UnitSampling;

/**
 * Training of {@link SpinRbm}. From {@code F(s) = −bᵀs − Σ_j log(2 cosh u_j)}, {@code u = c + Wᵀs}:
 * {@code −∂F/∂W_ij = s_i tanh(u_j)}, {@code −∂F/∂b_i = s_i}, {@code −∂F/∂c_j = tanh(u_j)}; the hidden
 * mean is {@code E[h_j | s] = tanh(u_j)} and a = g = 1.
 */
final class SpinRbmTrainingRule extends RbmTrainingRule {
  private final SpinRbm rbm;

  SpinRbmTrainingRule(SpinRbm rbm) {
    this.rbm = rbm;
  }

  /** {@code m = tanh(u)}; {@code P(h = +1) = σ(2u) = (1 + m)/2}. */
  @Override
  void hiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset, float[] sample,
      SplittableRandom rng) {
    for (int r = 0; r < rows; r++) {
      int xo = xOffset + r * p;
      int mo = meanOffset + r * p;
      int so = r * p;
      for (int j = 0; j < p; j++) {
        float m = (float) Math.tanh(x[xo + j] + c[j]);
        mean[mo + j] = m;
        if (sample != null) {
          sample[so + j] = 2 * uniform(rng) - 1 < m ? 1f : -1f;
        }
      }
    }
  }

  @Override
  void sampleVisible(float[] y, float[] b, int rows, int n, float[] out, int outOffset, SplittableRandom rng) {
    for (int r = 0; r < rows; r++) {
      int yo = r * n;
      int oo = outOffset + r * n;
      for (int i = 0; i < n; i++) {
        out[oo + i] = UnitSampling.bernoulliLogit(2.0 * (y[yo + i] + b[i]), rng) ? 1f : -1f;
      }
    }
  }

  @Override
  void visibleMeans(float[] y, float[] b, int rows, int n, float[] out) {
    for (int k = 0; k < rows * n; k++) {
      out[k] = (float) Math.tanh(y[k] + b[k % n]);
    }
  }

  /** Flipping s_i by d = −2s_i: {@code ΔF = −b_i d − Σ_j [log 2cosh(u_j + d W_ij) − log 2cosh(u_j)]}. */
  @Override
  double pseudoLogLikelihood(float[] v, int offset, double[] u, float[] w, float[] b, int n, int p) {
    double[] base = new double[p];
    for (int j = 0; j < p; j++) {
      base[j] = LogSpace.logTwoCosh(u[j]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = -2 * v[offset + i];
      double delta = -b[i] * d;
      int row = i * p;
      for (int j = 0; j < p; j++) {
        delta -= LogSpace.logTwoCosh(u[j] + d * w[row + j]) - base[j];
      }
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
    return SpinRbm.of(n, p, w, b, c);
  }
}
