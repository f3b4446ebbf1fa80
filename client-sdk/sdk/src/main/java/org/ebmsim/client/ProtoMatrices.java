package org.ebmsim.client;

import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SpinMatrix;

/** Conversions between Java arrays and the row-major {@link Matrix}/{@link SpinMatrix}. */
public final class ProtoMatrices {
  private ProtoMatrices() {}

  /**
   * Packs rows of ±1 spins into a {@link SpinMatrix}.
   *
   * @throws IllegalArgumentException if there are no rows, rows differ in length, or an
   *     entry is not ±1
   */
  public static SpinMatrix spinMatrix(int[][] rows) {
    int cols = checkRectangular(rows.length, rows.length == 0 ? 0 : rows[0].length, "spin");
    SpinMatrix.Builder b = SpinMatrix.newBuilder().setRows(rows.length).setCols(cols);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw ragged(r, rows[r].length, cols);
      }
      for (int c = 0; c < cols; c++) {
        int s = rows[r][c];
        if (s != 1 && s != -1) {
          throw new IllegalArgumentException(
              "spins must be -1 or +1; row " + r + ", column " + c + " is " + s);
        }
        b.addSpins(s);
      }
    }
    return b.build();
  }

  /** Packs one ±1 state as a one-row {@link SpinMatrix}. */
  public static SpinMatrix spinRow(int[] spins) {
    return spinMatrix(new int[][] {spins});
  }

  /**
   * Packs rows of finite reals into a {@link Matrix}.
   *
   * @throws IllegalArgumentException if there are no rows, rows differ in length, or an
   *     entry is NaN or infinite
   */
  public static Matrix matrix(double[][] rows) {
    int cols = checkRectangular(rows.length, rows.length == 0 ? 0 : rows[0].length, "matrix");
    Matrix.Builder b = Matrix.newBuilder().setRows(rows.length).setCols(cols);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw ragged(r, rows[r].length, cols);
      }
      for (int c = 0; c < cols; c++) {
        if (!Double.isFinite(rows[r][c])) {
          throw new IllegalArgumentException(
              "matrix entries must be finite; row " + r + ", column " + c + " is " + rows[r][c]);
        }
        b.addValues(rows[r][c]);
      }
    }
    return b.build();
  }

  /** Unpacks a {@link SpinMatrix} into rows. */
  public static int[][] rows(SpinMatrix m) {
    int[][] out = new int[m.getRows()][m.getCols()];
    for (int r = 0; r < out.length; r++) {
      for (int c = 0; c < m.getCols(); c++) {
        out[r][c] = m.getSpins(r * m.getCols() + c);
      }
    }
    return out;
  }

  /** Unpacks a {@link Matrix} into rows. */
  public static double[][] rows(Matrix m) {
    double[][] out = new double[m.getRows()][m.getCols()];
    for (int r = 0; r < out.length; r++) {
      for (int c = 0; c < m.getCols(); c++) {
        out[r][c] = m.getValues(r * m.getCols() + c);
      }
    }
    return out;
  }

  private static int checkRectangular(int rows, int cols, String what) {
    if (rows == 0 || cols == 0) {
      throw new IllegalArgumentException(
          "a " + what + " needs at least one row and one column (got " + rows + " x " + cols + ")");
    }
    return cols;
  }

  private static IllegalArgumentException ragged(int row, int got, int expected) {
    return new IllegalArgumentException(
        "rows must have equal lengths; row " + row + " has " + got + " entries, row 0 has " + expected);
  }
}
