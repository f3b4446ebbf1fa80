package org.ebmsim.dynamics.state;

import java.util.Arrays;

/**
 * States of one layer for a batch of rows (chains, patterns or ground states), row-major
 * {@code rows × units}, stored as bytes (discrete values: ±1, 0/1 or 0…q−1) or as float32 (real
 * values, and discrete values of samplers that multiply states by matrices, such as RBMs).
 *
 * <p>The backing array is exposed on purpose ({@link #bytes()}, {@link #floats()}) so kernels
 * run tight loops on it; whoever holds a block may mutate it, and a block handed to another
 * actor must not be touched by the sender afterwards. Not thread-safe.
 */
public final class LayerBlock {
  private final LayerShape shape;
  private final int rows;
  private final byte[] bytes; // null for float storage
  private final float[] floats; // null for byte storage

  private LayerBlock(LayerShape shape, int rows, byte[] bytes, float[] floats) {
    this.shape = shape;
    this.rows = rows;
    this.bytes = bytes;
    this.floats = floats;
  }

  /** Zero-filled byte storage (a zero is not a valid spin: fill it before use). */
  public static LayerBlock ofBytes(LayerShape shape, int rows) {
    checkRows(rows);
    if (shape.type() == ValueType.REAL) {
      throw new IllegalArgumentException("layer " + shape.name() + " is REAL: use float storage");
    }
    return new LayerBlock(shape, rows, new byte[Math.multiplyExact(rows, shape.units())], null);
  }

  /** Zero-filled float storage. */
  public static LayerBlock ofFloats(LayerShape shape, int rows) {
    checkRows(rows);
    return new LayerBlock(shape, rows, null, new float[Math.multiplyExact(rows, shape.units())]);
  }

  /** Wraps {@code data} (rows × units, not copied). */
  public static LayerBlock wrap(LayerShape shape, int rows, byte[] data) {
    checkRows(rows);
    checkLength(shape, rows, data.length);
    if (shape.type() == ValueType.REAL) {
      throw new IllegalArgumentException("layer " + shape.name() + " is REAL: use float storage");
    }
    return new LayerBlock(shape, rows, data, null);
  }

  /** Wraps {@code data} (rows × units, not copied). */
  public static LayerBlock wrap(LayerShape shape, int rows, float[] data) {
    checkRows(rows);
    checkLength(shape, rows, data.length);
    return new LayerBlock(shape, rows, null, data);
  }

  private static void checkRows(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0 (got " + rows + ")");
    }
  }

  private static void checkLength(LayerShape shape, int rows, int length) {
    if (length != (long) rows * shape.units()) {
      throw new IllegalArgumentException("layer " + shape.name() + " block must have rows*units = "
          + ((long) rows * shape.units()) + " entries (got " + length + ")");
    }
  }

  public LayerShape shape() {
    return shape;
  }

  public int rows() {
    return rows;
  }

  public int units() {
    return shape.units();
  }

  /** True for float32 storage ({@link #floats()}), false for bytes ({@link #bytes()}). */
  public boolean isFloat() {
    return floats != null;
  }

  /** The byte storage (live), or null. */
  public byte[] bytes() {
    return bytes;
  }

  /** The float storage (live), or null. */
  public float[] floats() {
    return floats;
  }

  /** Value of {@code unit} in {@code row}. */
  public double get(int row, int unit) {
    int k = row * shape.units() + unit;
    return bytes != null ? bytes[k] : floats[k];
  }

  /** Sets the value of {@code unit} in {@code row} (no domain check). */
  public void set(int row, int unit, double value) {
    int k = row * shape.units() + unit;
    if (bytes != null) {
      bytes[k] = (byte) value;
    } else {
      floats[k] = (float) value;
    }
  }

  /** Copies row {@code from} into row {@code to} of {@code dst} (same shape; storages may differ). */
  public void copyRow(int from, LayerBlock dst, int to) {
    int n = shape.units();
    if (dst.shape.units() != n) {
      throw new IllegalArgumentException("blocks of " + n + " and " + dst.shape.units() + " units");
    }
    int s = from * n;
    int d = to * n;
    if (bytes != null && dst.bytes != null) {
      System.arraycopy(bytes, s, dst.bytes, d, n);
    } else if (floats != null && dst.floats != null) {
      System.arraycopy(floats, s, dst.floats, d, n);
    } else if (bytes != null) {
      for (int i = 0; i < n; i++) {
        dst.floats[d + i] = bytes[s + i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        dst.bytes[d + i] = (byte) floats[s + i];
      }
    }
  }

  /** A new block of the given rows, in that order (same storage kind). */
  public LayerBlock copyRows(int[] which) {
    LayerBlock out = isFloat() ? ofFloats(shape, which.length) : ofBytes(shape, which.length);
    for (int k = 0; k < which.length; k++) {
      copyRow(which[k], out, k);
    }
    return out;
  }

  /** Rows {@code from .. from+count-1} as a new block. */
  public LayerBlock copyRange(int from, int count) {
    int n = shape.units();
    return isFloat() ? new LayerBlock(shape, count, null, Arrays.copyOfRange(floats, from * n, (from + count) * n))
        : new LayerBlock(shape, count, Arrays.copyOfRange(bytes, from * n, (from + count) * n), null);
  }

  /** A deep copy. */
  public LayerBlock copy() {
    return new LayerBlock(shape, rows, bytes == null ? null : bytes.clone(), floats == null ? null : floats.clone());
  }

  /** Bytes of storage held (for memory accounting). */
  public long heapBytes() {
    return 16L + (bytes != null ? bytes.length : 4L * floats.length);
  }

  /** Stacks blocks of the same layer vertically. */
  public static LayerBlock stack(java.util.List<LayerBlock> parts) {
    LayerShape shape = parts.get(0).shape;
    int rows = 0;
    boolean floats = false;
    for (LayerBlock p : parts) {
      rows += p.rows;
      floats |= p.isFloat();
    }
    LayerBlock out = floats || shape.type() == ValueType.REAL ? ofFloats(shape, rows) : ofBytes(shape, rows);
    int at = 0;
    for (LayerBlock p : parts) {
      for (int r = 0; r < p.rows; r++) {
        p.copyRow(r, out, at++);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LayerBlock b) || !b.shape.equals(shape) || b.rows != rows) {
      return false;
    }
    int n = rows * shape.units();
    for (int k = 0; k < n; k++) {
      double x = bytes != null ? bytes[k] : floats[k];
      double y = b.bytes != null ? b.bytes[k] : b.floats[k];
      if (Double.compare(x, y) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * shape.hashCode() + rows;
    int n = rows * shape.units();
    for (int k = 0; k < n; k++) {
      h = 31 * h + Float.hashCode(bytes != null ? bytes[k] : floats[k]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "LayerBlock[" + shape.name() + ", " + rows + " × " + shape.units() + ", " + shape.type() + "]";
  }
}
