package org.ebmsim.family;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A model being trained: its parameters, the optimizer's state and (PCD) its persistent chains.
 * Made by {@link EnergyModel#learner}; plain math, used by one thread at a time.
 *
 * <p>Determinism: everything random in an update comes from the {@link SplittableRandom} passed
 * in (the training session derives one per batch from its seed and the batch's position), and
 * {@link #writeState}/{@link #readState} carry everything else, so a learner restored from a
 * checkpoint continues bit for bit like one that never stopped.
 */
public interface Learner {
  /** Columns a data row must have (the visible layer's units). */
  int visibleUnits();

  /**
   * One mini-batch update: rows {@code index[from .. from+count)} of {@code data} are the
   * positive phase; learning rate {@code learningRate} (finite, > 0).
   */
  void update(TrainingData data, int[] index, int from, int count, double learningRate, SplittableRandom random);

  /** Metrics over rows {@code index[from .. from+count)} of {@code data}. */
  TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random);

  /** The current parameters as an immutable model of the same family (a new version to store). */
  EnergyModel snapshot();

  /** Writes parameters, optimizer state and persistent chains. */
  void writeState(DataOutputStream out) throws IOException;

  /**
   * Replaces parameters, optimizer state and persistent chains by what {@link #writeState} wrote
   * from a learner with the same model shape and settings.
   *
   * @throws IOException if the bytes are not such a state
   */
  void readState(DataInputStream in) throws IOException;

  /** Bytes this learner holds (parameters, optimizer, chains, scratch), for the memory budget. */
  long heapBytes();
}
