package org.ebmsim.dynamics.rbm;

/** Argument validation with messages naming the field and the rule (mapped to INVALID_ARGUMENT). */
final class Checks {
  private Checks() {}

  static void positiveUnits(String field, int units) {
    if (units < 1) {
      throw new IllegalArgumentException(field + " must be >= 1 (got " + units + ")");
    }
  }

  static double[] finiteVector(String field, double[] values, int length) {
    if (values == null) {
      return new double[length];
    }
    if (values.length != length) {
      throw new IllegalArgumentException(field + " must have " + length + " entries (got " + values.length + ")");
    }
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(field + "[" + i + "] must be finite (got " + values[i] + ")");
      }
    }
    return values.clone();
  }

  static double[] weights(double[] weights, int visible, int hidden) {
    if (weights == null) {
      throw new IllegalArgumentException("weights must not be null");
    }
    if (weights.length != (long) visible * hidden) {
      throw new IllegalArgumentException("weights must have visibleUnits*hiddenUnits = " + visible + "*" + hidden
          + " = " + ((long) visible * hidden) + " entries, row-major visible × hidden (got " + weights.length + ")");
    }
    for (int k = 0; k < weights.length; k++) {
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("weights[" + k / hidden + "][" + k % hidden + "] must be finite (got "
            + weights[k] + ")");
      }
    }
    return weights.clone();
  }

  static void positiveFinite(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and > 0 (got " + value + ")");
    }
  }

  static void batch(String field, org.ebmsim.dynamics.blas.FloatMatrix m, int cols) {
    if (m == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (m.cols() != cols) {
      throw new IllegalArgumentException(field + " must have " + cols + " columns (units) (got " + m.cols() + ")");
    }
    if (m.rows() < 1) {
      throw new IllegalArgumentException(field + " must have >= 1 rows (chains) (got " + m.rows() + ")");
    }
  }

  static void sameShape(String field, org.ebmsim.dynamics.blas.FloatMatrix m, int rows, int cols) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new IllegalArgumentException(field + " must be " + rows + " × " + cols + " (chains × units) (got "
          + m.rows() + " × " + m.cols() + ")");
    }
  }

  static void rngs(java.util.SplittableRandom[] rngs, int rows) {
    if (rngs == null || rngs.length != rows) {
      throw new IllegalArgumentException("rngs must have one stream per chain: " + rows + " (got "
          + (rngs == null ? "null" : rngs.length) + ")");
    }
  }
}
