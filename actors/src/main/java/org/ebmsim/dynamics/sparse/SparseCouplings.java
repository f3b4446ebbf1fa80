package org.ebmsim.dynamics.sparse;

/**
 * Symmetric couplings J (zero diagonal) in compressed sparse row form: row i's neighbours are
 * {@code columns[rowStart[i] .. rowStart[i+1])}, ascending, with {@code values} at the same
 * positions. Immutable once built; every constructor path validates symmetry, ranges, order and
 * finiteness, so kernels can run without checks.
 */
public final class SparseCouplings {
  private final int units;
  private final int[] rowStart;
  private final int[] columns;
  private final double[] values;

  private SparseCouplings(int units, int[] rowStart, int[] columns, double[] values) {
    this.units = units;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  /**
   * Checks and wraps a CSR matrix (arrays not copied). Messages name the offending entry with
   * {@code field} as prefix ("…row_pointers[3]").
   *
   * @throws IllegalArgumentException if it is not a symmetric, zero-diagonal, sorted, finite CSR
   */
  public static SparseCouplings of(int units, int[] rowStart, int[] columns, double[] values, String field) {
    if (units < 1) {
      throw new IllegalArgumentException(field + ".units must be >= 1 (got " + units + ")");
    }
    if (rowStart.length != units + 1) {
      throw new IllegalArgumentException(field + ".row_pointers must have units + 1 = " + (units + 1L)
          + " entries (got " + rowStart.length + ")");
    }
    if (columns.length != values.length) {
      throw new IllegalArgumentException(field + ".column_indices and " + field + ".values must have the same length"
          + " (got " + columns.length + " and " + values.length + ")");
    }
    if (rowStart[0] != 0) {
      throw new IllegalArgumentException(field + ".row_pointers[0] must be 0 (got " + rowStart[0] + ")");
    }
    if (rowStart[units] != columns.length) {
      throw new IllegalArgumentException(field + ".row_pointers[" + units + "] must equal the number of entries "
          + columns.length + " (got " + Integer.toUnsignedString(rowStart[units]) + ")");
    }
    for (int i = 0; i < units; i++) {
      if (rowStart[i + 1] < rowStart[i] || rowStart[i + 1] > columns.length) {
        throw new IllegalArgumentException(field + ".row_pointers[" + (i + 1) + "] must be in [row_pointers[" + i
            + "], " + columns.length + "] (got " + Integer.toUnsignedString(rowStart[i + 1]) + ")");
      }
      int previous = -1;
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        int j = columns[k];
        if (j < 0 || j >= units) {
          throw new IllegalArgumentException(field + ".column_indices[" + k + "] must be in [0, " + units + ") (got "
              + Integer.toUnsignedString(j) + ")");
        }
        if (j == i) {
          throw new IllegalArgumentException(field + ".column_indices[" + k + "] is the diagonal (" + i + ", " + i
              + "): couplings must have a zero diagonal");
        }
        if (j <= previous) {
          throw new IllegalArgumentException(field + ".column_indices[" + k + "] = " + j + " is not above the previous"
              + " column " + previous + " of row " + i + ": columns must ascend without repeats");
        }
        previous = j;
        if (!Double.isFinite(values[k])) {
          throw new IllegalArgumentException(field + ".values[" + k + "] must be finite (got " + values[k] + ")");
        }
      }
    }
    SparseCouplings c = new SparseCouplings(units, rowStart, columns, values);
    for (int i = 0; i < units; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        int j = columns[k];
        int back = c.find(j, i);
        if (back < 0 || values[back] != values[k]) { // numeric: 0.0 and −0.0 are the same coupling
          throw new IllegalArgumentException(field + " is not symmetric: J(" + i + ", " + j + ") = " + values[k]
              + " at values[" + k + "] but J(" + j + ", " + i + ") = " + (back < 0 ? "0 (missing)" : values[back]));
        }
      }
    }
    return c;
  }

  /** Position of column j in row i, or −1 (binary search: columns ascend). */
  public int find(int i, int j) {
    int lo = rowStart[i];
    int hi = rowStart[i + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = columns[mid];
      if (c < j) {
        lo = mid + 1;
      } else if (c > j) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  public int units() {
    return units;
  }

  /** Stored entries (each edge twice). */
  public int entries() {
    return columns.length;
  }

  /** Edges {i, j}, i < j. */
  public long edges() {
    return columns.length / 2;
  }

  /** Row offsets (length N + 1); read only. */
  public int[] rowStart() {
    return rowStart;
  }

  /** Column indices; read only. */
  public int[] columns() {
    return columns;
  }

  /** Values; read only. */
  public double[] values() {
    return values;
  }

  public int degree(int i) {
    return rowStart[i + 1] - rowStart[i];
  }

  /** J_ij (0 off the graph). */
  public double weight(int i, int j) {
    int k = find(i, j);
    return k < 0 ? 0 : values[k];
  }

  /** Σ_j J_ij s_j over the neighbours of i, for a state at {@code s[offset ..]}. */
  public double field(byte[] s, int offset, int i) {
    double h = 0;
    for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
      h += values[k] * s[offset + columns[k]];
    }
    return h;
  }

  /** True if every value is an integer of magnitude at most 2^20 (the integer kernels apply). */
  public boolean integerValued() {
    for (double v : values) {
      if (v != Math.rint(v) || Math.abs(v) > (1 << 20)) {
        return false;
      }
    }
    return true;
  }

  /** max_i Σ_j |J_ij|. */
  public double maxAbsRowSum() {
    double max = 0;
    for (int i = 0; i < units; i++) {
      double s = 0;
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        s += Math.abs(values[k]);
      }
      max = Math.max(max, s);
    }
    return max;
  }

  /** Bytes held (row offsets, columns, values). */
  public long heapBytes() {
    return bytesFor(units, columns.length);
  }

  /** Bytes a CSR of {@code units} rows and {@code entries} stored entries holds. */
  public static long bytesFor(long units, long entries) {
    return 4L * (units + 1) + 12L * entries + 64;
  }

  /** The dense N × N row-major matrix (for small models and tests). */
  public double[] toDense() {
    double[] w = new double[Math.multiplyExact(units, units)];
    for (int i = 0; i < units; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        w[i * units + columns[k]] = values[k];
      }
    }
    return w;
  }

  /**
   * The block of rows {@code [rowFrom, rowTo)} and columns {@code [colFrom, colTo)}, indices shifted
   * to start at 0 (not symmetric in general; used for the visible/hidden split).
   */
  public Block block(int rowFrom, int rowTo, int colFrom, int colTo) {
    int rows = rowTo - rowFrom;
    int[] start = new int[rows + 1];
    int count = 0;
    for (int i = rowFrom; i < rowTo; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        if (columns[k] >= colFrom && columns[k] < colTo) {
          count++;
        }
      }
      start[i - rowFrom + 1] = count;
    }
    int[] cols = new int[count];
    double[] vals = new double[count];
    int at = 0;
    for (int i = rowFrom; i < rowTo; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        if (columns[k] >= colFrom && columns[k] < colTo) {
          cols[at] = columns[k] - colFrom;
          vals[at++] = values[k];
        }
      }
    }
    return new Block(rows, colTo - colFrom, start, cols, vals);
  }

  /** A rectangular CSR block (rows × cols), columns ascending per row. */
  public record Block(int rows, int cols, int[] rowStart, int[] columns, double[] values) {
    /** Σ_j B_ij s_j for a state of the column units at {@code s[offset ..]}. */
    public double field(byte[] s, int offset, int i) {
      double h = 0;
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        h += values[k] * s[offset + columns[k]];
      }
      return h;
    }

    /** The block restricted to itself as a square symmetric CSR (for a diagonal block). */
    public SparseCouplings asSquare(String field) {
      return SparseCouplings.of(rows, rowStart, columns, values, field);
    }

    public long heapBytes() {
      return bytesFor(rows, columns.length);
    }
  }
}
