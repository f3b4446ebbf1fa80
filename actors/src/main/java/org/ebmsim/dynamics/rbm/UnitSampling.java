package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * Element-wise conditional samplers shared by the RBM variants: given a field matrix
 * (chains × units, row-major) draw each unit independently. Row r draws only from {@code rngs[r]},
 * in unit order, so a chain's draws never depend on the other rows of its batch.
 */
final class UnitSampling {
  private UnitSampling() {}

  /**
   * {@code out = 1 with probability σ(gain·field) else 0}; units with {@code clamped[i]} are left
   * as they are in {@code out} and consume no random numbers. Modifies {@code out} and the rngs.
   */
  static void bernoulli(float[] field, int rows, int cols, double gain, SplittableRandom[] rngs,
      boolean[] clamped, float[] out) {
    for (int r = 0; r < rows; r++) {
      SplittableRandom rng = rngs[r];
      int base = r * cols;
      for (int i = 0; i < cols; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        double p = 1.0 / (1.0 + Math.exp(-gain * field[base + i]));
        out[base + i] = rng.nextDouble() < p ? 1f : 0f;
      }
    }
  }

  /** {@code out = +1 with probability σ(2·gain·field) else −1}; clamping as in {@link #bernoulli}. */
  static void spin(float[] field, int rows, int cols, double gain, SplittableRandom[] rngs, boolean[] clamped,
      float[] out) {
    double g2 = 2 * gain;
    for (int r = 0; r < rows; r++) {
      SplittableRandom rng = rngs[r];
      int base = r * cols;
      for (int i = 0; i < cols; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        double p = 1.0 / (1.0 + Math.exp(-g2 * field[base + i]));
        out[base + i] = rng.nextDouble() < p ? 1f : -1f;
      }
    }
  }

  /**
   * {@code out = field + sd_i · N(0,1)} with {@code sd_i = sd[i]} ({@code sd} of length cols) or the
   * scalar {@code sdAll} when {@code sd == null}; clamping as in {@link #bernoulli}.
   */
  static void gaussian(float[] field, int rows, int cols, double[] sd, double sdAll, SplittableRandom[] rngs,
      boolean[] clamped, float[] out) {
    for (int r = 0; r < rows; r++) {
      SplittableRandom rng = rngs[r];
      int base = r * cols;
      for (int i = 0; i < cols; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        double s = sd == null ? sdAll : sd[i];
        out[base + i] = (float) (field[base + i] + s * rng.nextGaussian());
      }
    }
  }
}
