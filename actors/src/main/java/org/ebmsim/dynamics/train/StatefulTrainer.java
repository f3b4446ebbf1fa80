package org.ebmsim.dynamics.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A trainer whose whole state (parameters, optimizer velocities, persistent chains) can be saved
 * and restored bit for bit, so that a training session resumed from a checkpoint continues exactly
 * as one that never stopped. The family learners hand checkpoints and the memory budget to it.
 */
public interface StatefulTrainer {
  /** Writes parameters, optimizer state and (PCD) the persistent chains. */
  void writeState(DataOutput out) throws IOException;

  /**
   * Replaces the state by what {@link #writeState} wrote from a trainer of the same shape and settings.
   *
   * @throws IOException if the bytes are not such a state
   */
  void readState(DataInput in) throws IOException;

  /** Bytes held: parameters, velocities, gradients, chains and scratch. */
  long heapBytes();
}
