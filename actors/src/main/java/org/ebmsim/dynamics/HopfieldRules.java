package org.ebmsim.dynamics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Storage rules that turn ±1 patterns into Hopfield weights (MATH.md §1).
 *
 * <p>Patterns are passed as a row-major {@code p × N} byte array (one pattern per row, entries
 * ±1); the returned weights are row-major {@code N × N}, symmetric, with zero diagonal.
 */
public final class HopfieldRules {
  private HopfieldRules() {}

  /** Hebbian rule {@code W = (1/N) Σ_μ ξ^μ ξ^μᵀ}, diagonal set to zero. */
  public static double[] hebbian(int patternCount, int units, byte[] patterns) {
    checkPatterns(patternCount, units, patterns);
    double[] w = new double[units * units];
    double scale = 1.0 / units;
    for (int mu = 0; mu < patternCount; mu++) {
      int off = mu * units;
      for (int i = 0; i < units; i++) {
        double xi = patterns[off + i] * scale;
        int row = i * units;
        for (int j = 0; j < units; j++) {
          w[row + j] += xi * patterns[off + j];
        }
      }
    }
    for (int i = 0; i < units; i++) {
      w[i * units + i] = 0;
    }
    return w;
  }

  /**
   * Projection (pseudo-inverse) rule {@code W = ξ(ξᵀξ)⁻¹ξᵀ}, diagonal set to zero.
   *
   * @throws IllegalArgumentException if {@code p >= N} or the patterns are linearly dependent
   */
  public static double[] projection(int patternCount, int units, byte[] patterns) {
    double[] full = projectionWithDiagonal(patternCount, units, patterns);
    for (int i = 0; i < units; i++) {
      full[i * units + i] = 0;
    }
    return full;
  }

  /** The projector {@code ξ(ξᵀξ)⁻¹ξᵀ} itself, diagonal kept (the mapping paper's convention). */
  public static double[] projectionWithDiagonal(int patternCount, int units, byte[] patterns) {
    checkPatterns(patternCount, units, patterns);
    if (patternCount >= units) {
      throw new IllegalArgumentException("projection rule needs fewer patterns than units (got p = "
          + patternCount + ", N = " + units + ")");
    }
    // xiT is p × N (rows = patterns), so ξᵀξ = xiT · xiTᵀ (p × p).
    DMatrixRMaj xiT = new DMatrixRMaj(patternCount, units);
    for (int k = 0; k < patterns.length; k++) {
      xiT.data[k] = patterns[k];
    }
    DMatrixRMaj gram = new DMatrixRMaj(patternCount, patternCount);
    CommonOps_DDRM.multTransB(xiT, xiT, gram);
    checkIndependent(gram);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(patternCount);
    if (!solver.setA(gram.copy())) {
      throw new IllegalArgumentException(
          "projection rule needs linearly independent patterns (the pattern Gram matrix is singular)");
    }
    DMatrixRMaj solved = new DMatrixRMaj(patternCount, units); // (ξᵀξ)⁻¹ ξᵀ
    solver.solve(xiT, solved);
    DMatrixRMaj w = new DMatrixRMaj(units, units);
    CommonOps_DDRM.multTransA(xiT, solved, w); // ξ · (ξᵀξ)⁻¹ξᵀ
    // Symmetrise away round-off so IsingModel's symmetry check sees an exact projector.
    for (int i = 0; i < units; i++) {
      for (int j = i + 1; j < units; j++) {
        double mean = 0.5 * (w.get(i, j) + w.get(j, i));
        w.set(i, j, mean);
        w.set(j, i, mean);
      }
    }
    return w.data;
  }

  /** Smallest accepted {@code sin²} of the angle between a pattern and the span of the earlier ones. */
  private static final double MIN_RELATIVE_PIVOT = 1e-10;

  /**
   * Rejects linearly dependent patterns. The Cholesky factor {@code ξᵀξ = LLᵀ} has
   * {@code L_μμ² / (ξᵀξ)_μμ = sin²θ_μ}, θ_μ the angle between pattern μ and the span of patterns
   * {@code 0..μ-1}: zero (up to round-off) exactly when pattern μ depends on the earlier ones.
   * Unlike a determinant-style quality (a product of p pivot ratios), this does not shrink
   * exponentially with p, so many independent random patterns (p close to N) are accepted.
   */
  private static void checkIndependent(DMatrixRMaj gram) {
    int p = gram.numRows;
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(p, true);
    boolean ok = chol.decompose(gram.copy());
    if (ok) {
      DMatrixRMaj lower = chol.getT(null);
      for (int mu = 0; mu < p && ok; mu++) {
        double pivot = lower.get(mu, mu);
        ok = pivot * pivot > MIN_RELATIVE_PIVOT * gram.get(mu, mu);
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "projection rule needs linearly independent patterns (the pattern Gram matrix is singular)");
    }
  }

  private static void checkPatterns(int patternCount, int units, byte[] patterns) {
    if (patternCount < 1) {
      throw new IllegalArgumentException("at least one pattern is needed (got " + patternCount + ")");
    }
    if (units < 2) {
      throw new IllegalArgumentException("patterns need at least 2 units (got " + units + ")");
    }
    if (patterns.length != patternCount * units) {
      throw new IllegalArgumentException("patterns must have p*N = " + (patternCount * units)
          + " entries (got " + patterns.length + ")");
    }
    for (int k = 0; k < patterns.length; k++) {
      if (patterns[k] != 1 && patterns[k] != -1) {
        throw new IllegalArgumentException("patterns[" + k / units + "][" + k % units
            + "] must be -1 or +1 (got " + patterns[k] + ")");
      }
    }
  }
}
