package org.ebmsim.dynamics.train;

import org.ebmsim.dynamics.blas.Gemm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The top principal components of a data matrix: the leading eigenvectors of the covariance of the
 * centred rows. The covariance (cols × cols) is one dgemm, so the cost is O(rows·cols²) for the
 * product and O(cols³) for the symmetric eigen-decomposition, whatever the number of rows.
 * Stateless.
 */
public final class PrincipalComponents {
  private PrincipalComponents() {}

  /**
   * The {@code count} leading components as the columns of a cols × count row-major matrix
   * (orthonormal), ordered by decreasing variance; each column's sign makes its largest-magnitude
   * entry positive (eigenvectors are defined up to sign; this makes the result deterministic).
   *
   * @param values row-major rows × cols
   * @throws IllegalArgumentException if count is not in [1, cols] or there are fewer than 2 rows
   */
  public static double[] top(float[] values, int rows, int cols, int count, Gemm gemm) {
    if (count < 1 || count > cols) {
      throw new IllegalArgumentException("principal components: need 1 <= count <= " + cols + " (got " + count + ")");
    }
    if (rows < 2 || values.length != (long) rows * cols) {
      throw new IllegalArgumentException("principal components need at least 2 rows of " + cols + " values");
    }
    double[] mean = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        mean[c] += values[r * cols + c];
      }
    }
    double[] centred = new double[rows * cols];
    for (int c = 0; c < cols; c++) {
      mean[c] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        centred[r * cols + c] = values[r * cols + c] - mean[c];
      }
    }
    DMatrixRMaj cov = new DMatrixRMaj(cols, cols);
    gemm.dgemm(true, false, cols, cols, rows, 1.0 / (rows - 1), centred, cols, centred, cols, 0.0, cov.data, cols);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(cols, true, true);
    if (!eig.decompose(cov)) {
      throw new IllegalStateException("eigen-decomposition of the covariance did not converge");
    }
    Integer[] order = new Integer[cols];
    double[] lambda = new double[cols];
    for (int k = 0; k < cols; k++) {
      order[k] = k;
      lambda[k] = eig.getEigenvalue(k).getReal();
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
    double[] out = new double[cols * count];
    for (int m = 0; m < count; m++) {
      DMatrixRMaj v = eig.getEigenVector(order[m]);
      int largest = 0;
      for (int c = 1; c < cols; c++) {
        if (Math.abs(v.get(c, 0)) > Math.abs(v.get(largest, 0))) {
          largest = c;
        }
      }
      double sign = v.get(largest, 0) < 0 ? -1 : 1;
      double norm = 0;
      for (int c = 0; c < cols; c++) {
        norm += v.get(c, 0) * v.get(c, 0);
      }
      double scale = sign / Math.sqrt(norm);
      for (int c = 0; c < cols; c++) {
        out[c * count + m] = scale * v.get(c, 0);
      }
    }
    return out;
  }
}
