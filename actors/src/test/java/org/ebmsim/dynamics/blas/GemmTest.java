package org.ebmsim.dynamics.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {

  /** Reference: C = α·op(A)·op(B) + β·C with plain index arithmetic, in double. */
  private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a,
      double[] b, double beta, double[] c) {
    double[] out = c.clone();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = ta ? a[p * m + i] : a[i * k + p];
          double bpj = tb ? b[j * k + p] : b[p * n + j];
          s += aip * bpj;
        }
        out[i * n + j] = alpha * s + beta * c[i * n + j];
      }
    }
    return out;
  }

  private static double[] random(SplittableRandom rng, int size, boolean sparse) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = sparse && rng.nextBoolean() ? 0 : rng.nextDouble(-1, 1);
    }
    return x;
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  private static void checkAgainstReference(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(7);
    int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 9, 33}, {64, 31, 50}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        double[] a = random(rng, m * k, t == 0);
        double[] b = random(rng, k * n, false);
        double[] c = random(rng, m * n, false);
        double alpha = 0.75;
        double beta = t == 3 ? 0 : -0.5;
        double[] want = reference(ta, tb, m, n, k, alpha, a, b, beta, c);
        double[] gotD = c.clone();
        gemm.dgemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, beta, gotD, n);
        float[] gotF = toFloat(c);
        gemm.sgemm(ta, tb, m, n, k, (float) alpha, toFloat(a), ta ? m : k, toFloat(b), tb ? k : n, (float) beta,
            gotF, n);
        for (int q = 0; q < want.length; q++) {
          String where = gemm.getClass().getSimpleName() + " m=" + m + " n=" + n + " k=" + k + " transA=" + ta
              + " transB=" + tb + " entry " + q;
          assertEquals(want[q], gotD[q], 1e-12 * (1 + k), "dgemm " + where);
          assertEquals(want[q], gotF[q], 2e-6 * (1 + k), "sgemm " + where);
        }
      }
    }
  }

  @Test
  void javaGemm_matchesReferenceForAllTransposes() {
    checkAgainstReference(Gemm.javaFallback());
  }

  @Test
  void nativeGemm_matchesReferenceForAllTransposes() {
    assumeTrue(NativeGemm.available(), "native OpenBLAS not available");
    checkAgainstReference(Gemm.nativeOrFallback(1));
  }

  @Test
  void nativeOpenBlas_loadsOnLinuxX86_64() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"));
    assumeTrue(!"java".equalsIgnoreCase(System.getProperty("ebmsim.blas", "")));
    Gemm g = Gemm.nativeOrFallback(1);
    assertTrue(g.isNative(), "the org.bytedeco openblas linux-x86_64 jar is on the classpath but did not load");
  }

  @Test
  void nativeAndJava_agreeOnRbmSizedProduct() {
    assumeTrue(NativeGemm.available(), "native OpenBLAS not available");
    SplittableRandom rng = new SplittableRandom(11);
    int m = 100;
    int k = 78;
    int n = 50;
    float[] a = new float[m * k];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextBoolean() ? 1f : 0f;
    }
    float[] b = toFloat(random(rng, k * n, false));
    float[] c1 = new float[m * n];
    float[] c2 = new float[m * n];
    Gemm.nativeOrFallback(1).sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n);
    Gemm.javaFallback().sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c2, n);
    for (int q = 0; q < c1.length; q++) {
      assertEquals(c2[q], c1[q], 1e-5f, "entry " + q);
    }
  }

  @Test
  void matrixForm_rejectsNonConformingShapes() {
    FloatMatrix a = FloatMatrix.zeros(3, 4);
    FloatMatrix b = FloatMatrix.zeros(5, 2);
    FloatMatrix c = FloatMatrix.zeros(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.javaFallback().sgemm(false, a, false, b, 1f, 0f, c));
    assertTrue(e.getMessage().contains("inner dimensions"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Gemm.nativeOrFallback(0));
  }

  /** A B snapshot gives bitwise the product of the array it was taken from, and is a snapshot. */
  private static void checkOperand(Gemm gemm) {
    SplittableRandom rng = new SplittableRandom(13);
    int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 9, 33}, {100, 50, 78}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        float[] a = toFloat(random(rng, m * k, true));
        float[] b = toFloat(random(rng, k * n, false));
        float[] c = toFloat(random(rng, m * n, false));
        float beta = t == 1 ? 0f : 0.5f;
        float[] want = c.clone();
        gemm.sgemm(ta, tb, m, n, k, 0.75f, a, ta ? m : k, b, tb ? k : n, beta, want, n);
        Gemm.FloatOperand ob = gemm.operand(b);
        assertEquals(b.length, ob.length());
        java.util.Arrays.fill(b, Float.NaN); // the operand is a snapshot
        float[] got = c.clone();
        gemm.sgemm(ta, tb, m, n, k, 0.75f, a, ta ? m : k, ob, tb ? k : n, beta, got, n);
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got,
            gemm.getClass().getSimpleName() + " m=" + m + " n=" + n + " k=" + k + " t=" + t);
      }
    }
  }

  @Test
  void javaGemm_operandGivesTheSameProductAsTheArray() {
    checkOperand(Gemm.javaFallback());
  }

  @Test
  void nativeGemm_operandGivesTheSameProductAsTheArray_andRejectsForeignOrShortOperands() {
    assumeTrue(NativeGemm.available(), "native OpenBLAS not available");
    Gemm g = Gemm.nativeOrFallback(1);
    checkOperand(g);
    Gemm.FloatOperand foreign = Gemm.javaFallback().operand(new float[4]);
    assertThrows(IllegalArgumentException.class,
        () -> g.sgemm(false, false, 2, 2, 2, 1f, new float[4], 2, foreign, 2, 0f, new float[4], 2));
    assertThrows(IllegalArgumentException.class, () -> Gemm.javaFallback().sgemm(false, false, 2, 2, 2, 1f,
        new float[4], 2, g.operand(new float[4]), 2, 0f, new float[4], 2));
    Gemm.FloatOperand shortB = g.operand(new float[3]);
    assertThrows(IllegalArgumentException.class,
        () -> g.sgemm(false, false, 2, 2, 2, 1f, new float[4], 2, shortB, 2, 0f, new float[4], 2));
  }
}
