package org.ebmsim.dynamics.blas;

/**
 * General matrix multiply on row-major arrays: {@code C ← α·op(A)·op(B) + β·C}, where
 * {@code op(X)} is X or Xᵀ, {@code op(A)} is m×k, {@code op(B)} is k×n and C is m×n.
 *
 * <p>Leading dimensions follow CBLAS row-major conventions: {@code lda} is the row stride of A as
 * stored (k if A is not transposed, m if it is), likewise {@code ldb} (n or k) and {@code ldc} (n).
 * Only C is modified. Implementations: {@link NativeGemm} (OpenBLAS through JavaCPP) and
 * {@link JavaGemm} (plain loops). Obtain one with {@link #nativeOrFallback(int)}; instances are
 * stateless apart from per-thread scratch buffers and may be shared between threads.
 */
public interface Gemm {

  /** Single precision: {@code C ← α·op(A)·op(B) + β·C}; modifies {@code c} only. */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      float[] b, int ldb, float beta, float[] c, int ldc);

  /** Double precision: {@code C ← α·op(A)·op(B) + β·C}; modifies {@code c} only. */
  void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
      double[] b, int ldb, double beta, double[] c, int ldc);

  /** True if this implementation calls native BLAS. */
  boolean isNative();

  /**
   * A read-only float operand, such as a weight matrix, copied once into the memory this
   * implementation multiplies from (native memory for {@link NativeGemm}), so that repeated
   * products skip the copy. A snapshot: later writes to the source array are not seen. Usable
   * only with the implementation that made it, by any number of threads.
   */
  interface FloatOperand {
    /** Number of floats held. */
    int length();
  }

  /** Copies {@code data} into an operand for {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, FloatOperand, int, float, float[], int)}. */
  FloatOperand operand(float[] data);

  /**
   * {@code C ← α·op(A)·op(B) + β·C} with B given as an {@link #operand}; otherwise as
   * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)}.
   *
   * @throws IllegalArgumentException if {@code b} was made by another implementation
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      FloatOperand b, int ldb, float beta, float[] c, int ldc);

  /**
   * {@code C ← α·op(A)·op(B) + β·C} on matrices, shapes checked; modifies {@code c} only.
   *
   * @throws IllegalArgumentException if the shapes do not conform
   */
  default void sgemm(boolean transA, FloatMatrix a, boolean transB, FloatMatrix b, float alpha, float beta,
      FloatMatrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb) {
      throw new IllegalArgumentException("inner dimensions must agree: op(A) is " + m + "×" + k
          + " but op(B) is " + kb + "×" + n);
    }
    if (c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException("C must be " + m + "×" + n + " (got " + c.rows() + "×" + c.cols() + ")");
    }
    sgemm(transA, transB, m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(), n);
  }

  /**
   * Native OpenBLAS when it loads, otherwise {@link JavaGemm} (a warning is logged once).
   *
   * @param openBlasThreads threads OpenBLAS may use per call, {@code >= 1}. OpenBLAS keeps this as
   *     one process-wide setting, so the last call wins; 1 is best when many actors run GEMMs
   *     concurrently on few cores.
   */
  static Gemm nativeOrFallback(int openBlasThreads) {
    if (openBlasThreads < 1) {
      throw new IllegalArgumentException("openBlasThreads must be >= 1 (got " + openBlasThreads + ")");
    }
    if (NativeGemm.available()) {
      NativeGemm.setThreads(openBlasThreads);
      return NativeGemm.INSTANCE;
    }
    return JavaGemm.INSTANCE;
  }

  /** The pure-Java implementation, whatever is available. */
  static Gemm javaFallback() {
    return JavaGemm.INSTANCE;
  }
}
