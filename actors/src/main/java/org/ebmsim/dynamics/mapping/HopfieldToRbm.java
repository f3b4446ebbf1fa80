package org.ebmsim.dynamics.mapping;

import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Exact map from a projection Hopfield network with ±1 patterns ξ (N × p, p &lt; N, independent) to
 * the binary–Gaussian RBM with weights W having orthonormal columns that span the patterns, so
 * that {@code WWᵀ = ξ(ξᵀξ)⁻¹ξᵀ = J} and, with self-couplings kept, {@code Z_hopfield = Z_visible}.
 * Also returns the p × p transform X* with {@code ξ = W X*}, the exact start for the reverse map.
 * Stateless.
 */
public final class HopfieldToRbm {
  private HopfieldToRbm() {}

  /** How the patterns are orthonormalised; all give the same J, differing by a rotation of W. */
  public enum Orthogonalization {
    /** Thin QR {@code ξ = QR}, R with positive diagonal: W = Q, X* = R (upper triangular). */
    QR,
    /** Thin SVD {@code ξ = UΣVᵀ}: W = U, X* = ΣVᵀ. */
    SVD,
    /** Symmetric root {@code K = ξ(ξᵀξ)^{-1/2}}: W = K, X* = (ξᵀξ)^{1/2}. */
    SYMMETRIC_ROOT
  }

  /** The mapped RBM, the method, and X* (p × p row-major) with {@code ξ = W X*}. */
  public record MappedRbm(BinaryGaussianRbm rbm, Orthogonalization method, double[] patternTransform) {}

  private static final double INDEPENDENCE_TOLERANCE = 1e-10;

  /**
   * Builds the binary–Gaussian RBM of the projection Hopfield network.
   *
   * @param patterns ξ, row-major N × p, entries ±1, one pattern per column (not modified)
   * @param inverseTemperature β &gt; 0 of the RBM (the Hopfield law is {@code ∝ e^{−βE}})
   * @param visibleBias b (length N) or null for zeros; the hidden bias is zero
   * @throws IllegalArgumentException for entries other than ±1, p ≥ N, or dependent patterns
   */
  public static MappedRbm map(double[] patterns, int n, int p, Orthogonalization method, double inverseTemperature,
      double[] visibleBias) {
    PatternChecks.spins(patterns, n, p);
    if (method == null) {
      throw new IllegalArgumentException("method must be one of QR, SVD, SYMMETRIC_ROOT");
    }
    DMatrixRMaj xi = DMatrixRMaj.wrap(n, p, patterns.clone());
    requireIndependent(xi);
    DMatrixRMaj w;
    DMatrixRMaj x;
    switch (method) {
      case QR -> {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, p);
        if (!qr.decompose(xi.copy())) {
          throw new IllegalStateException("QR decomposition failed");
        }
        w = qr.getQ(null, true);
        x = qr.getR(null, true);
        // make diag(R) positive so the decomposition is unique: flip column k of Q with row k of R
        for (int k = 0; k < p; k++) {
          if (x.get(k, k) < 0) {
            for (int i = 0; i < n; i++) {
              w.set(i, k, -w.get(i, k));
            }
            for (int j = 0; j < p; j++) {
              x.set(k, j, -x.get(k, j));
            }
          }
        }
      }
      case SVD -> {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, p, true, true, true);
        if (!svd.decompose(xi.copy())) {
          throw new IllegalStateException("SVD of the pattern matrix did not converge");
        }
        w = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] sv = svd.getSingularValues();
        x = new DMatrixRMaj(p, p);
        for (int k = 0; k < p; k++) {
          for (int j = 0; j < p; j++) {
            x.set(k, j, sv[k] * v.get(j, k)); // (ΣVᵀ)_kj
          }
        }
      }
      default -> {
        DMatrixRMaj gram = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(xi, xi, gram);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(gram.copy())) {
          throw new IllegalStateException("eigen-decomposition of ξᵀξ did not converge");
        }
        DMatrixRMaj invRoot = new DMatrixRMaj(p, p);
        x = new DMatrixRMaj(p, p);
        for (int k = 0; k < p; k++) {
          double lambda = eig.getEigenvalue(k).getReal();
          DMatrixRMaj e = eig.getEigenVector(k);
          double r = Math.sqrt(Math.max(lambda, 0));
          for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
              double ee = e.get(a, 0) * e.get(b, 0);
              x.add(a, b, r * ee);
              if (r > 0) {
                invRoot.add(a, b, ee / r);
              }
            }
          }
        }
        w = new DMatrixRMaj(n, p);
        CommonOps_DDRM.mult(xi, invRoot, w);
      }
    }
    BinaryGaussianRbm rbm = BinaryGaussianRbm.of(n, p, w.data, visibleBias, null, inverseTemperature);
    return new MappedRbm(rbm, method, x.data);
  }

  /** Checks the singular values of ξ: the smallest must exceed 1e-10 of the largest. */
  private static void requireIndependent(DMatrixRMaj xi) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(xi.numRows, xi.numCols, false, false, true);
    if (!svd.decompose(xi.copy())) {
      throw new IllegalStateException("SVD of the pattern matrix did not converge");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double s : svd.getSingularValues()) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    if (!(min > INDEPENDENCE_TOLERANCE * max)) {
      throw new IllegalArgumentException("patterns must be linearly independent (smallest singular value of ξ is "
          + min + ", largest " + max + ")");
    }
  }
}
