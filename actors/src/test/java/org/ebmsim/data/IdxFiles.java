package org.ebmsim.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files in memory for the tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An unsigned-byte IDX file of {@code dims} holding {@code values}. */
  static byte[] ubyte(int[] dims, byte[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(values);
    return b.array();
  }

  /** A float32 IDX file of {@code dims}. */
  static byte[] float32(int[] dims, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + 4 * values.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x0D).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** An int16 IDX file of {@code dims}. */
  static byte[] int16(int[] dims, short[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + 2 * values.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x0B).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    for (short v : values) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }
}
