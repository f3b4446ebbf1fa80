package org.ebmsim.cli;

/**
 * Rows of numbers read from a file, with where each number came from so that later checks
 * can point at it. Rows may differ in length only when the reader allowed it (it does not).
 *
 * @param source file name used in messages
 * @param rows the numbers, one array per row
 * @param lines 1-based line of each number (same shape as rows)
 * @param columns 1-based character column of each number (same shape as rows)
 */
record NumberTable(String source, double[][] rows, int[][] lines, int[][] columns) {

  /** {@code file:line:column} of entry (r, c). */
  String where(int r, int c) {
    return source + ":" + lines[r][c] + ":" + columns[r][c];
  }

  /** Number of rows. */
  int rowCount() {
    return rows.length;
  }

  /** Number of entries in all rows. */
  int size() {
    int n = 0;
    for (double[] row : rows) {
      n += row.length;
    }
    return n;
  }

  /** All entries, row after row. */
  double[] flatten() {
    double[] out = new double[size()];
    int k = 0;
    for (double[] row : rows) {
      System.arraycopy(row, 0, out, k, row.length);
      k += row.length;
    }
    return out;
  }

  /** {@code file:line:column} of the k-th entry in {@link #flatten()} order. */
  String whereFlat(int k) {
    for (int r = 0; r < rows.length; r++) {
      if (k < rows[r].length) {
        return where(r, k);
      }
      k -= rows[r].length;
    }
    throw new IndexOutOfBoundsException("entry " + k);
  }
}
