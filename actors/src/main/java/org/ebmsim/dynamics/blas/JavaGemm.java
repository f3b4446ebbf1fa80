package org.ebmsim.dynamics.blas;

/**
 * Pure-Java GEMM used when native OpenBLAS cannot load.
 *
 * <p>Every product is reduced to the non-transposed case: a transposed operand is first copied into
 * a per-thread scratch buffer in natural order (O(mk + kn) work against O(mnk) for the product),
 * then C is accumulated in i-k-j order so the innermost loop runs over contiguous rows of B and C,
 * which HotSpot vectorizes. Zero entries of A are skipped, which pays off for {0,1} unit states.
 * Per row of C the summation order over k is fixed, so a row's result does not depend on m.
 */
public final class JavaGemm implements Gemm {
  static final JavaGemm INSTANCE = new JavaGemm();

  private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);
  private static final ThreadLocal<double[][]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

  private JavaGemm() {}

  @Override
  public boolean isNative() {
    return false;
  }

  /** A heap copy. */
  private record HeapOperand(float[] data) implements FloatOperand {
    @Override
    public int length() {
      return data.length;
    }
  }

  @Override
  public FloatOperand operand(float[] data) {
    return new HeapOperand(data.clone());
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      FloatOperand b, int ldb, float beta, float[] c, int ldc) {
    if (!(b instanceof HeapOperand h)) {
      throw new IllegalArgumentException("operand was not made by JavaGemm: " + b);
    }
    sgemm(transA, transB, m, n, k, alpha, a, lda, h.data, ldb, beta, c, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      float[] b, int ldb, float beta, float[] c, int ldc) {
    float[][] scratch = FLOAT_SCRATCH.get();
    float[] aa = a;
    int la = lda;
    if (transA) { // stored k×m → m×k
      aa = scratch[0] = grow(scratch[0], m * k);
      for (int p = 0; p < k; p++) {
        int row = p * lda;
        for (int i = 0; i < m; i++) {
          aa[i * k + p] = a[row + i];
        }
      }
      la = k;
    }
    float[] bb = b;
    int lb = ldb;
    if (transB) { // stored n×k → k×n
      bb = scratch[1] = grow(scratch[1], k * n);
      for (int j = 0; j < n; j++) {
        int row = j * ldb;
        for (int p = 0; p < k; p++) {
          bb[p * n + j] = b[row + p];
        }
      }
      lb = n;
    }
    for (int i = 0; i < m; i++) {
      int ci = i * ldc;
      if (beta == 0f) {
        for (int j = 0; j < n; j++) {
          c[ci + j] = 0f;
        }
      } else if (beta != 1f) {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
      int ai = i * la;
      for (int p = 0; p < k; p++) {
        float aip = aa[ai + p];
        if (aip == 0f) {
          continue;
        }
        float s = alpha * aip;
        int bp = p * lb;
        for (int j = 0; j < n; j++) {
          c[ci + j] += s * bb[bp + j];
        }
      }
    }
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
      double[] b, int ldb, double beta, double[] c, int ldc) {
    double[][] scratch = DOUBLE_SCRATCH.get();
    double[] aa = a;
    int la = lda;
    if (transA) {
      aa = scratch[0] = grow(scratch[0], m * k);
      for (int p = 0; p < k; p++) {
        int row = p * lda;
        for (int i = 0; i < m; i++) {
          aa[i * k + p] = a[row + i];
        }
      }
      la = k;
    }
    double[] bb = b;
    int lb = ldb;
    if (transB) {
      bb = scratch[1] = grow(scratch[1], k * n);
      for (int j = 0; j < n; j++) {
        int row = j * ldb;
        for (int p = 0; p < k; p++) {
          bb[p * n + j] = b[row + p];
        }
      }
      lb = n;
    }
    for (int i = 0; i < m; i++) {
      int ci = i * ldc;
      if (beta == 0d) {
        for (int j = 0; j < n; j++) {
          c[ci + j] = 0d;
        }
      } else if (beta != 1d) {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
      int ai = i * la;
      for (int p = 0; p < k; p++) {
        double aip = aa[ai + p];
        if (aip == 0d) {
          continue;
        }
        double s = alpha * aip;
        int bp = p * lb;
        for (int j = 0; j < n; j++) {
          c[ci + j] += s * bb[bp + j];
        }
      }
    }
  }

  private static float[] grow(float[] buffer, int size) {
    return buffer.length >= size ? buffer : new float[size];
  }

  private static double[] grow(double[] buffer, int size) {
    return buffer.length >= size ? buffer : new double[size];
  }
}
