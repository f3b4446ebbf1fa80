package org.ebmsim.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A training session's state at a batch boundary: enough to continue it bit for bit. Randomness
 * needs no saved generator state: every batch draws from a stream keyed by the seed and the
 * batch's position, every epoch's shuffle from one keyed by the epoch, so the position is the
 * state of every generator.
 *
 * @param request the server's encoding of the request that started the training (opaque here)
 * @param batches updates done
 * @param lastVersion the latest model version the session wrote (0: none yet)
 * @param overrides learning-rate steering so far
 * @param learnerState {@link org.ebmsim.family.Learner#writeState}: parameters, optimizer, chains
 * @param finished the session ran to its end
 */
public record TrainingCheckpoint(String sessionId, String modelId, long startVersion, String datasetId,
    byte[] request, long batches, long totalBatches, long lastVersion, List<LearningRatePlan.Override> overrides,
    byte[] learnerState, boolean finished, long writtenMillis) {
  private static final int MAGIC = 0x45424D43; // "EBMC"
  private static final int FORMAT = 1;

  public TrainingCheckpoint {
    overrides = List.copyOf(overrides);
  }

  /** The bytes of a checkpoint file: magic, format, fields, then a CRC-32 of everything before it. */
  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(learnerState.length + request.length + 256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(sessionId);
      out.writeUTF(modelId);
      out.writeLong(startVersion);
      out.writeUTF(datasetId);
      out.writeInt(request.length);
      out.write(request);
      out.writeLong(batches);
      out.writeLong(totalBatches);
      out.writeLong(lastVersion);
      out.writeInt(overrides.size());
      for (LearningRatePlan.Override o : overrides) {
        out.writeLong(o.batch());
        out.writeDouble(o.rate());
      }
      out.writeInt(learnerState.length);
      out.write(learnerState);
      out.writeBoolean(finished);
      out.writeLong(writtenMillis);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IOException if the bytes are truncated, damaged (CRC) or not a checkpoint
   */
  public static TrainingCheckpoint decode(byte[] data) throws IOException {
    if (data.length < 16) {
      throw new IOException("checkpoint file too short (" + data.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = new DataInputStream(new ByteArrayInputStream(data, data.length - 8, 8)).readLong();
    if (crc.getValue() != stored) {
      throw new IOException("checkpoint file damaged (CRC mismatch)");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a training checkpoint");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("checkpoint format " + format + " is not supported (expected " + FORMAT + ")");
    }
    String sessionId = in.readUTF();
    String modelId = in.readUTF();
    long startVersion = in.readLong();
    String datasetId = in.readUTF();
    byte[] request = readBytes(in);
    long batches = in.readLong();
    long total = in.readLong();
    long lastVersion = in.readLong();
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("checkpoint damaged: " + n + " overrides");
    }
    List<LearningRatePlan.Override> overrides = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      overrides.add(new LearningRatePlan.Override(in.readLong(), in.readDouble()));
    }
    byte[] state = readBytes(in);
    boolean finished = in.readBoolean();
    long written = in.readLong();
    return new TrainingCheckpoint(sessionId, modelId, startVersion, datasetId, request, batches, total, lastVersion,
        overrides, state, finished, written);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("checkpoint damaged: a field claims " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
