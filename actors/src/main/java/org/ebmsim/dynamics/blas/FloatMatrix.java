package org.ebmsim.dynamics.blas;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix, used for batches of chains (rows = chains, columns = units)
 * and for the fields one layer sends to the other.
 *
 * <p>Owns nothing but its array, which is exposed on purpose ({@link #data()}) so kernels can run
 * tight loops without copies; whoever holds the matrix owns the right to mutate it. Not thread-safe.
 */
public final class FloatMatrix {
  private final int rows;
  private final int cols;
  private final float[] data;

  private FloatMatrix(int rows, int cols, float[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A zero matrix {@code rows × cols}. */
  public static FloatMatrix zeros(int rows, int cols) {
    checkShape(rows, cols);
    return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
  }

  /**
   * Wraps {@code data} (row-major, not copied).
   *
   * @throws IllegalArgumentException if {@code data.length != rows * cols}
   */
  public static FloatMatrix wrap(int rows, int cols, float[] data) {
    checkShape(rows, cols);
    if (data.length != (long) rows * cols) {
      throw new IllegalArgumentException("data must have rows*cols = " + ((long) rows * cols)
          + " entries (got " + data.length + ")");
    }
    return new FloatMatrix(rows, cols, data);
  }

  /** Copies a double row-major array into a new float matrix. */
  public static FloatMatrix fromDoubles(int rows, int cols, double[] data) {
    FloatMatrix m = zeros(rows, cols);
    if (data.length != m.data.length) {
      throw new IllegalArgumentException("data must have rows*cols = " + m.data.length
          + " entries (got " + data.length + ")");
    }
    for (int k = 0; k < data.length; k++) {
      m.data[k] = (float) data[k];
    }
    return m;
  }

  private static void checkShape(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("rows and cols must be >= 0 (got " + rows + " × " + cols + ")");
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The backing array, row-major; writes are visible to every holder of this matrix. */
  public float[] data() {
    return data;
  }

  public float get(int row, int col) {
    return data[row * cols + col];
  }

  public void set(int row, int col, float value) {
    data[row * cols + col] = value;
  }

  /** A copy of row {@code row}. */
  public float[] row(int row) {
    return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
  }

  /** Rows {@code from .. from+count-1} as a new matrix. */
  public FloatMatrix rows(int from, int count) {
    return new FloatMatrix(count, cols, Arrays.copyOfRange(data, from * cols, (from + count) * cols));
  }

  /** A deep copy. */
  public FloatMatrix copy() {
    return new FloatMatrix(rows, cols, data.clone());
  }

  /** Stacks matrices with equal column counts vertically. */
  public static FloatMatrix stack(FloatMatrix... parts) {
    int cols = parts[0].cols;
    int rows = 0;
    for (FloatMatrix p : parts) {
      if (p.cols != cols) {
        throw new IllegalArgumentException("cols must agree to stack (got " + p.cols + " vs " + cols + ")");
      }
      rows += p.rows;
    }
    FloatMatrix out = zeros(rows, cols);
    int at = 0;
    for (FloatMatrix p : parts) {
      System.arraycopy(p.data, 0, out.data, at, p.data.length);
      at += p.data.length;
    }
    return out;
  }

  /** True if {@code other} has this shape. */
  public boolean sameShape(FloatMatrix other) {
    return other.rows == rows && other.cols == cols;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatMatrix[" + rows + " × " + cols + "]";
  }
}
