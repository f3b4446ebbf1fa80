package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

/**
 * Training of {@link BinaryRbm}. From {@code F(v) = −bᵀv − Σ_j log(1 + e^{u_j})}, {@code u = c + Wᵀv}:
 * {@code −∂F/∂W_ij = v_i σ(u_j)}, {@code −∂F/∂b_i = v_i}, {@code −∂F/∂c_j = σ(u_j)}, so the hidden
 * mean is {@code m = σ(u)} and a = g = 1.
 */
final class BinaryRbmTrainingRule extends RbmTrainingRule {
  private final BinaryRbm rbm;

  BinaryRbmTrainingRule(BinaryRbm rbm) {
    this.rbm = rbm;
  }

  @Override
  void hiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset, float[] sample,
      SplittableRandom rng) {
    bernoulliHiddenMeans(x, xOffset, c, rows, p, mean, meanOffset, sample, rng);
  }

  /** One fused pass per row: {@code v_i = 1 if U < σ(y_i + b_i)}, the row's uniforms from one key of {@code rng}. */
  @Override
  void sampleVisible(float[] y, float[] b, int rows, int n, float[] out, int outOffset, SplittableRandom rng) {
    ElementwiseKernels kernels = Kernels.get();
    for (int r = 0; r < rows; r++) {
      kernels.bernoulliLogit(y, r * n, b, out, outOffset + r * n, n, rng.nextLong());
    }
  }

  @Override
  void visibleMeans(float[] y, float[] b, int rows, int n, float[] out) {
    ElementwiseKernels kernels = Kernels.get();
    for (int r = 0; r < rows; r++) {
      kernels.sigmoid(y, r * n, b, out, r * n, n);
    }
  }

  /** Flipping v_i by d = 1 − 2v_i: {@code ΔF = −b_i d − Σ_j [softplus(u_j + d W_ij) − softplus(u_j)]}. */
  @Override
  double pseudoLogLikelihood(float[] v, int offset, double[] u, float[] w, float[] b, int n, int p) {
    double[] base = new double[p];
    for (int j = 0; j < p; j++) {
      base[j] = LogSpace.softplus(u[j]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = 1 - 2 * v[offset + i];
      double delta = -b[i] * d;
      int row = i * p;
      for (int j = 0; j < p; j++) {
        delta -= LogSpace.softplus(u[j] + d * w[row + j]) - base[j];
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
    return BinaryRbm.of(n, p, w, b, c);
  }
}
