package org.ebmsim.dynamics.mapping;

/** Validation of pattern and weight matrices (messages name the field and the rule). */
final class PatternChecks {
  private PatternChecks() {}

  static void shape(double[] matrix, int n, int p) {
    if (n < 1 || p < 1) {
      throw new IllegalArgumentException("patterns must have N >= 1 rows and p >= 1 columns (got " + n + " × " + p + ")");
    }
    if (matrix == null || matrix.length != (long) n * p) {
      throw new IllegalArgumentException("patterns must have N*p = " + ((long) n * p)
          + " entries, row-major N × p with one pattern per column (got "
          + (matrix == null ? "null" : matrix.length) + ")");
    }
  }

  static void spins(double[] patterns, int n, int p) {
    shape(patterns, n, p);
    for (int k = 0; k < patterns.length; k++) {
      if (patterns[k] != 1 && patterns[k] != -1) {
        throw new IllegalArgumentException("patterns[" + k / p + "][" + k % p + "] must be +1 or -1 (got "
            + patterns[k] + ")");
      }
    }
    if (p >= n) {
      throw new IllegalArgumentException("pattern count p must be < N for the projection rule (got p = " + p
          + ", N = " + n + ")");
    }
  }

  static void finite(String field, double[] m) {
    for (int k = 0; k < m.length; k++) {
      if (!Double.isFinite(m[k])) {
        throw new IllegalArgumentException(field + "[" + k + "] must be finite (got " + m[k] + ")");
      }
    }
  }
}
