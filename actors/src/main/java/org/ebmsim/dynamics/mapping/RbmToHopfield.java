package org.ebmsim.dynamics.mapping;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Approximate reverse map from an RBM's weights W (N × p) to Hopfield patterns: find an invertible
 * X (p × p) such that WX is nearly binary, by gradient descent on the relaxed binarization error
 * {@code L(X) = ‖WX − tanh(αWX)‖²_F}, then take {@code B = sgn(WX)} (Smart &amp; Zilman, App. D).
 *
 * <p>Order of work in {@link #reverseMap}: optional Löwdin orthogonalisation of W, start X₀,
 * {@code steps} updates {@code X ← X − γ ∇L}, binarize, build the projection network of B and test
 * each pattern for being a fixed point. Stateless.
 */
public final class RbmToHopfield {
  private RbmToHopfield() {}

  /** Where gradient descent starts. */
  public enum Start {
    /** X₀ = I. */
    IDENTITY,
    /** X₀ with i.i.d. N(0, N/p) entries from {@code seed}, so WX has O(1) entries for orthonormal W. */
    RANDOM,
    /** X₀ given by the caller (e.g. R of ξ = QR for a Hopfield-initialised RBM). */
    GIVEN
  }

  /**
   * Parameters of the descent.
   *
   * @param alpha sharpness α of {@code tanh(αu)} ≈ sgn(u), &gt; 0 (the paper used 200)
   * @param learningRate step γ &gt; 0 (the paper used 0.05)
   * @param steps number of updates, ≥ 0
   * @param lowdin replace W by its Löwdin orthogonalisation {@code L = UVᵀ} of {@code W = UΣVᵀ} first
   * @param start X₀
   * @param initialTransform X₀ (p × p row-major) when {@code start == GIVEN}, else ignored
   * @param seed stream for {@code RANDOM}
   */
  public record Options(double alpha, double learningRate, int steps, boolean lowdin, Start start,
      double[] initialTransform, long seed) {
    public Options {
      if (!(alpha > 0) || !Double.isFinite(alpha)) {
        throw new IllegalArgumentException("alpha must be finite and > 0 (got " + alpha + ")");
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be finite and > 0 (got " + learningRate + ")");
      }
      if (steps < 0) {
        throw new IllegalArgumentException("steps must be >= 0 (got " + steps + ")");
      }
      if (start == null) {
        throw new IllegalArgumentException("start must be one of IDENTITY, RANDOM, GIVEN");
      }
      if (start == Start.GIVEN && initialTransform == null) {
        throw new IllegalArgumentException("initialTransform must be given when start = GIVEN");
      }
    }
  }

  /**
   * The outcome.
   *
   * @param patterns B = sgn(WX), N × p row-major, entries ±1 (sgn(0) taken as +1)
   * @param transform the final X, p × p row-major
   * @param weights the W actually binarized (Löwdin-orthogonalised if asked), N × p
   * @param binarizationError {@code ‖WX − sgn(WX)‖_F} at the final X
   * @param relaxedError {@code ‖WX − tanh(αWX)‖²_F} at the final X (the minimized objective)
   * @param fixedPoints for each pattern μ, whether column μ of B is a fixed point of the projection
   *     network built from B ({@link ProjectionHopfield#couplings}, tested with zero diagonal by
   *     {@link ProjectionHopfield#isFixedPoint})
   */
  public record Result(double[] patterns, double[] transform, double[] weights, double binarizationError,
      double relaxedError, boolean[] fixedPoints) {}

  /**
   * Runs the reverse map on W (N × p row-major, rank p, not modified).
   *
   * @throws IllegalArgumentException on bad shapes or values, or a singular final X
   */
  public static Result reverseMap(double[] weights, int n, int p, Options options) {
    PatternChecks.shape(weights, n, p);
    PatternChecks.finite("weights", weights);
    DMatrixRMaj w = DMatrixRMaj.wrap(n, p, weights.clone());
    if (options.lowdin()) {
      w = lowdin(w);
    }
    DMatrixRMaj x = new DMatrixRMaj(p, p);
    switch (options.start()) {
      case IDENTITY -> CommonOps_DDRM.setIdentity(x);
      case RANDOM -> {
        SplittableRandom rng = new SplittableRandom(options.seed());
        double sd = Math.sqrt((double) n / p);
        for (int k = 0; k < p * p; k++) {
          x.data[k] = sd * rng.nextGaussian();
        }
      }
      default -> {
        double[] x0 = options.initialTransform();
        if (x0.length != p * p) {
          throw new IllegalArgumentException("initialTransform must have p*p = " + (p * p) + " entries (got "
              + x0.length + ")");
        }
        PatternChecks.finite("initialTransform", x0);
        System.arraycopy(x0, 0, x.data, 0, p * p);
      }
    }
    double alpha = options.alpha();
    double gamma = options.learningRate();
    DMatrixRMaj u = new DMatrixRMaj(n, p);
    DMatrixRMaj g = new DMatrixRMaj(n, p);
    DMatrixRMaj grad = new DMatrixRMaj(p, p);
    for (int t = 0; t < options.steps(); t++) {
      CommonOps_DDRM.mult(w, x, u);
      // ∂/∂X ‖U − tanh(αU)‖² = 2Wᵀ[E ⊙ (1 − α sech²(αU))], E = U − tanh(αU), U = WX.
      // (App. D's eq. D.6 prints sech²(WX) without α inside; the chain rule puts it there.)
      for (int k = 0; k < n * p; k++) {
        double th = Math.tanh(alpha * u.data[k]);
        double e = u.data[k] - th;
        g.data[k] = 2 * e * (1 - alpha * (1 - th * th));
      }
      CommonOps_DDRM.multTransA(w, g, grad);
      CommonOps_DDRM.addEquals(x, -gamma, grad);
    }
    if (Math.abs(CommonOps_DDRM.det(x)) < 1e-12 * Math.pow(CommonOps_DDRM.elementMaxAbs(x), p)) {
      throw new IllegalArgumentException("the transform X became singular; lower learningRate or change start");
    }
    CommonOps_DDRM.mult(w, x, u);
    double[] b = new double[n * p];
    double bin = 0;
    double relaxed = 0;
    for (int k = 0; k < n * p; k++) {
      double s = u.data[k] >= 0 ? 1 : -1;
      b[k] = s;
      bin += (u.data[k] - s) * (u.data[k] - s);
      double e = u.data[k] - Math.tanh(alpha * u.data[k]);
      relaxed += e * e;
    }
    double[] j = ProjectionHopfield.couplings(b, n, p);
    boolean[] fixed = new boolean[p];
    double[] column = new double[n];
    for (int m = 0; m < p; m++) {
      for (int i = 0; i < n; i++) {
        column[i] = b[i * p + m];
      }
      fixed[m] = ProjectionHopfield.isFixedPoint(j, n, column);
    }
    return new Result(b, x.data.clone(), w.data.clone(), Math.sqrt(bin), relaxed, fixed);
  }

  /**
   * Löwdin (symmetric) orthogonalisation: {@code L = UVᵀ} for {@code W = UΣVᵀ}, the matrix with
   * orthonormal columns nearest to W in Frobenius norm. Returns a new N × p matrix.
   */
  public static double[] lowdin(double[] weights, int n, int p) {
    PatternChecks.shape(weights, n, p);
    return lowdin(DMatrixRMaj.wrap(n, p, weights.clone())).data;
  }

  private static DMatrixRMaj lowdin(DMatrixRMaj w) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(w.numRows, w.numCols, true, true, true);
    if (!svd.decompose(w.copy())) {
      throw new IllegalStateException("SVD of the weights did not converge");
    }
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj v = svd.getV(null, false);
    DMatrixRMaj l = new DMatrixRMaj(w.numRows, w.numCols);
    CommonOps_DDRM.multTransB(u, v, l);
    return l;
  }
}
