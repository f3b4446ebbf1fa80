package org.ebmsim.data;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.errors.InvalidRequestException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * ZCA whitening (Bell &amp; Sejnowski 1997; Krizhevsky 2009, appendix A): with the column means
 * μ and the covariance C = (X−μ)ᵀ(X−μ)/n = U diag(λ) Uᵀ, the rows become (x−μ) W with
 * W = U diag(1/√(λ+ε)) Uᵀ. The whitened covariance is W C W = U diag(λ/(λ+ε)) Uᵀ: the identity
 * up to ε, and unlike PCA whitening the result stays closest to the input (W is symmetric), so
 * whitened images still look like images. ε keeps near-zero directions (constant border pixels)
 * from being blown up.
 */
public final class ZcaWhitening {
  /** Columns above this make the d×d covariance and its eigen decomposition too costly. */
  public static final int MAX_COLUMNS = 4096;

  private ZcaWhitening() {}

  /** Bytes {@link #whiten} allocates besides the input: its output and the d×d matrices. */
  public static long workBytes(int rows, int cols) {
    return 4L * rows * cols + 8L * 4 * cols * cols + 4L * 2 * cols * cols;
  }

  /**
   * The whitened dataset (same labels, shape and split).
   *
   * @param epsilon ε > 0, finite
   */
  public static Dataset whiten(Dataset d, double epsilon, Gemm gemm) {
    InvalidRequestException.require(Double.isFinite(epsilon) && epsilon > 0,
        "zca_epsilon must be finite and > 0 (got " + epsilon + ")");
    int n = d.rows();
    int c = d.cols();
    InvalidRequestException.require(c <= MAX_COLUMNS,
        "ZCA whitening takes at most " + MAX_COLUMNS + " columns (the dataset has " + c + ")");
    float[] x = d.values();
    double[] mean = new double[c];
    for (int r = 0; r < n; r++) {
      int base = r * c;
      for (int j = 0; j < c; j++) {
        mean[j] += x[base + j];
      }
    }
    for (int j = 0; j < c; j++) {
      mean[j] /= n;
    }
    float[] centred = new float[n * c];
    for (int r = 0; r < n; r++) {
      int base = r * c;
      for (int j = 0; j < c; j++) {
        centred[base + j] = (float) (x[base + j] - mean[j]);
      }
    }
    float[] cov = new float[c * c];
    gemm.sgemm(true, false, c, c, n, 1f / n, centred, c, centred, c, 0f, cov, c);
    DMatrixRMaj covariance = new DMatrixRMaj(c, c);
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        // symmetrised: sgemm's two triangles may differ in the last bit
        covariance.set(i, j, 0.5 * ((double) cov[i * c + j] + cov[j * c + i]));
      }
    }
    float[] w = whiteningMatrix(covariance, epsilon, gemm);
    float[] out = new float[n * c];
    gemm.sgemm(false, false, n, c, c, 1f, centred, c, w, c, 0f, out, c);
    return d.withValues(out);
  }

  /** U diag(1/√(λ+ε)) Uᵀ of the symmetric {@code covariance}, as float32 row-major. */
  static float[] whiteningMatrix(DMatrixRMaj covariance, double epsilon, Gemm gemm) {
    int c = covariance.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(c, true, true);
    if (!eig.decompose(covariance.copy())) {
      throw new IllegalStateException("the eigen decomposition of the " + c + " x " + c + " covariance failed");
    }
    double[] u = new double[c * c];
    double[] scale = new double[c];
    for (int k = 0; k < c; k++) {
      DMatrixRMaj v = eig.getEigenVector(k);
      // covariance eigenvalues are ≥ 0; rounding can make the smallest slightly negative
      double lambda = Math.max(0, eig.getEigenvalue(k).getReal());
      scale[k] = 1 / Math.sqrt(lambda + epsilon);
      for (int i = 0; i < c; i++) {
        u[i * c + k] = v.get(i);
      }
    }
    double[] scaled = new double[c * c];
    for (int i = 0; i < c; i++) {
      for (int k = 0; k < c; k++) {
        scaled[i * c + k] = u[i * c + k] * scale[k];
      }
    }
    double[] product = new double[c * c];
    gemm.dgemm(false, true, c, c, c, 1.0, scaled, c, u, c, 0.0, product, c);
    float[] w = new float[c * c];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        // symmetrised like the covariance, so that W is exactly symmetric
        w[i * c + j] = (float) (0.5 * (product[i * c + j] + product[j * c + i]));
      }
    }
    return w;
  }
}
