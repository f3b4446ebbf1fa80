package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * Everything a one-layer sampling group holds after {@code sweep} sweeps: its chains' states and
 * random streams, their energies, and the best-state and averaging-window bookkeeping. A group
 * rebuilt from it continues bit-identically (see {@code LayerKernel#resumableAfter}).
 *
 * @param streams the kernel's streams ({@code RandomStreamState#save}: seed and gamma per chain)
 * @param bestEnergies, lastEnergies the energy tracker
 * @param energies the energies the group reports
 * @param reports the group's latest reports (the round that ended at {@code sweep} and those just
 *     before it), serialized: a group rebuilt from this checkpoint can answer those rounds again
 *     when the first answers were lost with their node
 */
public record GroupCheckpoint(long sweep, LayerBlock states, long[] streams, double[] bestEnergies,
    double[] lastEnergies, double[] energies, LayerBlock bestStates, double[] windowSums, long averaged,
    java.util.List<SerializedReport> reports) {
  private static final int MAGIC = 0x45424d43; // "EBMC"
  private static final int FORMAT = 2;

  /** A report as its serializer wrote it: the serializer's id, the manifest, the bytes. */
  public record SerializedReport(int serializer, String manifest, byte[] bytes) {}

  /** Writes the checkpoint; the shapes are not written (the reader has the group's own blocks). */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(sweep);
    writeBlock(out, states);
    writeLongs(out, streams);
    writeDoubles(out, bestEnergies);
    writeDoubles(out, lastEnergies);
    writeDoubles(out, energies);
    writeBlock(out, bestStates);
    writeDoubles(out, windowSums);
    out.writeLong(averaged);
    out.writeInt(reports.size());
    for (SerializedReport report : reports) {
      out.writeInt(report.serializer());
      out.writeUTF(report.manifest());
      out.writeInt(report.bytes().length);
      out.write(report.bytes());
    }
  }

  /**
   * Reads a checkpoint written by {@link #write} for blocks shaped like {@code like} (the group's
   * own live block: same shape, rows and storage).
   *
   * @throws IOException if the data is not such a checkpoint
   */
  public static GroupCheckpoint read(DataInputStream in, LayerBlock like) throws IOException {
    if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
      throw new IOException("not a chain-group checkpoint (or of another format)");
    }
    long sweep = in.readLong();
    LayerBlock states = readBlock(in, like);
    long[] streams = readLongs(in);
    double[] best = readDoubles(in);
    double[] last = readDoubles(in);
    double[] energies = readDoubles(in);
    LayerBlock bestStates = readBlock(in, like);
    double[] sums = readDoubles(in);
    long averaged = in.readLong();
    int count = in.readInt();
    if (count < 0 || count > 64) {
      throw new IOException("implausible report count " + count + " in a checkpoint");
    }
    java.util.List<SerializedReport> reports = new java.util.ArrayList<>();
    for (int k = 0; k < count; k++) {
      int serializer = in.readInt();
      String manifest = in.readUTF();
      byte[] report = new byte[checkedLength(in)];
      in.readFully(report);
      reports.add(new SerializedReport(serializer, manifest, report));
    }
    return new GroupCheckpoint(sweep, states, streams, best, last, energies, bestStates, sums, averaged,
        java.util.List.copyOf(reports));
  }

  private static void writeBlock(DataOutputStream out, LayerBlock b) throws IOException {
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

  private static LayerBlock readBlock(DataInputStream in, LayerBlock like) throws IOException {
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

  private static void writeLongs(DataOutputStream out, long[] v) throws IOException {
    out.writeInt(v.length);
    for (long x : v) {
      out.writeLong(x);
    }
  }

  private static long[] readLongs(DataInputStream in) throws IOException {
    long[] v = new long[checkedLength(in)];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readLong();
    }
    return v;
  }

  private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) {
      out.writeDouble(x);
    }
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    double[] v = new double[checkedLength(in)];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  private static int checkedLength(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (1 << 28)) {
      throw new IOException("implausible array length " + n + " in a checkpoint");
    }
    return n;
  }
}
