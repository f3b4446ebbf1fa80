package org.ebmsim.dynamics.modern.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.simd.FloatExp;
import org.junit.jupiter.api.Test;

/**
 * The softmax kernel: SIMD exponentials have FloatExp's bits; rows match a double-precision softmax
 * and log-sum-exp; overflowing logits are reported instead of turning into NaN weights.
 */
class RowSoftmaxTest {

  /** Surefire runs with the Vector API module, so on 256-bit hardware the SIMD path must be the one chosen. */
  @Test
  void simdKernels_areChosen_andGiveFloatExpBits() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "surefire must start the JVM with --add-modules jdk.incubator.vector");
    assertEquals(VectorSoftmaxKernels.worthwhile(), SoftmaxKernels.vectorized());
    SoftmaxKernels vector = new VectorSoftmaxKernels();
    SplittableRandom rng = new SplittableRandom(7);
    float[] special = {0f, -0f, 87f, -87f, 88f, -88f, 87.5f, -87.5f, 200f, -200f, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -1e-30f, 1e-7f, -1e-7f};
    for (int len : new int[] {1, 7, 8, 15, 16, 17, 33, 1000, 10_001}) {
      float[] z = new float[len + 5];
      for (int k = 0; k < z.length; k++) {
        z[k] = k % 29 == 3 ? special[k % special.length] : (float) (rng.nextDouble(-95, 90));
      }
      float shift = len % 2 == 0 ? 0f : 1.5f;
      float[] expected = z.clone();
      for (int k = 2; k < 2 + len; k++) {
        expected[k] = FloatExp.exp(z[k] - shift);
      }
      float[] scalar = z.clone();
      new ScalarSoftmaxKernels().shiftedExp(scalar, 2, 2 + len, shift);
      float[] simd = z.clone();
      vector.shiftedExp(simd, 2, 2 + len, shift);
      assertArrayEquals(expected, scalar, "scalar, length " + len);
      assertArrayEquals(expected, simd, "SIMD, length " + len);
    }
  }

  /** Maximum and search agree between SIMD and scalar, including signed zeros, infinities and NaN. */
  @Test
  void simdMaxAndIndexOf_agreeWithScalar() {
    SoftmaxKernels vector = new VectorSoftmaxKernels();
    SoftmaxKernels scalar = new ScalarSoftmaxKernels();
    SplittableRandom rng = new SplittableRandom(9);
    float[] special = {0f, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 5f};
    for (int len : new int[] {1, 3, 8, 15, 16, 17, 40, 1000, 10_001}) {
      for (int trial = 0; trial < 20; trial++) {
        float[] z = new float[len + 4];
        for (int k = 0; k < z.length; k++) {
          z[k] = rng.nextInt(8) == 0 ? special[rng.nextInt(trial < 10 ? 4 : special.length)]
              : (float) rng.nextGaussian();
        }
        float m = scalar.max(z, 2, 2 + len);
        assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(vector.max(z, 2, 2 + len)),
            "max, length " + len);
        float probe = rng.nextBoolean() ? m : z[2 + rng.nextInt(len)];
        assertEquals(scalar.indexOf(z, 2, 2 + len, probe), vector.indexOf(z, 2, 2 + len, probe),
            "indexOf " + probe + ", length " + len);
      }
      float[] absent = new float[len];
      assertEquals(len, vector.indexOf(absent, 0, len, 1f));
      assertEquals(len, scalar.indexOf(absent, 0, len, 1f));
    }
  }

  @Test
  void apply_matchesDoubleSoftmax_andReportsLogSumExpWinnerAndMaxWeight() {
    SplittableRandom rng = new SplittableRandom(8);
    int rows = 6;
    int cols = 1003;
    float[] z = new float[rows * cols];
    for (int k = 0; k < z.length; k++) {
      z[k] = (float) (rng.nextGaussian() * (k / cols + 1) * 5 + 300); // large offsets: exp(z) overflows unshifted
    }
    z[2 * cols + 17] = 400f; // clear winner in row 2
    float[] original = z.clone();
    double[] lse = new double[rows + 1];
    int[] winner = new int[rows + 1];
    float[] top = new float[rows + 1];
    RowSoftmax.apply(z, rows, cols, lse, winner, top, 1);
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      int arg = -1;
      for (int k = 0; k < cols; k++) {
        if (original[r * cols + k] > max) {
          max = original[r * cols + k];
          arg = k;
        }
      }
      double s = 0;
      for (int k = 0; k < cols; k++) {
        s += Math.exp(original[r * cols + k] - max);
      }
      // float32 exponentials (2 ulp) move log s by at most ~2.4e-7
      assertEquals(max + Math.log(s), lse[r + 1], 3e-7, "lse row " + r);
      assertEquals(arg, winner[r + 1]);
      assertEquals(1 / s, top[r + 1], 1e-6 / s);
      double total = 0;
      for (int k = 0; k < cols; k++) {
        // FloatExp clamps its argument at −87: smaller weights read as e^−87/s (documented)
        double w = Math.exp(Math.max(original[r * cols + k] - max, -87)) / s;
        assertEquals(w, z[r * cols + k], 3e-7 * w, "row " + r + " col " + k);
        total += z[r * cols + k];
      }
      assertEquals(1, total, 1e-5);
    }
    assertEquals(17, winner[3]);
    assertTrue(top[3] > 0.999f);
  }

  @Test
  void apply_firstOfTiedMaxima_wins() {
    float[] z = {1, 5, 2, 5};
    int[] winner = new int[1];
    float[] top = new float[1];
    RowSoftmax.apply(z, 1, 4, new double[1], winner, top, 0);
    assertEquals(1, winner[0]);
    assertEquals(z[1], z[3]);
    assertEquals(top[0], z[1]);
  }

  @Test
  void apply_rejectsOverflowedLogits() {
    for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
      float[] z = {0, 1, 2, 3, bad, 1};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RowSoftmax.apply(z, 2, 3, new double[2], new int[2], new float[2], 0));
      assertTrue(e.getMessage().startsWith("logits beta*xi_mu.v of query row 1 are not finite in float32"),
          e.getMessage());
    }
  }
}
