package org.ebmsim.dynamics.mapping;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The projection (pseudo-inverse) Hopfield rule {@code J = ξ(ξᵀξ)⁻¹ξᵀ} for patterns ξ (N × p,
 * row-major, columns are patterns) and the fixed-point test of its deterministic dynamics.
 * Stateless.
 */
public final class ProjectionHopfield {
  private ProjectionHopfield() {}

  /**
   * {@code J = ξ(ξᵀξ)⁻¹ξᵀ}, the orthogonal projector onto the span of the patterns, computed as
   * {@code UUᵀ} from the thin SVD (singular values below {@code 1e-10·σ_max} dropped), which equals
   * the formula for independent patterns and stays defined when some are dependent. Self-couplings
   * (the diagonal) are included.
   *
   * @return N × N row-major
   */
  public static double[] couplings(double[] patterns, int n, int p) {
    PatternChecks.shape(patterns, n, p);
    DMatrixRMaj xi = DMatrixRMaj.wrap(n, p, patterns.clone());
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, p, true, false, true);
    if (!svd.decompose(xi)) {
      throw new IllegalStateException("SVD of the pattern matrix did not converge");
    }
    DMatrixRMaj u = svd.getU(null, false);
    double[] sv = svd.getSingularValues();
    double max = 0;
    for (double s : sv) {
      max = Math.max(max, s);
    }
    int cols = u.numCols;
    DMatrixRMaj kept = new DMatrixRMaj(n, cols);
    int k = 0;
    for (int j = 0; j < sv.length && j < cols; j++) {
      if (sv[j] > 1e-10 * max) {
        for (int i = 0; i < n; i++) {
          kept.set(i, k, u.get(i, j));
        }
        k++;
      }
    }
    kept.reshape(n, k, true);
    DMatrixRMaj j = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransB(kept, kept, j);
    return j.data;
  }

  /**
   * Whether {@code state} (±1, length N) is a fixed point of the deterministic dynamics of
   * couplings J: for every i, {@code s_i = +1 if h_i > 0 else −1} with
   * {@code h_i = Σ_{j≠i} J_ij s_j} (MATH.md §1: the diagonal is excluded, i.e. treated as zero, and
   * a zero field maps to −1).
   */
  public static boolean isFixedPoint(double[] couplings, int n, double[] state) {
    if (couplings.length != (long) n * n || state.length != n) {
      throw new IllegalArgumentException("couplings must be N×N and state length N = " + n + " (got "
          + couplings.length + " and " + state.length + ")");
    }
    for (int i = 0; i < n; i++) {
      double h = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          h += couplings[i * n + j] * state[j];
        }
      }
      double next = h > 0 ? 1 : -1;
      if (next != state[i]) {
        return false;
      }
    }
    return true;
  }
}
