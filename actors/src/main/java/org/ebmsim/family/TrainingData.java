package org.ebmsim.family;

import java.util.Objects;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Rows a model learns from, already transformed into the values of the model's visible layer
 * (bits, ±1 spins or reals): {@code rows × cols} floats, row-major, with optional class labels.
 * Immutable by convention: nobody writes into {@link #values} after construction.
 *
 * @param values row-major, length rows·cols, finite
 * @param labels class of each row (0-based), or null when the data has no labels
 * @param classes number of classes (0 without labels)
 */
public record TrainingData(int rows, int cols, float[] values, int[] labels, int classes) {
  public TrainingData {
    Objects.requireNonNull(values, "values");
    if (rows < 0 || cols <= 0 || (long) rows * cols != values.length) {
      throw new IllegalArgumentException("training data of " + rows + " x " + cols + " needs "
          + (long) rows * cols + " values, got " + values.length);
    }
    if (labels != null && labels.length != rows) {
      throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
    }
  }

  /** Copies rows {@code index[0..count)} into {@code into} (row-major, count × cols). */
  public void gather(int[] index, int from, int count, float[] into) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(values, index[from + r] * cols, into, r * cols, cols);
    }
  }

  /**
   * Rows {@code index[0 ..)} (all rows when {@code index} is null) as a block of {@code shape}
   * (bytes for discrete layers, floats for real ones): what AIS and samplers take. The values must
   * already be in the layer's domain.
   */
  public LayerBlock toBlock(LayerShape shape, int[] index) {
    int count = index == null ? rows : index.length;
    LayerBlock block = shape.type() == ValueType.REAL ? LayerBlock.ofFloats(shape, count)
        : LayerBlock.ofBytes(shape, count);
    for (int r = 0; r < count; r++) {
      int base = (index == null ? r : index[r]) * cols;
      for (int u = 0; u < cols; u++) {
        block.set(r, u, values[base + u]);
      }
    }
    return block;
  }

  public boolean hasLabels() {
    return labels != null;
  }
}
