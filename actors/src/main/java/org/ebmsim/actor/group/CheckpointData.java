package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * The pieces checkpoint files are made of (blocks of states, arrays of longs and doubles, kept
 * reports), each written as a length then its values, and read back with plausibility checks so
 * a damaged file fails with an {@link IOException} instead of a huge allocation.
 */
final class CheckpointData {
  private static final int MAX_LENGTH = 1 << 28;
  private static final int MAX_REPORTS = 64;

  private CheckpointData() {}

  static void writeBlock(DataOutputStream out, LayerBlock b) throws IOException {
    out.writeBoolean(b.isFloat());
    if (b.isFloat()) {
      float[] v = b.floats();
      out.writeInt(v.length);
      for (float x : v) {
        out.writeFloat(x);
      }
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
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = in.readFloat();
      }
      return LayerBlock.wrap(like.shape(), like.rows(), v);
    }
    byte[] v = new byte[n];
    in.readFully(v);
    return LayerBlock.wrap(like.shape(), like.rows(), v);
  }

  static void writeLongs(DataOutputStream out, long[] v) throws IOException {
    out.writeInt(v.length);
    for (long x : v) {
      out.writeLong(x);
    }
  }

  static long[] readLongs(DataInputStream in) throws IOException {
    long[] v = new long[checkedLength(in)];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readLong();
    }
    return v;
  }

  /** Doubles as their IEEE bits: read back bit for bit. */
  static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) {
      out.writeDouble(x);
    }
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    double[] v = new double[checkedLength(in)];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readDouble();
    }
    return v;
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
