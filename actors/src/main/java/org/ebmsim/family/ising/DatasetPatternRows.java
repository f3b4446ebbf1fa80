package org.ebmsim.family.ising;

import static org.ebmsim.errors.InvalidRequestException.require;

import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.TrainingData;
import org.ebmsim.proto.v1.DatasetPatterns;

/**
 * The ±1 patterns a {@code HopfieldFromDataset} spec selects from a dataset: all rows, the first
 * n, or the sign of each class's mean row. Values must all be ±1 or all in {0, 1} (→ 2v − 1).
 */
final class DatasetPatternRows {
  private DatasetPatternRows() {}

  /** Row-major p × N patterns; {@code count[0]} receives p. */
  static byte[] select(String datasetId, TrainingData data, DatasetPatterns which, int firstRows, int maxPatterns,
      int[] count) {
    boolean spins = checkValues(datasetId, data);
    int n = data.cols();
    float low = spins ? -1f : 0f;
    switch (which) {
      case DATASET_PATTERNS_UNSPECIFIED, ALL_ROWS -> {
        require(data.rows() >= 1, "dataset " + datasetId + " has no rows to store");
        ResourceLimitException.limit(data.rows() <= maxPatterns, "dataset " + datasetId + " has " + data.rows()
            + " rows, above the limit of " + maxPatterns + " stored patterns (ebmsim.limits.max-patterns)");
        count[0] = data.rows();
        return rows(data, data.rows(), low);
      }
      case FIRST_ROWS -> {
        long rows = Integer.toUnsignedLong(firstRows);
        require(rows >= 1 && rows <= data.rows(), "hopfield_dataset.rows must be in [1, " + data.rows()
            + "], the rows of dataset " + datasetId + " (got " + rows + ")");
        ResourceLimitException.limit(rows <= maxPatterns, "hopfield_dataset.rows = " + rows + " is above the limit"
            + " of " + maxPatterns + " stored patterns (ebmsim.limits.max-patterns)");
        count[0] = (int) rows;
        return rows(data, (int) rows, low);
      }
      case CLASS_MEANS -> {
        require(data.hasLabels(), "hopfield_dataset.patterns = CLASS_MEANS needs class labels, and dataset "
            + datasetId + " has none");
        return classMeans(data, low, maxPatterns, datasetId, count);
      }
      default -> throw new InvalidRequestException("hopfield_dataset.patterns must be ALL_ROWS, FIRST_ROWS or"
          + " CLASS_MEANS (got " + which + ")");
    }
  }

  /** True for ±1 data, false for {0, 1} data; INVALID_ARGUMENT naming the first other value. */
  private static boolean checkValues(String datasetId, TrainingData data) {
    float[] v = data.values();
    boolean minusOne = false;
    boolean zero = false;
    for (int k = 0; k < v.length; k++) {
      float x = v[k];
      if (x == -1f) {
        minusOne = true;
      } else if (x == 0f) {
        zero = true;
      } else if (x != 1f) {
        throw new InvalidRequestException("dataset " + datasetId + " has value " + x + " at row " + k / data.cols()
            + ", column " + k % data.cols() + "; a Hopfield network stores ±1 or {0, 1} values only");
      }
      if (minusOne && zero) {
        throw new InvalidRequestException("dataset " + datasetId + " mixes -1 and 0 (value " + x + " at row "
            + k / data.cols() + ", column " + k % data.cols() + "); its values must be all ±1 or all in {0, 1}");
      }
    }
    return minusOne;
  }

  private static byte[] rows(TrainingData data, int rows, float low) {
    int n = data.cols();
    byte[] xi = new byte[rows * n];
    float[] v = data.values();
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (byte) (v[k] == low ? -1 : 1);
    }
    return xi;
  }

  private static byte[] classMeans(TrainingData data, float low, int maxPatterns, String datasetId, int[] count) {
    int n = data.cols();
    int classes = 0;
    for (int label : data.labels()) {
      require(label >= 0, "dataset " + datasetId + " has a negative label " + label);
      classes = Math.max(classes, label + 1);
    }
    double[] sums = new double[(long) classes * n <= Integer.MAX_VALUE ? classes * n : 0];
    int[] members = new int[classes];
    float[] v = data.values();
    for (int r = 0; r < data.rows(); r++) {
      int c = data.labels()[r];
      members[c]++;
      for (int i = 0; i < n; i++) {
        sums[c * n + i] += v[r * n + i] == low ? -1 : 1;
      }
    }
    int present = 0;
    for (int m : members) {
      present += m > 0 ? 1 : 0;
    }
    ResourceLimitException.limit(present <= maxPatterns, "dataset " + datasetId + " has " + present + " classes,"
        + " above the limit of " + maxPatterns + " stored patterns (ebmsim.limits.max-patterns)");
    byte[] xi = new byte[present * n];
    int p = 0;
    for (int c = 0; c < classes; c++) {
      if (members[c] == 0) {
        continue; // no rows, no mean: the class has no pattern
      }
      for (int i = 0; i < n; i++) {
        xi[p * n + i] = (byte) (sums[c * n + i] >= 0 ? 1 : -1);
      }
      p++;
    }
    count[0] = present;
    return xi;
  }
}
