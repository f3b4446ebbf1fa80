package org.ebmsim.dynamics.blas;

import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

/**
 * Products {@code C = A·B} of a fixed K×N matrix B with rows A whose entries take two values
 * (units of 0/1 or ±1 layers), by subset-sum tables (the "method of the four Russians"): the rows
 * of B are taken four at a time, and for each group the table holds all sixteen combinations
 * {@code Σ_r (bit_r ? high : low)·B_{4g+r}}. A row of C is then the sum of one table row per
 * group, a quarter of the additions of a GEMM and no multiplications.
 *
 * <p>When to use it ({@link #wanted}): against the pure-Java GEMM, always (100 chains of a 784 × 500
 * RBM: a block-Gibbs sweep 3.3 ms against 15.3 ms). Against native OpenBLAS it is not a win on the machines
 * measured: one product alone, its table hot, took 0.49–0.67 ms against OpenBLAS's 0.86 ms, but a
 * sweep alternates two tables of 6.4 MB each (four times W) and then streams them from memory:
 * 1.9–3.3 ms per pair of products against OpenBLAS's 1.7–2.2 ms, measured interleaved on a shared
 * 2-core VM (see {@code loadtests/BENCHMARKS-rbm.md}). So native BLAS keeps those products.
 *
 * <p>Layout: the columns are cut into slabs of {@value ElementwiseKernels#SLAB} (the last one
 * padded with zeros), the table is slab-major ({@code [slab][group][code][column]}), and a product
 * runs slab by slab over all rows, so one slab's table (2 KiB per group: 392 KiB for K = 784) stays
 * in the core's L2 cache while the rows go by.
 *
 * <p>Rounding: each table entry is its four-term sum in double, rounded once; a row of C adds
 * ⌈K/4⌋ entries in float in the fixed order of {@link ElementwiseKernels#sumSlabRows}. Each row of
 * C depends only on the same row of A, never on the batch height or on which rows are computed
 * together, and the SIMD and scalar kernels give the same bits: unlike native BLAS, results do not
 * depend on how chains are grouped. Immutable; shared by any number of threads (each with its own
 * {@link #newScratch scratch}).
 */
public final class SubsetSumTable {
  /** Rows of B per group. */
  public static final int GROUP = 4;
  private static final int CODES = 1 << GROUP;
  private static final int SLAB = ElementwiseKernels.SLAB;
  /** Largest table made ({@link #bytes}): 64 MiB, for example K × N = 1000 × 1000 (16 MB). */
  public static final long MAX_BYTES = 64L << 20;

  private final int rows;
  private final int cols;
  private final int groups;
  private final int slabs;
  private final float low;
  private final float high;
  private final float[] table;

  private SubsetSumTable(int rows, int cols, float low, float high, float[] table) {
    this.rows = rows;
    this.cols = cols;
    this.groups = (rows + GROUP - 1) / GROUP;
    this.slabs = (cols + SLAB - 1) / SLAB;
    this.low = low;
    this.high = high;
    this.table = table;
  }

  /** Bytes of the table for a K×N matrix B: about 16·K·N, four times B in float. */
  public static long bytes(int rows, int cols) {
    long groups = (rows + GROUP - 1) / GROUP;
    long slabs = (cols + SLAB - 1) / SLAB;
    return 4L * slabs * groups * CODES * SLAB;
  }

  /** Whether a table for a K×N matrix stays within {@link #MAX_BYTES}. */
  public static boolean fits(int rows, int cols) {
    return rows >= 1 && cols >= 1 && bytes(rows, cols) <= MAX_BYTES;
  }

  /**
   * Whether products that could go through tables should, next to {@code gemm}: system property
   * {@code ebmsim.subset-sums} = {@code auto} (the default: when {@code gemm} is not native BLAS),
   * {@code true} (always; benchmarks) or {@code false} (never).
   */
  public static boolean wanted(Gemm gemm) {
    return wanted(gemm.isNative());
  }

  /** {@link #wanted} for the GEMM sessions get ({@link Gemm#nativeOrFallback}): what a model's memory charge assumes. */
  public static boolean wantedBySessions() {
    return wanted(NativeGemm.available());
  }

  private static boolean wanted(boolean nativeBlas) {
    return switch (System.getProperty("ebmsim.subset-sums", "auto")) {
      case "true" -> true;
      case "false" -> false;
      default -> !nativeBlas;
    };
  }

  /**
   * The table of a K×N matrix B for rows of A whose entries are {@code low} or {@code high}.
   *
   * @param matrix B row-major ({@code B[k][n] = matrix[k·cols + n]}), or Bᵀ row-major when
   *     {@code transposed} ({@code B[k][n] = matrix[n·rows + k]})
   * @throws IllegalArgumentException if the shapes disagree or the table would exceed {@link #MAX_BYTES}
   */
  public static SubsetSumTable of(float[] matrix, int rows, int cols, boolean transposed, float low, float high) {
    if (rows < 1 || cols < 1 || matrix.length != (long) rows * cols) {
      throw new IllegalArgumentException("matrix must hold " + rows + " × " + cols + " entries (got "
          + matrix.length + ")");
    }
    if (!fits(rows, cols)) {
      throw new IllegalArgumentException("a subset-sum table for " + rows + " × " + cols + " would take "
          + bytes(rows, cols) + " bytes, above " + MAX_BYTES);
    }
    int groups = (rows + GROUP - 1) / GROUP;
    int slabs = (cols + SLAB - 1) / SLAB;
    float[] table = new float[(int) (bytes(rows, cols) / 4)];
    double[] picked = new double[GROUP];
    for (int g = 0; g < groups; g++) {
      int members = Math.min(GROUP, rows - g * GROUP);
      for (int n = 0; n < cols; n++) {
        for (int r = 0; r < members; r++) {
          int k = g * GROUP + r;
          picked[r] = transposed ? matrix[n * rows + k] : matrix[k * cols + n];
        }
        int at = ((n / SLAB * groups + g) * CODES) * SLAB + n % SLAB;
        for (int code = 0; code < CODES; code++) {
          double sum = 0;
          for (int r = 0; r < members; r++) {
            sum += ((code >>> r) & 1) != 0 ? high * picked[r] : low * picked[r];
          }
          table[at + code * SLAB] = (float) sum;
        }
      }
    }
    return new SubsetSumTable(rows, cols, low, high, table);
  }

  /** K: entries per row of A. */
  public int rows() {
    return rows;
  }

  /** N: entries per row of C. */
  public int cols() {
    return cols;
  }

  /** Bytes held. */
  public long bytes() {
    return 4L * table.length;
  }

  /** Working memory for products of up to {@code maxRows} rows at a time (one per thread). */
  public Scratch newScratch(int maxRows) {
    return new Scratch(new int[Math.max(1, maxRows) * groups], new float[SLAB]);
  }

  /** Table offsets of each row's groups, and one padded slab of output. */
  public static final class Scratch {
    private final int[] offsets;
    private final float[] tail;

    private Scratch(int[] offsets, float[] tail) {
      this.offsets = offsets;
      this.tail = tail;
    }
  }

  /**
   * Rows {@code [fromRow, toRow)} of {@code C = A·B}: row r of A is {@code a[r·lda .. r·lda+K)},
   * row r of C is written to {@code c[r·ldc .. r·ldc+N)}; nothing else is modified.
   *
   * @throws IllegalArgumentException if an entry of A is neither value, or the scratch is too small
   */
  public void multiply(float[] a, int lda, int fromRow, int toRow, float[] c, int ldc, Scratch scratch) {
    int count = toRow - fromRow;
    if (count <= 0) {
      return;
    }
    int[] offsets = scratch.offsets;
    if (offsets.length < count * groups) {
      throw new IllegalArgumentException("scratch made for fewer than " + count + " rows");
    }
    for (int r = 0; r < count; r++) {
      encode(a, (fromRow + r) * lda, offsets, r * groups);
    }
    ElementwiseKernels kernels = Kernels.get();
    int whole = cols / SLAB;
    int slabFloats = groups * CODES * SLAB;
    for (int s = 0; s < slabs; s++) {
      int base = s * slabFloats;
      for (int r = 0; r < count; r++) {
        int out = (fromRow + r) * ldc + s * SLAB;
        if (s < whole) {
          kernels.sumSlabRows(table, base, offsets, r * groups, groups, c, out);
        } else {
          kernels.sumSlabRows(table, base, offsets, r * groups, groups, scratch.tail, 0);
          System.arraycopy(scratch.tail, 0, c, out, cols - s * SLAB);
        }
      }
    }
  }

  /** The table offset of each group's code ({@code (g·16 + code)·SLAB}) for the row at {@code a[from..]}. */
  private void encode(float[] a, int from, int[] offsets, int at) {
    boolean stray = false;
    for (int g = 0; g < groups; g++) {
      int members = Math.min(GROUP, rows - g * GROUP);
      int code = 0;
      for (int r = 0; r < members; r++) {
        float x = a[from + g * GROUP + r];
        code |= (x == high ? 1 : 0) << r;
        stray |= x != high & x != low;
      }
      offsets[at + g] = (g * CODES + code) * SLAB;
    }
    if (stray) {
      throw new IllegalArgumentException("a row holds an entry that is neither " + low + " nor " + high);
    }
  }
}
