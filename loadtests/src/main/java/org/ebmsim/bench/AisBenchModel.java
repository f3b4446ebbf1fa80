package org.ebmsim.bench;

import org.ebmsim.dynamics.rbm.BinaryRbm;

/**
 * The 784 × 500 binary RBM the AIS benchmarks run on, built from a formula rather than a random
 * generator so that {@code loadtests/scripts/numpy_ais.py} builds the same parameters bit for bit:
 * every parameter is {@code low + width·u} with {@code u = (splitmix64(stream·2³² + (k+1)·golden)
 * >>> 11)·2⁻⁵³}, a double both languages compute identically. W is uniform with standard
 * deviation 0.1, visible biases lie in [−2, 0) and hidden biases in [−1, 0), so fields have a
 * spread of a few units, as in a trained MNIST-sized model, and log Z is far from its base's.
 */
public final class AisBenchModel {
  public static final int VISIBLE = 784;
  public static final int HIDDEN = 500;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double WEIGHT_HALF_WIDTH = 0.1 * Math.sqrt(3.0);

  private AisBenchModel() {}

  public static double[] weights() {
    double[] u = uniforms(1, VISIBLE * HIDDEN);
    for (int k = 0; k < u.length; k++) {
      u[k] = -WEIGHT_HALF_WIDTH + 2 * WEIGHT_HALF_WIDTH * u[k];
    }
    return u;
  }

  public static double[] visibleBias() {
    double[] u = uniforms(2, VISIBLE);
    for (int k = 0; k < u.length; k++) {
      u[k] = -2.0 + 2.0 * u[k];
    }
    return u;
  }

  public static double[] hiddenBias() {
    double[] u = uniforms(3, HIDDEN);
    for (int k = 0; k < u.length; k++) {
      u[k] = -1.0 + 1.0 * u[k];
    }
    return u;
  }

  public static BinaryRbm rbm() {
    return BinaryRbm.of(VISIBLE, HIDDEN, weights(), visibleBias(), hiddenBias());
  }

  private static double[] uniforms(long stream, int n) {
    double[] u = new double[n];
    for (int k = 0; k < n; k++) {
      long z = (stream << 32) + (k + 1) * GOLDEN;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      u[k] = (z >>> 11) * 0x1.0p-53;
    }
    return u;
  }
}
