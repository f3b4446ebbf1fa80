package org.ebmsim.session;

import java.io.IOException;
import org.ebmsim.family.EnergyModel;

/**
 * Where a training session's results go: new versions of its model and checkpoints. Implemented
 * by the server's stores; called from the training group's thread (blocking file I/O there, never
 * on the session actor's).
 */
public interface TrainingStorage {
  /**
   * Stores {@code model} as the next version of {@code modelId} and returns its number.
   *
   * @throws IOException if it could not be written (the previous version stays the latest)
   */
  long writeVersion(String modelId, EnergyModel model, String sessionId, long batches, int epoch) throws IOException;

  /** Writes {@code checkpoint} atomically and drops the oldest beyond the session's keep count. */
  void writeCheckpoint(TrainingCheckpoint checkpoint) throws IOException;
}
