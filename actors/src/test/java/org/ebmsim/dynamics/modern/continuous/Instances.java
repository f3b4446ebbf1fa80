package org.ebmsim.dynamics.modern.continuous;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;

/** Seeded random patterns and queries for the tests, and the GEMMs they run on. */
final class Instances {
  private Instances() {}

  /** The pure-Java GEMM always; native OpenBLAS too when it loads. */
  static Stream<Gemm> gemms() {
    Gemm fallback = Gemm.javaFallback();
    Gemm best = Gemm.nativeOrFallback(1);
    return best.isNative() ? Stream.of(fallback, best) : Stream.of(fallback);
  }

  /** {@code rows × cols} with independent N(0, scale²) entries. */
  static FloatMatrix gaussian(SplittableRandom rng, int rows, int cols, double scale) {
    float[] x = new float[rows * cols];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (scale * rng.nextGaussian());
    }
    return FloatMatrix.wrap(rows, cols, x);
  }

  /** {@code rows × cols} with independent entries ±scale, each sign with probability ½. */
  static FloatMatrix signs(SplittableRandom rng, int rows, int cols, float scale) {
    float[] x = new float[rows * cols];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextBoolean() ? scale : -scale;
    }
    return FloatMatrix.wrap(rows, cols, x);
  }

  /** Row {@code r} of {@code m} in double. */
  static double[] row(FloatMatrix m, int r) {
    double[] x = new double[m.cols()];
    for (int i = 0; i < x.length; i++) {
      x[i] = m.get(r, i);
    }
    return x;
  }
}
