package org.ebmsim.actor.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.ebmsim.session.ClampAt;

/**
 * What a chain group that may be moved between nodes needs beyond its spec: where it keeps its
 * checkpoints and how often, and the session's clamp log (to replay the rounds between its last
 * checkpoint and the session's current round exactly).
 *
 * @param every sweeps (AIS groups: temperatures) between checkpoints, at least: a group checkpoints
 *     at the first report boundary this far past its last one where its kernels can resume exactly
 */
public record GroupRecovery(Checkpoints checkpoints, long every, List<ClampAt> clampLog) {
  public GroupRecovery {
    clampLog = List.copyOf(clampLog);
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint interval must be >= 1 sweep");
    }
  }

  /** Where one group's checkpoint lives (a {@link GroupCheckpoint} or an {@link AisCheckpoint}). */
  public interface Checkpoints {
    /** The latest checkpoint, read by {@code reader}; empty if there is none. */
    <T> Optional<T> latest(Reader<T> reader);

    /** Replaces the latest checkpoint atomically (a reader sees the old one or the new one, whole). */
    void save(Writer writer);
  }

  /** Reads a checkpoint from its file's bytes. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** Writes a checkpoint as its file's bytes. */
  @FunctionalInterface
  public interface Writer {
    void write(DataOutputStream out) throws IOException;
  }
}
