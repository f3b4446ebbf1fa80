package org.ebmsim.dynamics.ising;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.ebmsim.dynamics.blas.Gemm;
import org.ejml.data.DMatrixRMaj;
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
    return hebbian(patternCount, units, patterns, Gemm.nativeOrFallback(1), () -> false);
  }

  /**
   * Hebbian rule as one product {@code ξᵀξ} through {@code gemm} (the sums are exact integers,
   * divided by N once), computed in blocks of rows with {@code cancelled} checked between them.
   *
   * @throws CancellationException if {@code cancelled} turns true
   */
  public static double[] hebbian(int patternCount, int units, byte[] patterns, Gemm gemm, BooleanSupplier cancelled) {
    checkPatterns(patternCount, units, patterns);
    double[] xi = toDouble(patterns);
    double[] w = gramOfColumns(xi, patternCount, units, gemm, cancelled);
    for (int k = 0; k < w.length; k++) {
      w[k] /= units;
    }
    for (int i = 0; i < units; i++) {
      w[i * units + i] = 0;
    }
    return w;
  }

  /** Rows of a product computed per call of the blocked products below (≈ 256·N·p multiply-adds). */
  private static final int BLOCK_ROWS = 256;

  /** {@code ξᵀξ} (N × N) of row-major p × N {@code xi}, in row blocks, checking cancellation. */
  private static double[] gramOfColumns(double[] xi, int p, int n, Gemm gemm, BooleanSupplier cancelled) {
    return productOfColumns(xi, xi, p, n, gemm, cancelled);
  }

  /** {@code Aᵀ B} (N × N) of row-major p × N {@code a} and {@code b}, in row blocks, checking cancellation. */
  private static double[] productOfColumns(double[] a, double[] b, int p, int n, Gemm gemm,
      BooleanSupplier cancelled) {
    double[] out = new double[n * n];
    for (int r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("storage rule cancelled");
      }
      int rows = Math.min(BLOCK_ROWS, n - r0);
      double[] cols = new double[p * rows]; // A[:, r0 .. r0+rows)
      for (int mu = 0; mu < p; mu++) {
        System.arraycopy(a, mu * n + r0, cols, mu * rows, rows);
      }
      double[] block = new double[rows * n];
      gemm.dgemm(true, false, rows, n, p, 1.0, cols, rows, b, n, 0.0, block, n);
      System.arraycopy(block, 0, out, r0 * n, rows * n);
    }
    return out;
  }

  private static double[] toDouble(byte[] patterns) {
    double[] out = new double[patterns.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = patterns[k];
    }
    return out;
  }

  /**
   * Projection (pseudo-inverse) rule {@code W = ξ(ξᵀξ)⁻¹ξᵀ}, diagonal set to zero.
   *
   * @throws IllegalArgumentException if {@code p >= N} or the patterns are linearly dependent
   */
  public static double[] projection(int patternCount, int units, byte[] patterns) {
    return projection(patternCount, units, patterns, Gemm.nativeOrFallback(1), () -> false);
  }

  /** {@link #projection(int, int, byte[])} with its N × N product through {@code gemm}, cancellable. */
  public static double[] projection(int patternCount, int units, byte[] patterns, Gemm gemm,
      BooleanSupplier cancelled) {
    double[] full = projectionWithDiagonal(patternCount, units, patterns, gemm, cancelled);
    for (int i = 0; i < units; i++) {
      full[i * units + i] = 0;
    }
    return full;
  }

  /** The projector {@code ξ(ξᵀξ)⁻¹ξᵀ} itself, diagonal kept (the mapping paper's convention). */
  public static double[] projectionWithDiagonal(int patternCount, int units, byte[] patterns) {
    return projectionWithDiagonal(patternCount, units, patterns, Gemm.nativeOrFallback(1), () -> false);
  }

  private static double[] projectionWithDiagonal(int patternCount, int units, byte[] patterns, Gemm gemm,
      BooleanSupplier cancelled) {
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
    gemm.dgemm(false, true, patternCount, patternCount, units, 1.0, xiT.data, units, xiT.data, units, 0.0, gram.data,
        patternCount);
    checkIndependent(gram);
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("storage rule cancelled");
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(patternCount);
    if (!solver.setA(gram.copy())) {
      throw new IllegalArgumentException(
          "projection rule needs linearly independent patterns (the pattern Gram matrix is singular)");
    }
    DMatrixRMaj solved = new DMatrixRMaj(patternCount, units); // (ξᵀξ)⁻¹ ξᵀ
    solver.solve(xiT, solved);
    double[] w = productOfColumns(xiT.data, solved.data, patternCount, units, gemm, cancelled); // ξ · (ξᵀξ)⁻¹ξᵀ
    // Symmetrise away round-off so IsingModel's symmetry check sees an exact projector.
    for (int i = 0; i < units; i++) {
      for (int j = i + 1; j < units; j++) {
        double mean = 0.5 * (w[i * units + j] + w[j * units + i]);
        w[i * units + j] = mean;
        w[j * units + i] = mean;
      }
    }
    return w;
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
