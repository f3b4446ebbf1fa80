package org.ebmsim.dynamics.sampling;

/**
 * The field one layer's states put on another, for a batch of chains: row-major
 * {@code rows × cols} (chains × units of the receiving layer), in float64 (single-site models,
 * whose fields are updated incrementally) or float32 (products computed by BLAS). What the numbers
 * mean (logits, means, with or without the receiver's bias) is agreed between the kernels of one
 * family. Plain data: once sent, the sender does not touch the arrays.
 */
public final class FieldBlock {
  private final int rows;
  private final int cols;
  private final double[] doubles;
  private final float[] floats;

  private FieldBlock(int rows, int cols, double[] doubles, float[] floats) {
    this.rows = rows;
    this.cols = cols;
    this.doubles = doubles;
    this.floats = floats;
  }

  public static FieldBlock ofDoubles(int rows, int cols) {
    return new FieldBlock(rows, cols, new double[Math.multiplyExact(rows, cols)], null);
  }

  public static FieldBlock ofFloats(int rows, int cols) {
    return new FieldBlock(rows, cols, null, new float[Math.multiplyExact(rows, cols)]);
  }

  /** Wraps {@code data} (not copied). */
  public static FieldBlock wrap(int rows, int cols, float[] data) {
    check(rows, cols, data.length);
    return new FieldBlock(rows, cols, null, data);
  }

  /** Wraps {@code data} (not copied). */
  public static FieldBlock wrap(int rows, int cols, double[] data) {
    check(rows, cols, data.length);
    return new FieldBlock(rows, cols, data, null);
  }

  private static void check(int rows, int cols, int length) {
    if (length != (long) rows * cols) {
      throw new IllegalArgumentException("field must have rows*cols = " + ((long) rows * cols) + " entries (got "
          + length + ")");
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The float64 values, or null for a float32 field. */
  public double[] doubles() {
    return doubles;
  }

  /** The float32 values, or null for a float64 field. */
  public float[] floats() {
    return floats;
  }

  /** Bytes of storage (for accounting). */
  public long heapBytes() {
    return 16L + (doubles != null ? 8L * doubles.length : 4L * floats.length);
  }
}
