package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * Everything a sampling group holds after {@code sweep} sweeps: each layer's states, random
 * streams, best states and averaging-window sums, the chains' energies and the best-energy
 * bookkeeping. A group rebuilt from it continues bit-identically (see
 * {@code LayerKernel#resumableAfter}).
 *
 * <p>File format {@value #FORMAT}: magic, format, sweep, then the layers (count, then per layer:
 * states, streams, best states, window sums), the energies, the averaged count and the kept
 * reports. Format 2 (one layer, written before multi-layer groups checkpointed) is still read.
 *
 * @param bestEnergies, lastEnergies the energy tracker
 * @param energies the energies the group reports
 * @param averaged states added to every layer's averaging window so far
 * @param reports the group's latest reports (the round that ended at {@code sweep} and those just
 *     before it), serialized: a group rebuilt from this checkpoint can answer those rounds again
 *     when the first answers were lost with their node
 */
public record GroupCheckpoint(long sweep, List<Layer> layers, double[] bestEnergies, double[] lastEnergies,
    double[] energies, long averaged, List<SerializedReport> reports) {
  static final int MAGIC = 0x45424d43; // "EBMC"
  static final int FORMAT = 3;
  private static final int ONE_LAYER_FORMAT = 2;

  public GroupCheckpoint {
    layers = List.copyOf(layers);
    reports = List.copyOf(reports);
  }

  /**
   * One layer of the group.
   *
   * @param streams the kernel's streams ({@code RandomStreamState#save}: seed and gamma per chain)
   * @param bestStates every chain's best state on this layer
   * @param windowSums the layer's averaging-window sums
   */
  public record Layer(LayerBlock states, long[] streams, LayerBlock bestStates, double[] windowSums) {}

  /** A report as its serializer wrote it: the serializer's id, the manifest, the bytes. */
  public record SerializedReport(int serializer, String manifest, byte[] bytes) {}

  /** Writes the checkpoint; the shapes are not written (the reader has the group's own blocks). */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(sweep);
    out.writeInt(layers.size());
    for (Layer l : layers) {
      CheckpointData.writeBlock(out, l.states());
      CheckpointData.writeLongs(out, l.streams());
      CheckpointData.writeBlock(out, l.bestStates());
      CheckpointData.writeDoubles(out, l.windowSums());
    }
    CheckpointData.writeDoubles(out, bestEnergies);
    CheckpointData.writeDoubles(out, lastEnergies);
    CheckpointData.writeDoubles(out, energies);
    out.writeLong(averaged);
    CheckpointData.writeReports(out, reports);
  }

  /**
   * Reads a checkpoint written by {@link #write} (or by the one-layer format 2) for a group whose
   * layers' live blocks are {@code like} (same shapes, rows and storage).
   *
   * @throws IOException if the data is not such a checkpoint, or not of this group's layers
   */
  public static GroupCheckpoint read(DataInputStream in, List<LayerBlock> like) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a chain-group checkpoint");
    }
    int format = in.readInt();
    if (format == ONE_LAYER_FORMAT) {
      return readOneLayer(in, like);
    }
    if (format != FORMAT) {
      throw new IOException("chain-group checkpoint of format " + format + "; this server reads formats "
          + ONE_LAYER_FORMAT + " and " + FORMAT);
    }
    long sweep = in.readLong();
    int count = in.readInt();
    if (count != like.size()) {
      throw new IOException("checkpoint of " + count + " layers for a group of " + like.size());
    }
    List<Layer> layers = new ArrayList<>();
    for (LayerBlock l : like) {
      LayerBlock states = CheckpointData.readBlock(in, l);
      long[] streams = CheckpointData.readLongs(in);
      layers.add(new Layer(states, streams, CheckpointData.readBlock(in, l), CheckpointData.readDoubles(in)));
    }
    double[] best = CheckpointData.readDoubles(in);
    double[] last = CheckpointData.readDoubles(in);
    double[] energies = CheckpointData.readDoubles(in);
    long averaged = in.readLong();
    return new GroupCheckpoint(sweep, layers, best, last, energies, averaged, CheckpointData.readReports(in));
  }

  /** Format 2: one layer, its fields in another order. */
  private static GroupCheckpoint readOneLayer(DataInputStream in, List<LayerBlock> like) throws IOException {
    if (like.size() != 1) {
      throw new IOException("one-layer checkpoint (format " + ONE_LAYER_FORMAT + ") for a group of " + like.size()
          + " layers");
    }
    long sweep = in.readLong();
    LayerBlock states = CheckpointData.readBlock(in, like.get(0));
    long[] streams = CheckpointData.readLongs(in);
    double[] best = CheckpointData.readDoubles(in);
    double[] last = CheckpointData.readDoubles(in);
    double[] energies = CheckpointData.readDoubles(in);
    LayerBlock bestStates = CheckpointData.readBlock(in, like.get(0));
    double[] sums = CheckpointData.readDoubles(in);
    long averaged = in.readLong();
    return new GroupCheckpoint(sweep, List.of(new Layer(states, streams, bestStates, sums)), best, last, energies,
        averaged, CheckpointData.readReports(in));
  }
}
