package org.ebmsim.dynamics.modern.vmf;

import java.util.SplittableRandom;

/**
 * The von Mises–Fisher law on the unit sphere S^{N−1} ⊂ ℝᴺ: density
 * {@code f(x) = C_N(κ) e^{κμᵀx}} with respect to surface measure, mean direction μ (unit) and
 * concentration κ ≥ 0, {@code C_N(κ) = κ^{N/2−1} / ((2π)^{N/2} I_{N/2−1}(κ))} (MATH.md §4), the
 * uniform law {@code Γ(N/2)/(2π^{N/2})} at κ = 0. It is model C's Boltzmann law over directions:
 * {@code E_C(v) = −ηᵀv/‖v‖} with {@code η = Σ_μ ξ_μ} gives μ = η/‖η‖ and κ = β‖η‖
 * ({@link #ofModelC}).
 *
 * <p>Sampling is Wood's (1994) rejection algorithm for the cosine {@code W = μᵀx} (envelope from a
 * Beta((N−1)/2, (N−1)/2) variate), a uniform tangent direction, and a Householder reflection
 * taking the last axis to μ. The constants are written so that nothing cancels when κ ≫ N:
 * {@code b = (N−1)/(2κ + √(4κ² + (N−1)²))}, {@code 1 − W = 2bZ/(1 − (1−b)Z)}, and the acceptance
 * log-ratio is {@code κ(W − x₀) + (N−1) log((1+b)/(2(1 − (1−b)Z)))} (algebraically Wood's
 * {@code κW + (N−1)log(1 − x₀W) − c}).
 *
 * <p>Immutable.
 */
public final class VonMisesFisher {
  private final int dimension;
  private final double[] meanDirection;
  private final double concentration;
  private final double b;
  private final double oneMinusX0;
  /** Householder vector taking e_N to μ, or null when μ = e_N. */
  private final double[] householder;

  private VonMisesFisher(double[] direction, double concentration) {
    if (direction == null || direction.length < 2) {
      throw new IllegalArgumentException("meanDirection must have N >= 2 entries (the sphere S^{N−1}) (got "
          + (direction == null ? "null" : direction.length) + ")");
    }
    if (!(concentration >= 0) || !Double.isFinite(concentration)) {
      throw new IllegalArgumentException("concentration κ must be finite and >= 0 (got " + concentration + ")");
    }
    double norm2 = 0;
    for (int i = 0; i < direction.length; i++) {
      if (!Double.isFinite(direction[i])) {
        throw new IllegalArgumentException("meanDirection[" + i + "] must be finite (got " + direction[i] + ")");
      }
      norm2 += direction[i] * direction[i];
    }
    if (!(norm2 > 0)) {
      throw new IllegalArgumentException("meanDirection must be non-zero (it is normalized to unit length)");
    }
    int n = direction.length;
    this.dimension = n;
    this.concentration = concentration;
    double norm = Math.sqrt(norm2);
    this.meanDirection = new double[n];
    for (int i = 0; i < n; i++) {
      meanDirection[i] = direction[i] / norm;
    }
    this.b = (n - 1) / (2 * concentration + Math.sqrt(4 * concentration * concentration + (double) (n - 1) * (n - 1)));
    this.oneMinusX0 = 2 * b / (1 + b);
    // u = μ − e_N; H = I − 2uuᵀ/‖u‖² swaps e_N and μ
    double[] u = meanDirection.clone();
    u[n - 1] -= 1;
    double u2 = 0;
    for (double x : u) {
      u2 += x * x;
    }
    this.householder = u2 < 1e-30 ? null : scaled(u, Math.sqrt(2 / u2));
  }

  private static double[] scaled(double[] u, double s) {
    for (int i = 0; i < u.length; i++) {
      u[i] *= s;
    }
    return u;
  }

  /**
   * @param meanDirection μ, N ≥ 2 entries, non-zero (normalized here)
   * @param concentration κ ≥ 0
   */
  public static VonMisesFisher of(double[] meanDirection, double concentration) {
    return new VonMisesFisher(meanDirection, concentration);
  }

  /**
   * Model C's law {@code p(v) ∝ e^{βηᵀv/‖v‖}} over directions: {@code η = Σ_μ ξ_μ} (ξ p × N row-major),
   * μ = η/‖η‖, κ = β‖η‖; the uniform law (κ = 0, μ = e_1) when η = 0.
   */
  public static VonMisesFisher ofModelC(int visibleUnits, int hiddenUnits, double[] patterns, double beta) {
    if (visibleUnits < 2 || hiddenUnits < 1) {
      throw new IllegalArgumentException("model C needs visibleUnits >= 2 and hiddenUnits >= 1 (got " + visibleUnits
          + ", " + hiddenUnits + ")");
    }
    if (patterns == null || patterns.length != (long) visibleUnits * hiddenUnits) {
      throw new IllegalArgumentException("patterns must have hiddenUnits*visibleUnits = " + hiddenUnits + "*"
          + visibleUnits + " entries (got " + (patterns == null ? "null" : patterns.length) + ")");
    }
    if (!(beta >= 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverseTemperature β must be finite and >= 0 (got " + beta + ")");
    }
    double[] eta = new double[visibleUnits];
    for (int mu = 0; mu < hiddenUnits; mu++) {
      for (int i = 0; i < visibleUnits; i++) {
        eta[i] += patterns[mu * visibleUnits + i];
      }
    }
    double norm = 0;
    for (double x : eta) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("patterns must be finite (their column sums η are " + x + ")");
      }
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      double[] e1 = new double[visibleUnits];
      e1[0] = 1;
      return new VonMisesFisher(e1, 0);
    }
    return new VonMisesFisher(eta, beta * norm);
  }

  public int dimension() {
    return dimension;
  }

  public double concentration() {
    return concentration;
  }

  /** A copy of μ (unit length). */
  public double[] meanDirection() {
    return meanDirection.clone();
  }

  /**
   * {@code log C_N(κ) = (N/2−1) log κ − (N/2) log 2π − log I_{N/2−1}(κ)}; at κ = 0
   * {@code −log(2π^{N/2}/Γ(N/2))}, the log of one over the sphere's area.
   */
  public double logNormalizer() {
    double nu = 0.5 * dimension - 1;
    if (concentration == 0) {
      return ModifiedBessel.logGamma(0.5 * dimension) - Math.log(2) - 0.5 * dimension * Math.log(Math.PI);
    }
    return nu * Math.log(concentration) - 0.5 * dimension * Math.log(2 * Math.PI)
        - ModifiedBessel.logI(nu, concentration);
  }

  /** {@code log f(x) = log C_N(κ) + κμᵀx} for a unit vector x (its norm is not checked). */
  public double logDensity(double[] x) {
    if (x == null || x.length != dimension) {
      throw new IllegalArgumentException("x must have " + dimension + " entries (got "
          + (x == null ? "null" : x.length) + ")");
    }
    double dot = 0;
    for (int i = 0; i < dimension; i++) {
      dot += meanDirection[i] * x[i];
    }
    return logNormalizer() + concentration * dot;
  }

  /** The mean resultant length {@code E[μᵀx] = A_N(κ) = I_{N/2}(κ)/I_{N/2−1}(κ)}. */
  public double meanResultantLength() {
    return ModifiedBessel.ratio(0.5 * dimension - 1, concentration);
  }

  /** {@code count} independent samples, count × N row-major, each of unit length. */
  public double[] sample(int count, SplittableRandom rng) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 (got " + count + ")");
    }
    int n = dimension;
    double[] out = new double[count * n];
    double[] x = new double[n];
    for (int r = 0; r < count; r++) {
      double oneMinusW = sampleOneMinusCosine(rng);
      double w = 1 - oneMinusW;
      double sine = Math.sqrt(oneMinusW * (2 - oneMinusW)); // √(1 − W²) = √((1−W)(1+W))
      // uniform tangent direction: a normalized standard normal in the first N−1 axes
      double t2 = 0;
      do {
        t2 = 0;
        for (int i = 0; i < n - 1; i++) {
          x[i] = rng.nextGaussian();
          t2 += x[i] * x[i];
        }
      } while (t2 == 0);
      double s = sine / Math.sqrt(t2);
      for (int i = 0; i < n - 1; i++) {
        x[i] *= s;
      }
      x[n - 1] = w;
      reflect(x);
      System.arraycopy(x, 0, out, r * n, n);
    }
    return out;
  }

  /** {@code x ← Hx = x − h(hᵀx)}, h = √2·u/‖u‖: takes e_N to μ. */
  private void reflect(double[] x) {
    if (householder == null) {
      return;
    }
    double dot = 0;
    for (int i = 0; i < dimension; i++) {
      dot += householder[i] * x[i];
    }
    for (int i = 0; i < dimension; i++) {
      x[i] -= householder[i] * dot;
    }
  }

  /**
   * Wood's rejection step for the cosine W = μᵀx, returned as {@code 1 − W} (exact to relative round-off
   * even when κ ≫ N puts W within 1e-12 of 1).
   */
  double sampleOneMinusCosine(SplittableRandom rng) {
    int m1 = dimension - 1;
    double a = 0.5 * m1;
    while (true) {
      double z = GammaVariates.symmetricBeta(a, rng);
      double denom = 1 - (1 - b) * z;
      double oneMinusW = 2 * b * z / denom;
      // W − x₀ = (1 − x₀) − (1 − W)
      double wMinusX0 = oneMinusX0 - oneMinusW;
      double logRatio = concentration * wMinusX0 + m1 * Math.log((1 + b) / (2 * denom));
      if (logRatio >= Math.log(rng.nextDouble())) {
        return oneMinusW;
      }
    }
  }
}
