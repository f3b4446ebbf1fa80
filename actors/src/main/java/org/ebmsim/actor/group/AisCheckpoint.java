package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Everything an AIS group holds after {@code step} temperatures: its chains' states, random
 * streams and log-weights (float64, written as their IEEE bits), and its latest reports. A group
 * rebuilt from it reaches the same log-weights bit for bit as one that never stopped.
 *
 * <p>File format {@value #FORMAT}: magic "EBMA", format, step (the same header layout as
 * {@link GroupCheckpoint}, so the position is read without knowing the kind), log-weights, batch
 * state, streams, reports.
 *
 * @param batchState the chains' states ({@code AnnealedImportanceSampler#batchState})
 * @param streams the chains' streams ({@code RandomStreamState#save}: seed and gamma per chain)
 * @param reports the group's latest reports, serialized (see {@link GroupCheckpoint#reports})
 */
public record AisCheckpoint(int step, double[] logWeights, double[] batchState, long[] streams,
    List<GroupCheckpoint.SerializedReport> reports) {
  static final int MAGIC = 0x45424d41; // "EBMA"
  static final int FORMAT = 1;

  public AisCheckpoint {
    reports = List.copyOf(reports);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(step);
    CheckpointData.writeDoubles(out, logWeights);
    CheckpointData.writeDoubles(out, batchState);
    CheckpointData.writeLongs(out, streams);
    CheckpointData.writeReports(out, reports);
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws IOException if the data is not an AIS checkpoint of this format
   */
  public static AisCheckpoint read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not an AIS-group checkpoint");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("AIS-group checkpoint of format " + format + "; this server reads format " + FORMAT);
    }
    long step = in.readLong();
    if (step < 0 || step > Integer.MAX_VALUE) {
      throw new IOException("implausible AIS step " + step + " in a checkpoint");
    }
    double[] logWeights = CheckpointData.readDoubles(in);
    double[] state = CheckpointData.readDoubles(in);
    long[] streams = CheckpointData.readLongs(in);
    return new AisCheckpoint((int) step, logWeights, state, streams, CheckpointData.readReports(in));
  }
}
