package org.ebmsim.dynamics.ising;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.ebmsim.dynamics.blas.Gemm;

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

  /** Rows of a block of the factorization below (and the most rows of a product per call). */
  private static final int BLOCK_ROWS = 256;

  /** Multiply-adds per call between cancellation checks (~0.05 s through BLAS). */
  private static final long WORK_PER_CALL = 1L << 28;

  /** Rows per call for products costing {@code workPerRow} multiply-adds per row. */
  private static int rowsPerCall(long workPerRow) {
    return (int) Math.max(1, Math.min(BLOCK_ROWS, WORK_PER_CALL / Math.max(1, workPerRow)));
  }

  /** {@code ξᵀξ} (N × N) of row-major p × N {@code xi}, in row blocks, checking cancellation. */
  private static double[] gramOfColumns(double[] xi, int p, int n, Gemm gemm, BooleanSupplier cancelled) {
    return productOfColumns(xi, xi, p, n, gemm, cancelled);
  }

  /** {@code Aᵀ B} (N × N) of row-major p × N {@code a} and {@code b}, in row blocks, checking cancellation. */
  private static double[] productOfColumns(double[] a, double[] b, int p, int n, Gemm gemm,
      BooleanSupplier cancelled) {
    double[] out = new double[n * n];
    int step = rowsPerCall((long) n * p);
    for (int r0 = 0; r0 < n; r0 += step) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("storage rule cancelled");
      }
      int rows = Math.min(step, n - r0);
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

  /**
   * {@code W = ξ(ξᵀξ)⁻¹ξᵀ} as {@code YᵀY} with {@code Y = L⁻¹ξᵀ}, {@code ξᵀξ = LLᵀ}: the Gram
   * matrix, its Cholesky factor (right-looking, by blocks of {@link #BLOCK_ROWS} with the trailing
   * updates through {@code gemm}), the forward substitution and the final product all run in
   * blocks with {@code cancelled} checked between them, so even p = N − 1 = 4095 stops promptly.
   */
  private static double[] projectionWithDiagonal(int patternCount, int units, byte[] patterns, Gemm gemm,
      BooleanSupplier cancelled) {
    checkPatterns(patternCount, units, patterns);
    if (patternCount >= units) {
      throw new IllegalArgumentException("projection rule needs fewer patterns than units (got p = "
          + patternCount + ", N = " + units + ")");
    }
    int p = patternCount;
    int n = units;
    double[] xi = toDouble(patterns); // ξᵀ, p × N (rows = patterns)
    double[] l = gramOfRows(xi, p, n, gemm, cancelled); // ξᵀξ, factored in place into L below
    double[] diagonal = new double[p];
    for (int mu = 0; mu < p; mu++) {
      diagonal[mu] = l[mu * p + mu];
    }
    choleskyInPlace(l, p, diagonal, gemm, cancelled);
    double[] y = forwardSubstitution(l, xi, p, n, gemm, cancelled);
    double[] w = productOfColumns(y, y, p, n, gemm, cancelled); // YᵀY = ξ L⁻ᵀ L⁻¹ ξᵀ
    // Symmetrise away round-off so IsingModel's symmetry check sees an exact projector.
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double mean = 0.5 * (w[i * n + j] + w[j * n + i]);
        w[i * n + j] = mean;
        w[j * n + i] = mean;
      }
    }
    return w;
  }

  private static void checkCancelled(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("storage rule cancelled");
    }
  }

  /** {@code A Aᵀ} (p × p) of row-major p × N {@code a}, in row blocks, checking cancellation. */
  private static double[] gramOfRows(double[] a, int p, int n, Gemm gemm, BooleanSupplier cancelled) {
    double[] out = new double[p * p];
    int step = rowsPerCall((long) p * n);
    for (int r0 = 0; r0 < p; r0 += step) {
      checkCancelled(cancelled);
      int rows = Math.min(step, p - r0);
      double[] block = new double[rows * p];
      gemm.dgemm(false, true, rows, p, n, 1.0, slice(a, r0 * n, rows * n), n, a, n, 0.0, block, p);
      System.arraycopy(block, 0, out, r0 * p, rows * p);
    }
    return out;
  }

  private static double[] slice(double[] a, int from, int length) {
    double[] out = new double[length];
    System.arraycopy(a, from, out, 0, length);
    return out;
  }

  /** Smallest accepted {@code sin²} of the angle between a pattern and the span of the earlier ones. */
  private static final double MIN_RELATIVE_PIVOT = 1e-10;

  /**
   * Overwrites the lower triangle of the symmetric p × p {@code g} with its Cholesky factor L.
   * Rejects linearly dependent patterns on the way: {@code L_μμ² / (ξᵀξ)_μμ = sin²θ_μ}, θ_μ the
   * angle between pattern μ and the span of patterns {@code 0..μ-1}, zero (up to round-off)
   * exactly when pattern μ depends on the earlier ones. Unlike a determinant-style quality (a
   * product of p pivot ratios), this does not shrink with p, so many independent random patterns
   * (p close to N) are accepted.
   */
  private static void choleskyInPlace(double[] g, int p, double[] diagonal, Gemm gemm, BooleanSupplier cancelled) {
    for (int k0 = 0; k0 < p; k0 += BLOCK_ROWS) {
      checkCancelled(cancelled);
      int k1 = Math.min(p, k0 + BLOCK_ROWS);
      // diagonal block: unblocked Cholesky of the (already updated) block
      for (int j = k0; j < k1; j++) {
        double s = g[j * p + j];
        for (int m = k0; m < j; m++) {
          s -= g[j * p + m] * g[j * p + m];
        }
        if (!(s > MIN_RELATIVE_PIVOT * diagonal[j])) {
          throw new IllegalArgumentException(
              "projection rule needs linearly independent patterns (the pattern Gram matrix is singular)");
        }
        double d = Math.sqrt(s);
        g[j * p + j] = d;
        for (int i = j + 1; i < k1; i++) {
          double t = g[i * p + j];
          for (int m = k0; m < j; m++) {
            t -= g[i * p + m] * g[j * p + m];
          }
          g[i * p + j] = t / d;
        }
      }
      if (k1 == p) {
        break;
      }
      // panel below: L21 = A21 L11⁻ᵀ, row by row
      int kb = k1 - k0;
      int rest = p - k1;
      double[] panel = new double[rest * kb];
      for (int i = k1; i < p; i++) {
        if ((i - k1) % BLOCK_ROWS == 0) {
          checkCancelled(cancelled);
        }
        for (int j = k0; j < k1; j++) {
          double t = g[i * p + j];
          for (int m = k0; m < j; m++) {
            t -= g[i * p + m] * g[j * p + m];
          }
          g[i * p + j] = t / g[j * p + j];
          panel[(i - k1) * kb + (j - k0)] = g[i * p + j];
        }
      }
      // trailing update of the lower triangle: A22 -= L21 L21ᵀ, by row blocks
      for (int r0 = 0; r0 < rest; r0 += BLOCK_ROWS) {
        checkCancelled(cancelled);
        int rows = Math.min(BLOCK_ROWS, rest - r0);
        int cols = r0 + rows; // columns up to the block's last row: the lower triangle
        double[] update = new double[rows * cols];
        gemm.dgemm(false, true, rows, cols, kb, 1.0, slice(panel, r0 * kb, rows * kb), kb, panel, kb, 0.0, update,
            cols);
        for (int i = 0; i < rows; i++) {
          int row = (k1 + r0 + i) * p + k1;
          for (int c = 0; c <= r0 + i; c++) {
            g[row + c] -= update[i * cols + c];
          }
        }
      }
    }
  }

  /** {@code Y = L⁻¹ B} (p × N) for the lower-triangular factor in {@code l} (p × p) and row-major {@code b}. */
  private static double[] forwardSubstitution(double[] l, double[] b, int p, int n, Gemm gemm,
      BooleanSupplier cancelled) {
    double[] y = new double[p * n];
    for (int k0 = 0; k0 < p; k0 += BLOCK_ROWS) {
      checkCancelled(cancelled);
      int k1 = Math.min(p, k0 + BLOCK_ROWS);
      int kb = k1 - k0;
      double[] rhs = slice(b, k0 * n, kb * n);
      // rhs -= L[k0..k1, 0..k0) · Y[0..k0), in chunks of the inner dimension
      int chunk = rowsPerCall((long) kb * n);
      for (int c0 = 0; c0 < k0; c0 += chunk) {
        checkCancelled(cancelled);
        int c1 = Math.min(k0, c0 + chunk);
        double[] left = new double[kb * (c1 - c0)];
        for (int i = 0; i < kb; i++) {
          System.arraycopy(l, (k0 + i) * p + c0, left, i * (c1 - c0), c1 - c0);
        }
        gemm.dgemm(false, false, kb, n, c1 - c0, -1.0, left, c1 - c0, slice(y, c0 * n, (c1 - c0) * n), n, 1.0, rhs,
            n);
      }
      for (int i = 0; i < kb; i++) {
        int row = (k0 + i) * n;
        System.arraycopy(rhs, i * n, y, row, n);
        for (int m = 0; m < i; m++) {
          double f = l[(k0 + i) * p + k0 + m];
          int other = (k0 + m) * n;
          for (int c = 0; c < n; c++) {
            y[row + c] -= f * y[other + c];
          }
        }
        double d = l[(k0 + i) * p + k0 + i];
        for (int c = 0; c < n; c++) {
          y[row + c] /= d;
        }
      }
    }
    return y;
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
