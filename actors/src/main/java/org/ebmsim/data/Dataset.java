package org.ebmsim.data;

import java.util.Arrays;
import java.util.Objects;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.TrainingData;

/**
 * An immutable table of {@code rows × cols} float32 values (row-major, finite), with optional
 * class labels, an optional image shape per row and a train / held-out split of the rows.
 * Nobody writes into the arrays after construction; {@link #toTrainingData} of {@link Part#ALL}
 * shares them.
 */
public final class Dataset {
  /** Labels are below this: more classes than this are not a labelling but a mistake. */
  public static final int MAX_CLASSES = 65536;

  /** Which rows a consumer wants. */
  public enum Part {
    /** Every row, in order. */
    ALL,
    /** Rows not held out, in order. */
    TRAIN,
    /** Held-out rows, in order. */
    HELD_OUT
  }

  private final int rows;
  private final int cols;
  private final float[] values;
  private final int[] labels;
  private final int classes;
  private final int imageHeight;
  private final int imageWidth;
  private final int[] heldOut;
  private final int[] train;
  private final float min;
  private final float max;

  /**
   * @param values row-major, length rows·cols, finite (taken, not copied)
   * @param labels one non-negative class below {@link #MAX_CLASSES} per row, or null (taken)
   * @param imageHeight with {@code imageWidth}: 0 × 0, or a shape of {@code cols} pixels
   * @param heldOut ascending distinct row indices held out (taken); empty for none
   * @throws InvalidRequestException if any of this does not hold (the data came from a client)
   */
  public Dataset(int rows, int cols, float[] values, int[] labels, int imageHeight, int imageWidth, int[] heldOut) {
    Objects.requireNonNull(values, "values");
    InvalidRequestException.require(rows >= 1 && cols >= 1,
        "a dataset needs at least one row and one column (got " + rows + " x " + cols + ")");
    InvalidRequestException.require((long) rows * cols == values.length,
        "a dataset of " + rows + " x " + cols + " needs " + (long) rows * cols + " values, got " + values.length);
    InvalidRequestException.require(labels == null || labels.length == rows,
        (labels == null ? 0 : labels.length) + " labels for " + rows + " rows: there must be one label per row");
    InvalidRequestException.require(imageHeight >= 0 && imageWidth >= 0
        && ((imageHeight == 0 && imageWidth == 0) || (long) imageHeight * imageWidth == cols),
        "image shape " + imageHeight + " x " + imageWidth + " does not cover the " + cols + " values of a row");
    this.rows = rows;
    this.cols = cols;
    this.values = values;
    this.labels = labels;
    this.imageHeight = imageHeight;
    this.imageWidth = imageWidth;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < values.length; k++) {
      float v = values[k];
      if (!Float.isFinite(v)) {
        throw new InvalidRequestException("value " + v + " at row " + k / cols + ", column " + k % cols
            + " is not finite");
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    this.min = lo;
    this.max = hi;
    int top = -1;
    if (labels != null) {
      for (int r = 0; r < rows; r++) {
        int l = labels[r];
        if (l < 0 || l >= MAX_CLASSES) {
          throw new InvalidRequestException("label " + l + " of row " + r + " is not in [0, " + MAX_CLASSES + ")");
        }
        top = Math.max(top, l);
      }
    }
    this.classes = top + 1;
    this.heldOut = Objects.requireNonNull(heldOut, "heldOut");
    this.train = complement(heldOut, rows);
  }

  /** Rows in {@code [0, rows)} that are not in the ascending {@code heldOut}; checks it. */
  private static int[] complement(int[] heldOut, int rows) {
    InvalidRequestException.require(heldOut.length < rows,
        "holding out " + heldOut.length + " of " + rows + " rows leaves none for training");
    int[] out = new int[rows - heldOut.length];
    int h = 0;
    int t = 0;
    for (int r = 0; r < rows; r++) {
      if (h < heldOut.length && heldOut[h] == r) {
        h++;
      } else {
        out[t++] = r;
      }
    }
    InvalidRequestException.require(h == heldOut.length,
        "held-out rows must be distinct, ascending and below " + rows);
    return out;
  }

  /** Bytes a dataset of this shape holds: values, labels, split indices and headers. */
  public static long heapBytes(long rows, long cols, boolean labelled) {
    return 4 * rows * cols + (labelled ? 4 * rows : 0) + 4 * rows + 256;
  }

  public long heapBytes() {
    return heapBytes(rows, cols, labels != null);
  }

  /** The same rows and labels with {@code heldOut} (ascending distinct row indices) held out. */
  public Dataset withHeldOut(int[] heldOut) {
    return new Dataset(rows, cols, values, labels, imageHeight, imageWidth, heldOut.clone());
  }

  /** The same shape, labels and split with other values (rows·cols, finite; taken). */
  public Dataset withValues(float[] newValues) {
    return new Dataset(rows, cols, newValues, labels, imageHeight, imageWidth, heldOut);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Row-major values: do not modify. */
  public float[] values() {
    return values;
  }

  public float value(int row, int col) {
    return values[row * cols + col];
  }

  public boolean hasLabels() {
    return labels != null;
  }

  /** The labels (do not modify), or null. */
  public int[] labels() {
    return labels;
  }

  /** Largest label + 1; 0 without labels. */
  public int classes() {
    return classes;
  }

  /** Rows of each class, {@link #classes()} entries. */
  public long[] labelCounts() {
    long[] counts = new long[classes];
    if (labels != null) {
      for (int l : labels) {
        counts[l]++;
      }
    }
    return counts;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public boolean isImage() {
    return imageHeight > 0;
  }

  public float min() {
    return min;
  }

  public float max() {
    return max;
  }

  /** Ascending indices of the rows of {@code part} (a copy). */
  public int[] rowsOf(Part part) {
    return switch (part) {
      case ALL -> {
        int[] all = new int[rows];
        Arrays.setAll(all, i -> i);
        yield all;
      }
      case TRAIN -> train.clone();
      case HELD_OUT -> heldOut.clone();
    };
  }

  public int rowCount(Part part) {
    return switch (part) {
      case ALL -> rows;
      case TRAIN -> train.length;
      case HELD_OUT -> heldOut.length;
    };
  }

  /**
   * Bytes {@link #toTrainingData} allocates for {@code part}: nothing for ALL (it shares this
   * dataset's arrays), a copy of the rows otherwise.
   */
  public long trainingDataBytes(Part part) {
    return part == Part.ALL ? 0 : 4L * rowCount(part) * (cols + (labels != null ? 1 : 0));
  }

  /**
   * The rows of {@code part} as a training session consumes them. ALL shares this dataset's
   * arrays; TRAIN and HELD_OUT copy their rows ({@link #trainingDataBytes}). A part without rows
   * (HELD_OUT of a dataset without a split) has 0 rows.
   */
  public TrainingData toTrainingData(Part part) {
    if (part == Part.ALL) {
      return new TrainingData(rows, cols, values, labels, classes);
    }
    int[] pick = part == Part.TRAIN ? train : heldOut;
    float[] v = new float[pick.length * cols];
    int[] l = labels == null ? null : new int[pick.length];
    for (int i = 0; i < pick.length; i++) {
      System.arraycopy(values, pick[i] * cols, v, i * cols, cols);
      if (l != null) {
        l[i] = labels[pick[i]];
      }
    }
    return new TrainingData(pick.length, cols, v, l, classes);
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " x " + cols + (labels != null ? ", " + classes + " classes" : "")
        + (isImage() ? ", images " + imageHeight + " x " + imageWidth : "") + ", " + heldOut.length + " held out]";
  }
}
