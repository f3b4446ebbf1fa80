package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * The pieces checkpoint files are made of (blocks of states, arrays of longs and doubles, kept
 * reports), each written as a length then its values, and read back with plausibility checks so
 * a damaged file fails with an {@link IOException} instead of a huge allocation.
 */
final class CheckpointData {
  private static final int MAX_LENGTH = 1 << 27; // values of 8 bytes: under 2^30 bytes
  private static final int MAX_REPORTS = 64;

  private CheckpointData() {}

  static void writeBlock(DataOutputStream out, LayerBlock b) throws IOException {
    out.writeBoolean(b.isFloat());
    if (b.isFloat()) {
      float[] v = b.floats();
      out.writeInt(v.length);
      ByteBuffer bytes = ByteBuffer.allocate(4 * v.length); // big-endian, as DataOutput writes
      bytes.asFloatBuffer().put(v);
      out.write(bytes.array());
    } else {
      out.writeInt(b.bytes().length);
      out.write(b.bytes());
    }
  }

  /** A block shaped like {@code like} (the group's own live block: same shape, rows and storage). */
  static LayerBlock readBlock(DataInputStream in, LayerBlock like) throws IOException {
    boolean isFloat = in.readBoolean();
    int n = in.readInt();
    if (isFloat != like.isFloat() || n != (long) like.rows() * like.units()) {
      throw new IOException("checkpoint block does not match the group's chains and units");
    }
    if (isFloat) {
      byte[] bytes = new byte[4 * n];
      in.readFully(bytes);
      float[] v = new float[n];
      ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
      return LayerBlock.wrap(like.shape(), like.rows(), v);
    }
    byte[] v = new byte[n];
    in.readFully(v);
    return LayerBlock.wrap(like.shape(), like.rows(), v);
  }

  static void writeLongs(DataOutputStream out, long[] v) throws IOException {
    out.writeInt(v.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * v.length);
    bytes.asLongBuffer().put(v);
    out.write(bytes.array());
  }

  static long[] readLongs(DataInputStream in) throws IOException {
    long[] v = new long[checkedLength(in)];
    ByteBuffer.wrap(readBytes(in, 8L * v.length)).asLongBuffer().get(v);
    return v;
  }

  /** Doubles as their IEEE bits (big-endian, as {@code DataOutput.writeDouble}): read back bit for bit. */
  static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * v.length);
    bytes.asDoubleBuffer().put(v);
    out.write(bytes.array());
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    double[] v = new double[checkedLength(in)];
    ByteBuffer.wrap(readBytes(in, 8L * v.length)).asDoubleBuffer().get(v);
    return v;
  }

  private static byte[] readBytes(DataInputStream in, long n) throws IOException {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IOException("implausible array of " + n + " bytes in a checkpoint");
    }
    byte[] bytes = new byte[(int) n];
    in.readFully(bytes);
    return bytes;
  }

  static void writeReports(DataOutputStream out, List<GroupCheckpoint.SerializedReport> reports) throws IOException {
    out.writeInt(reports.size());
    for (GroupCheckpoint.SerializedReport report : reports) {
      out.writeInt(report.serializer());
      out.writeUTF(report.manifest());
      out.writeInt(report.bytes().length);
      out.write(report.bytes());
    }
  }

  static List<GroupCheckpoint.SerializedReport> readReports(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_REPORTS) {
      throw new IOException("implausible report count " + count + " in a checkpoint");
    }
    List<GroupCheckpoint.SerializedReport> reports = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int serializer = in.readInt();
      String manifest = in.readUTF();
      byte[] report = new byte[checkedLength(in)];
      in.readFully(report);
      reports.add(new GroupCheckpoint.SerializedReport(serializer, manifest, report));
    }
    return List.copyOf(reports);
  }

  private static int checkedLength(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LENGTH) {
      throw new IOException("implausible array length " + n + " in a checkpoint");
    }
    return n;
  }
}
