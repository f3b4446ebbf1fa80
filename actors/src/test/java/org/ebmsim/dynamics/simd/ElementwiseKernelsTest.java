package org.ebmsim.dynamics.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels give the scalar kernels' bits (so results do not depend on the JVM flags or the
 * vector width), and the scalar definitions are right: the exponential against {@link Math#exp},
 * the counter uniforms against {@link SplittableRandom}, the draws against their probabilities.
 */
class ElementwiseKernelsTest {
  private final ScalarKernels scalar = new ScalarKernels();
  private final ElementwiseKernels vector = vectorKernels();

  /** The tests run with the module (surefire's argLine): the SIMD kernels must then be the ones chosen. */
  private static ElementwiseKernels vectorKernels() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "surefire must start the JVM with --add-modules jdk.incubator.vector");
    assertTrue(Kernels.vectorized() || !VectorKernels.worthwhile(), Kernels.describe());
    return new VectorKernels();
  }

  /** Logits over the whole range, with the edges of the clamp, zeros, infinities and NaN mixed in. */
  private static float[] logits(int length, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] special = {0f, -0f, 87f, -87f, 88f, -88f, 87.5f, -87.5f, 200f, -200f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, 1e-30f, -1e-30f};
    float[] x = new float[length];
    for (int k = 0; k < length; k++) {
      x[k] = k % 37 == 5 ? special[k % special.length] : (float) (rng.nextGaussian() * (k % 3 == 0 ? 40 : 3));
    }
    return x;
  }

  @Test
  void vectorSlabSumsHaveTheScalarBits() {
    SplittableRandom rng = new SplittableRandom(11);
    float[] table = new float[64 * ElementwiseKernels.SLAB + 5];
    for (int k = 0; k < table.length; k++) {
      table[k] = (float) (rng.nextGaussian() * (k % 7 == 0 ? 1e4 : 1)); // cancellations: order matters
    }
    for (int groups : new int[] {1, 2, 3, 4, 5, 7, 8, 13, 40}) {
      int[] offsets = new int[3 + groups];
      for (int g = 0; g < offsets.length; g++) {
        offsets[g] = rng.nextInt(64) * ElementwiseKernels.SLAB;
      }
      float[] a = new float[ElementwiseKernels.SLAB + 2];
      float[] b = new float[ElementwiseKernels.SLAB + 2];
      scalar.sumSlabRows(table, 5, offsets, 3, groups, a, 2);
      vector.sumSlabRows(table, 5, offsets, 3, groups, b, 2);
      assertArrayEquals(a, b, "slab sums, groups " + groups);
      // the documented order, written out for one column
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      int whole = groups & ~3;
      for (int g = 0; g < groups; g++) {
        float t = table[5 + offsets[3 + g] + 9];
        if (g >= whole || g % 4 == 0) {
          s0 += t;
        } else if (g % 4 == 1) {
          s1 += t;
        } else if (g % 4 == 2) {
          s2 += t;
        } else {
          s3 += t;
        }
      }
      assertEquals((s0 + s1) + (s2 + s3), a[2 + 9], "order, groups " + groups);
    }
  }

  @Test
  void vectorSigmoidAndDrawsHaveTheScalarBits() {
    for (int len : new int[] {1, 7, 8, 15, 16, 17, 500, 784, 1001}) {
      int offset = len % 5;
      float[] x = logits(offset + len, len);
      float[] bias = logits(len, len + 1);
      float[] a = new float[offset + len + 3];
      float[] b = new float[offset + len + 3];
      scalar.sigmoid(x, offset, bias, a, 3, len);
      vector.sigmoid(x, offset, bias, b, 3, len);
      assertArrayEquals(a, b, "sigmoid, length " + len);

      float[] p = new float[len];
      for (int k = 0; k < len; k++) {
        p[k] = FloatExp.sigmoid(x[offset + k]);
      }
      long key = 0x5eedL * len;
      scalar.bernoulli(p, 0, a, 2, len, key);
      vector.bernoulli(p, 0, b, 2, len, key);
      assertArrayEquals(a, b, "bernoulli, length " + len);

      scalar.bernoulliLogit(x, offset, bias, a, 1, len, key);
      vector.bernoulliLogit(x, offset, bias, b, 1, len, key);
      assertArrayEquals(a, b, "bernoulliLogit, length " + len);
    }
  }

  @Test
  void vectorColumnSumsHaveTheScalarBits() {
    for (int cols : new int[] {1, 9, 16, 500, 784}) {
      int rows = 13;
      float[] x = logits(4 + rows * cols, cols);
      float[] y = x.clone();
      double[] s = new double[cols];
      double[] t = new double[cols];
      java.util.Arrays.fill(s, 0.25);
      java.util.Arrays.fill(t, 0.25);
      scalar.addColumns(x, 4, rows, cols, s, 1f);
      vector.addColumns(y, 4, rows, cols, t, 1f);
      assertArrayEquals(s, t, "sums, " + cols + " columns");
      assertArrayEquals(x, y);
      scalar.addColumns(x, 4, rows, cols, s, -0.37f);
      vector.addColumns(y, 4, rows, cols, t, -0.37f);
      assertArrayEquals(s, t, "sums then scale, " + cols + " columns");
      assertArrayEquals(x, y, "scaled entries, " + cols + " columns");
    }
  }

  @Test
  void vectorRowAdditionsHaveTheScalarBits_andRoundOncePerEntry() {
    for (int len : new int[] {1, 7, 8, 9, 1000, 1003}) {
      double[] x = new double[len + 5];
      float[] xf = new float[len + 5];
      double[] y = new double[len + 2];
      SplittableRandom rng = new SplittableRandom(len);
      for (int k = 0; k < x.length; k++) {
        x[k] = rng.nextGaussian() * 1e3;
        xf[k] = (float) x[k];
      }
      for (int k = 0; k < y.length; k++) {
        y[k] = rng.nextGaussian();
      }
      double[] a = y.clone();
      double[] b = y.clone();
      scalar.addScaled(x, 5, -2.0, a, 2, len);
      vector.addScaled(x, 5, -2.0, b, 2, len);
      assertArrayEquals(a, b, "double rows, length " + len);
      assertEquals(Math.fma(x[5], -2.0, y[2]), a[2]);
      double[] c = y.clone();
      double[] d = y.clone();
      scalar.addScaled(xf, 5, 2.0, c, 2, len);
      vector.addScaled(xf, 5, 2.0, d, 2, len);
      assertArrayEquals(c, d, "float rows, length " + len);
      assertEquals(Math.fma((double) xf[5], 2.0, y[2]), c[2]);
      assertEquals(y[0], c[0]); // outside the range: untouched
    }
  }

  @Test
  void columnSumsAddEachRowInOrderAndScaleAfterSumming() {
    float[] x = {1f, 2f, 3f, 4f, 5f, 6f};
    double[] sum = {10, 20};
    scalar.addColumns(x, 2, 2, 2, sum, 0.5f);
    assertArrayEquals(new double[] {18, 30}, sum);
    assertArrayEquals(new float[] {1f, 2f, 1.5f, 2f, 2.5f, 3f}, x);
  }

  /** Within 2 ulp of the correctly rounded e^t over the unclamped range (Math.exp is within 1 ulp in double). */
  @Test
  void exponentialIsWithinTwoUlp() {
    SplittableRandom rng = new SplittableRandom(9);
    int worst = 0;
    for (int k = 0; k < 2_000_000; k++) {
      float t = (float) (-87 + 175 * rng.nextDouble());
      float expected = (float) Math.exp(t);
      float got = FloatExp.exp(t);
      int ulps = Math.abs(Float.floatToIntBits(got) - Float.floatToIntBits(expected));
      worst = Math.max(worst, ulps);
    }
    assertTrue(worst <= 2, "worst error " + worst + " ulp");
    assertEquals(1f, FloatExp.exp(0f));
    assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
    assertEquals((float) Math.exp(88), FloatExp.exp(1000f), Math.ulp((float) Math.exp(88)) * 2);
    assertEquals((float) Math.exp(-87), FloatExp.exp(-1000f), Math.ulp((float) Math.exp(-87)) * 2);
  }

  @Test
  void sigmoidMatchesTheDoubleFormula() {
    for (float z = -100f; z <= 100f; z += 0.01f) {
      double exact = 1 / (1 + Math.exp(-z));
      float got = FloatExp.sigmoid(z);
      assertEquals(exact, got, 2e-7 * exact + 1e-38, "σ(" + z + ")");
    }
    assertEquals(0.5f, FloatExp.sigmoid(0f));
    assertEquals(1f, FloatExp.sigmoid(Float.POSITIVE_INFINITY));
    assertEquals(0f, FloatExp.sigmoid(Float.NEGATIVE_INFINITY), 1e-38);
  }

  /** The k-th counter uniform of key K is the top 24 bits of the k-th nextLong of SplittableRandom(K). */
  @Test
  void counterUniformsAreSplittableRandomsSequence() {
    for (long key : new long[] {0, 1, -7, 0x123456789abcdefL}) {
      SplittableRandom rng = new SplittableRandom(key);
      for (int k = 0; k < 1000; k++) {
        assertEquals((rng.nextLong() >>> 40) * 0x1.0p-24f, CounterUniform.at(key, k), "key " + key + ", k " + k);
      }
    }
  }

  /**
   * Draws at probability p, one key per row of 784 as the learners take them: the count of ones is
   * within 5 standard deviations of n·p for each p (a false alarm has probability ~6e-7 per p).
   */
  @Test
  void bernoulliFrequenciesMatchTheirProbabilities() {
    SplittableRandom keys = new SplittableRandom(11);
    float[] out = new float[784];
    for (float prob : new float[] {0.001f, 0.1f, 0.3f, 0.5f, 0.93f}) {
      float[] p = new float[784];
      java.util.Arrays.fill(p, prob);
      long ones = 0;
      int rows = 2000;
      for (int r = 0; r < rows; r++) {
        vector.bernoulli(p, 0, out, 0, 784, keys.nextLong());
        for (float v : out) {
          ones += (long) v;
        }
      }
      double n = 784.0 * rows;
      double sd = Math.sqrt(n * prob * (1 - prob));
      assertEquals(n * prob, ones, 5 * sd, "p = " + prob);
    }
  }
}
