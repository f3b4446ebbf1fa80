package org.ebmsim.family;

import java.util.List;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SpinMatrix;

/** Conversions between row-major Java arrays and the wire's matrices and vectors. */
public final class WireArrays {
  private WireArrays() {}

  /** A {@code rows × cols} wire matrix of row-major {@code values}. */
  public static Matrix matrix(int rows, int cols, double[] values) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (double v : values) {
      m.addValues(v);
    }
    return m.build();
  }

  /** A {@code rows × cols} spin matrix of row-major ±1 {@code values}. */
  public static SpinMatrix spins(int rows, int cols, byte[] values) {
    SpinMatrix.Builder m = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (byte v : values) {
      m.addSpins(v);
    }
    return m.build();
  }

  /** The stored patterns as a spin matrix (0 × units when there are none). */
  public static SpinMatrix spins(StoredPatterns p) {
    return p.count() == 0 ? SpinMatrix.getDefaultInstance() : spins(p.count(), p.units(), p.values());
  }

  /** The values of {@code list} as an array. */
  public static double[] array(List<Double> list) {
    double[] out = new double[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = list.get(k);
    }
    return out;
  }

  /** {@code values} as a list, or {@code n} zeros when {@code values} is null. */
  public static List<Double> listOrZeros(double[] values, int n) {
    double[] v = values == null ? new double[n] : values;
    return java.util.Arrays.stream(v).boxed().toList();
  }

  /** The row-major values of a wire matrix (no checks). */
  public static double[] values(Matrix m) {
    double[] out = new double[m.getValuesCount()];
    for (int k = 0; k < out.length; k++) {
      out[k] = m.getValues(k);
    }
    return out;
  }
}
