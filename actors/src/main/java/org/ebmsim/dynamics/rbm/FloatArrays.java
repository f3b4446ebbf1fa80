package org.ebmsim.dynamics.rbm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Float arrays to and from a state stream, as raw IEEE bits (big-endian, like
 * {@link DataOutput#writeFloat}) in 64 KB blocks: a 784 × 500 weight matrix is 1.5 MB, and one call
 * per float costs several times the copy; and to and from the double arrays of AIS checkpoints.
 */
final class FloatArrays {
  private static final int BLOCK_FLOATS = 16384;

  private FloatArrays() {}

  static void write(DataOutput out, float[] a, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(Math.max(length, 1), BLOCK_FLOATS));
    for (int k = 0; k < length; k += BLOCK_FLOATS) {
      int m = Math.min(BLOCK_FLOATS, length - k);
      buf.clear();
      for (int i = 0; i < m; i++) {
        buf.putInt(Float.floatToRawIntBits(a[k + i]));
      }
      out.write(buf.array(), 0, 4 * m);
    }
  }

  static float[] read(DataInput in, int length) throws IOException {
    float[] a = new float[length];
    byte[] bytes = new byte[4 * Math.min(Math.max(length, 1), BLOCK_FLOATS)];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    for (int k = 0; k < length; k += BLOCK_FLOATS) {
      int m = Math.min(BLOCK_FLOATS, length - k);
      in.readFully(bytes, 0, 4 * m);
      buf.clear();
      for (int i = 0; i < m; i++) {
        a[k + i] = Float.intBitsToFloat(buf.getInt());
      }
    }
    return a;
  }

  /** The floats widened to doubles (exactly): an AIS batch's saved states. */
  static double[] widened(float[] a) {
    double[] out = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      out[k] = a[k];
    }
    return out;
  }

  /**
   * Sets {@code a} from states saved by {@link #widened} (each a float, so the narrowing is exact).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  static void restore(double[] saved, float[] a) {
    if (saved.length != a.length) {
      throw new IllegalArgumentException("saved AIS state has " + saved.length + " values, not " + a.length);
    }
    for (int k = 0; k < a.length; k++) {
      a[k] = (float) saved[k];
    }
  }
}
