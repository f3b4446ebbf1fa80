package org.ebmsim.dynamics.train.dbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * One layer of a batch of DBM states (rows of {@code x[l]}, float32) drawn from its conditional
 * given both neighbours at T = 1: {@code z = b_l + x_{l−1} W_{l−1} + x_{l+1} W_lᵀ} by two GEMMs,
 * then binary {@code P(1) = σ(z)}, mean σ(z); spins {@code P(+1) = σ(2z)}, mean tanh z (MATH §1).
 * Layers of one parity are conditionally independent given the other, so sampling all odd (or all
 * even) layers in any order is one exact block-Gibbs step.
 */
final class DbmBlockGibbs {
  private final DbmParameters p;
  private final Gemm gemm;
  private float[] z = new float[0];

  DbmBlockGibbs(DbmParameters p, Gemm gemm) {
    this.p = p;
    this.gemm = gemm;
  }

  /** {@code z} (rows × n_l) = the total field of layer l's units. */
  float[] field(float[][] x, int rows, int l) {
    int n = p.sizes[l];
    if (z.length < rows * n) {
      z = new float[rows * n];
    }
    float[] bias = p.bf[l];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(bias, 0, z, r * n, n);
    }
    if (l > 0) {
      int below = p.sizes[l - 1];
      gemm.sgemm(false, false, rows, n, below, 1f, x[l - 1], below, p.wf[l - 1], n, 1f, z, n);
    }
    if (l + 1 < p.layers()) {
      int above = p.sizes[l + 1];
      gemm.sgemm(false, true, rows, n, above, 1f, x[l + 1], above, p.wf[l], above, 1f, z, n);
    }
    return z;
  }

  /**
   * Samples layer l of {@code rows} states in place, writing the conditional means (given the
   * neighbours the sample was drawn from) into {@code means} when it is not null.
   */
  void sample(float[][] x, int rows, int l, float[] means, SplittableRandom random) {
    float[] f = field(x, rows, l);
    float[] s = x[l];
    int count = rows * p.sizes[l];
    float low = p.low;
    if (p.spins) {
      for (int k = 0; k < count; k++) {
        double up = sigmoid(2.0 * f[k]);
        s[k] = random.nextDouble() < up ? 1f : low;
        if (means != null) {
          means[k] = (float) Math.tanh(f[k]);
        }
      }
    } else {
      for (int k = 0; k < count; k++) {
        double up = sigmoid(f[k]);
        s[k] = random.nextDouble() < up ? 1f : low;
        if (means != null) {
          means[k] = (float) up;
        }
      }
    }
  }

  /** Conditional means of layer l given its neighbours in {@code x}, into {@code means}. */
  void means(float[][] x, int rows, int l, float[] means) {
    float[] f = field(x, rows, l);
    int count = rows * p.sizes[l];
    for (int k = 0; k < count; k++) {
      means[k] = (float) (p.spins ? Math.tanh(f[k]) : sigmoid(f[k]));
    }
  }

  /** Fills layer l of {@code rows} states with independent fair coin flips. */
  void randomize(float[][] x, int rows, int l, SplittableRandom random) {
    int count = rows * p.sizes[l];
    for (int k = 0; k < count; k++) {
      x[l][k] = random.nextBoolean() ? 1f : p.low;
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  long heapBytes() {
    return 4L * z.length + 32;
  }
}
