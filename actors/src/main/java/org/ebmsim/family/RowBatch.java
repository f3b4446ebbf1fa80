package org.ebmsim.family;

import org.ebmsim.errors.InvalidRequestException;

/**
 * The rows of one mini-batch copied out of a {@link TrainingData} into a buffer reused across
 * batches (the trainers take a dense row-major batch, and a fresh array per batch would be garbage
 * at every update).
 */
public final class RowBatch {
  private final int columns;
  private final String model;
  private float[] rows = new float[0];

  /**
   * @param columns values per row the model takes
   * @param model how a column-count error names the model's side, e.g. "the Hopfield network has 16 units"
   */
  public RowBatch(int columns, String model) {
    this.columns = columns;
    this.model = model;
  }

  public int columns() {
    return columns;
  }

  /**
   * Rows {@code index[from .. from+count)} of {@code data}, row-major, in the reused buffer (valid
   * until the next call).
   *
   * @throws InvalidRequestException if the data's rows are not {@link #columns} long
   */
  public float[] gather(TrainingData data, int[] index, int from, int count) {
    requireColumns(data, columns, model);
    if (rows.length < count * columns) {
      rows = new float[count * columns];
    }
    data.gather(index, from, count, rows);
    return rows;
  }

  /** Bytes of the buffer. */
  public long heapBytes() {
    return 4L * rows.length;
  }

  /** @throws InvalidRequestException if {@code data}'s rows are not {@code columns} long */
  public static void requireColumns(TrainingData data, int columns, String model) {
    if (data.cols() != columns) {
      throw new InvalidRequestException("training data has " + data.cols() + " columns but " + model);
    }
  }
}
