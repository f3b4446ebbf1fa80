package org.ebmsim.dynamics.blas;

import java.lang.System.Logger.Level;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * GEMM through native OpenBLAS ({@code cblas_sgemm}/{@code cblas_dgemm}) loaded by JavaCPP from the
 * {@code org.bytedeco:openblas} jar.
 *
 * <p>Implementation notes. Operands are copied into per-thread native buffers ({@link FloatPointer}
 * / {@link DoublePointer}) that grow as needed and are reused across calls, and only C is copied
 * back. Measured on this machine for 100×784 · 784×500 (1 thread): about 0.80 ms with reused
 * pointers, 0.83 ms with direct NIO buffers and 0.85 ms with JavaCPP's {@code float[]} overload,
 * which copies every array back on release. Copying B (the weights, 784 × 500 floats) still costs
 * ≈ 33 µs a call, 4 % of the product: callers that reuse B take an explicit snapshot with
 * {@link #operand} (no implicit cache, which would go stale if a caller mutated its array).
 * OpenBLAS selects kernels by matrix size (small-matrix paths, edge kernels), so the same row can
 * round differently in products of different heights; {@link JavaGemm} does not.
 */
public final class NativeGemm implements Gemm {
  static final NativeGemm INSTANCE = new NativeGemm();

  private static final System.Logger LOG = System.getLogger(NativeGemm.class.getName());
  private static final boolean AVAILABLE = load();

  private static final class Scratch {
    FloatPointer fa = new FloatPointer(0L);
    FloatPointer fb = new FloatPointer(0L);
    FloatPointer fc = new FloatPointer(0L);
    DoublePointer da = new DoublePointer(0L);
    DoublePointer db = new DoublePointer(0L);
    DoublePointer dc = new DoublePointer(0L);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private NativeGemm() {}

  private static boolean load() {
    if ("java".equalsIgnoreCase(System.getProperty("ebmsim.blas", ""))) {
      LOG.log(Level.WARNING, "ebmsim.blas=java: native OpenBLAS disabled, using the pure-Java GEMM fallback");
      return false;
    }
    try {
      Loader.load(openblas.class);
      return true;
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
      LOG.log(Level.WARNING, "native OpenBLAS could not be loaded (" + e
          + "); using the pure-Java GEMM fallback, which is roughly 10× slower");
      return false;
    }
  }

  /** True if native OpenBLAS loaded (checked once per JVM; property {@code ebmsim.blas=java} disables it). */
  public static boolean available() {
    return AVAILABLE;
  }

  /** Sets OpenBLAS's process-wide thread count (no-op if native BLAS is unavailable). */
  public static void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
    }
    if (AVAILABLE) {
      org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
    }
  }

  @Override
  public boolean isNative() {
    return true;
  }

  /**
   * A native copy, freed by JavaCPP when the operand is garbage collected. Read-only after
   * construction, so threads may share it (each call passes its own position-free address).
   */
  private static final class NativeOperand implements FloatOperand {
    private final FloatPointer data;
    private final int length;

    NativeOperand(float[] source) {
      this.length = source.length;
      this.data = new FloatPointer(Math.max(source.length, 1));
      data.put(source, 0, source.length);
    }

    @Override
    public int length() {
      return length;
    }
  }

  /** {@inheritDoc} Saves copying B into native memory on every call (≈ 33 µs for 784 × 500 floats, measured). */
  @Override
  public FloatOperand operand(float[] data) {
    if (!AVAILABLE) {
      throw new IllegalStateException("native OpenBLAS is not available");
    }
    return new NativeOperand(data);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      float[] b, int ldb, float beta, float[] c, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    Scratch s = SCRATCH.get();
    long lb = Math.min(b.length, (long) (transB ? n : k) * ldb);
    s.fb = ensure(s.fb, lb);
    s.fb.position(0).put(b, 0, (int) lb);
    sgemm(s, transA, transB, m, n, k, alpha, a, lda, s.fb, ldb, beta, c, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      FloatOperand b, int ldb, float beta, float[] c, int ldc) {
    if (!(b instanceof NativeOperand nb)) {
      throw new IllegalArgumentException("operand was not made by NativeGemm: " + b);
    }
    if (m == 0 || n == 0) {
      return;
    }
    long need = (long) ((transB ? n : k) - 1) * ldb + (transB ? k : n);
    if (k > 0 && need > nb.length) {
      throw new IllegalArgumentException("operand B holds " + nb.length + " floats but op(B) " + k + "×" + n
          + " with ldb " + ldb + " needs " + need);
    }
    sgemm(SCRATCH.get(), transA, transB, m, n, k, alpha, a, lda, nb.data, ldb, beta, c, ldc);
  }

  private static void sgemm(Scratch s, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
      int lda, FloatPointer b, int ldb, float beta, float[] c, int ldc) {
    long la = Math.min(a.length, (long) (transA ? k : m) * lda);
    long lc = Math.min(c.length, (long) m * ldc);
    s.fa = ensure(s.fa, la);
    s.fc = ensure(s.fc, lc);
    s.fa.position(0).put(a, 0, (int) la);
    if (beta != 0f) {
      s.fc.position(0).put(c, 0, (int) lc);
    }
    openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, s.fa, lda, b, ldb, beta, s.fc, ldc);
    s.fc.position(0).get(c, 0, (int) lc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda,
      double[] b, int ldb, double beta, double[] c, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    Scratch s = SCRATCH.get();
    long la = Math.min(a.length, (long) (transA ? k : m) * lda);
    long lb = Math.min(b.length, (long) (transB ? n : k) * ldb);
    long lc = Math.min(c.length, (long) m * ldc);
    s.da = ensure(s.da, la);
    s.db = ensure(s.db, lb);
    s.dc = ensure(s.dc, lc);
    s.da.position(0).put(a, 0, (int) la);
    s.db.position(0).put(b, 0, (int) lb);
    if (beta != 0d) {
      s.dc.position(0).put(c, 0, (int) lc);
    }
    openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, s.da, lda, s.db, ldb, beta, s.dc, ldc);
    s.dc.position(0).get(c, 0, (int) lc);
  }

  private static FloatPointer ensure(FloatPointer p, long size) {
    if (p.capacity() >= size && !p.isNull()) {
      return p;
    }
    p.close();
    return new FloatPointer(Math.max(size, 1));
  }

  private static DoublePointer ensure(DoublePointer p, long size) {
    if (p.capacity() >= size && !p.isNull()) {
      return p;
    }
    p.close();
    return new DoublePointer(Math.max(size, 1));
  }
}
