package org.ebmsim.server.grpc;

import java.util.List;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SpinMatrix;

/**
 * Conversions between row-major Java arrays and the wire matrices, including the transposes the
 * RBM mapping needs (the wire holds one pattern per row, the math API one per column).
 */
final class ProtoMatrices {
  private ProtoMatrices() {}

  /** A {@code rows × cols} wire matrix of row-major {@code values}. */
  static Matrix matrix(int rows, int cols, double[] values) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (double v : values) {
      m.addValues(v);
    }
    return m.build();
  }

  /** A {@code rows × cols} spin matrix of row-major ±1 {@code values}. */
  static SpinMatrix spins(int rows, int cols, byte[] values) {
    SpinMatrix.Builder m = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (byte v : values) {
      m.addSpins(v);
    }
    return m.build();
  }

  /**
   * Patterns one per row (p × n bytes, the wire layout) from patterns one per column (n × p,
   * the math layout); entries ≤ 0 become −1.
   */
  static byte[] rowsFromColumns(double[] columns, int n, int p) {
    byte[] out = new byte[p * n];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        out[mu * n + i] = columns[i * p + mu] > 0 ? (byte) 1 : (byte) -1;
      }
    }
    return out;
  }

  /** Patterns one per column (n × p doubles, the math layout) from patterns one per row (p × n). */
  static double[] columnsFromRows(byte[] rows, int p, int n) {
    double[] out = new double[n * p];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        out[i * p + mu] = rows[mu * n + i];
      }
    }
    return out;
  }

  /** The values of {@code list} as an array. */
  static double[] array(List<Double> list) {
    double[] out = new double[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = list.get(k);
    }
    return out;
  }

  /** {@code values} as a list, or {@code n} zeros when {@code values} is null. */
  static List<Double> listOrZeros(double[] values, int n) {
    double[] v = values == null ? new double[n] : values;
    return java.util.Arrays.stream(v).boxed().toList();
  }
}
