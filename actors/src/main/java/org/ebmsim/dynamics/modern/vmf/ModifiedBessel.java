package org.ebmsim.dynamics.modern.vmf;

/**
 * The modified Bessel function of the first kind {@code I_ν(x)} of real order ν ≥ 0 and argument
 * x ≥ 0, in log space ({@link #logI}) and as the ratio {@code I_{ν+1}(x)/I_ν(x)} ({@link #ratio}),
 * accurate to about 1e-14 relative for any ν and x (κ ≫ N and N in the thousands alike), where
 * {@code I_ν} itself overflows a double beyond x ≈ 713.
 *
 * <p>No Maven Central library at hand serves this: commons-math3 3.6.1 has only {@code J_ν}
 * (BesselJ), and Hipparchus is not among the artifacts resolved here; so it is implemented from
 * the standard expansions:
 * <ul>
 *   <li>small x ({@code ν < 50, x ≤ 20}): the power series
 *       {@code I_ν(x) = Σ_k (x/2)^{2k+ν}/(k! Γ(k+ν+1))}, positive terms, summed relative to the first;
 *   <li>ν ≥ 50: Debye's uniform asymptotic expansion (DLMF 10.41.3)
 *       {@code I_ν(νz) ~ e^{νη} / ((2πν)^{1/2}(1+z²)^{1/4}) Σ_k U_k(p)/ν^k},
 *       {@code p = (1+z²)^{−1/2}}, {@code η = √(1+z²) + log(z/(1+√(1+z²)))}, uniform in z ∈ (0, ∞);
 *       the polynomials U_k come from the recurrence (DLMF 10.41.9)
 *       {@code U_{k+1} = ½p²(1−p²)U_k' + ⅛∫_0^p (1−5t²)U_k(t)dt}, generated at class load;
 *   <li>ν &lt; 50 otherwise: the expansion at order {@code ν + m ≥ 50}, then the ratios
 *       {@code r(μ) = I_{μ+1}/I_μ} down to ν by the backward recurrence
 *       {@code r(μ) = x/(2(μ+1) + x·r(μ+1))}, which damps errors (I is the minimal solution of the
 *       three-term recurrence in increasing order), and {@code log I_ν = log I_{ν+m} − Σ log r}.
 * </ul>
 * The ratio at ν ≥ 50 is the difference of two expansions, rearranged so that no large
 * logarithms cancel (see {@link #debyeLogRatio}).
 */
public final class ModifiedBessel {
  /** Below this order the expansion is taken at a shifted order and recurred down. */
  static final double DEBYE_MIN_ORDER = 50;
  private static final double SERIES_MAX_ARGUMENT = 20;
  private static final int TERMS = 14;
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  /** U_k(p) coefficients: U[k][j] multiplies p^j. */
  private static final double[][] U = debyePolynomials(TERMS);

  private ModifiedBessel() {}

  /** {@code log I_ν(x)}; −∞ for x = 0 &lt; ν, 0 for x = ν = 0. */
  public static double logI(double nu, double x) {
    check(nu, x);
    if (x == 0) {
      return nu == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
    }
    if (nu >= DEBYE_MIN_ORDER) {
      return debyeLogI(nu, x);
    }
    if (x <= SERIES_MAX_ARGUMENT) {
      return seriesLogI(nu, x);
    }
    int m = (int) Math.ceil(DEBYE_MIN_ORDER - nu);
    double top = nu + m;
    double logI = debyeLogI(top, x);
    double r = Math.exp(debyeLogRatio(top, x));
    for (int j = m - 1; j >= 0; j--) {
      // r(ν+j) from r(ν+j+1); log I_{ν+j} = log I_{ν+j+1} − log r(ν+j)
      r = x / (2 * (nu + j + 1) + x * r);
      logI -= Math.log(r);
    }
    return logI;
  }

  /** {@code I_{ν+1}(x)/I_ν(x)} ∈ [0, 1); 0 at x = 0. */
  public static double ratio(double nu, double x) {
    check(nu, x);
    if (x == 0) {
      return 0.0;
    }
    if (nu >= DEBYE_MIN_ORDER) {
      return Math.exp(debyeLogRatio(nu, x));
    }
    int m = (int) Math.ceil(DEBYE_MIN_ORDER - nu);
    double r = Math.exp(debyeLogRatio(nu + m, x));
    for (int j = m - 1; j >= 0; j--) {
      r = x / (2 * (nu + j + 1) + x * r);
    }
    return r;
  }

  private static void check(double nu, double x) {
    if (!(nu >= 0) || !Double.isFinite(nu)) {
      throw new IllegalArgumentException("Bessel order ν must be finite and >= 0 (got " + nu + ")");
    }
    if (!(x >= 0) || !Double.isFinite(x)) {
      throw new IllegalArgumentException("Bessel argument x must be finite and >= 0 (got " + x + ")");
    }
  }

  /** Power series in log space: terms relative to the first, {@code t_{k+1}/t_k = (x/2)²/((k+1)(k+ν+1))}. */
  static double seriesLogI(double nu, double x) {
    double q = 0.25 * x * x;
    double term = 1;
    double sum = 1;
    for (int k = 0; k < 10_000; k++) {
      term *= q / ((k + 1) * (k + nu + 1));
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return nu * Math.log(0.5 * x) - logGamma(nu + 1) + Math.log(sum);
  }

  /**
   * Debye: {@code log I_ν(x) = νη − ½log 2π − ¼log(ν² + x²) + log Σ_k U_k(p)/ν^k} with
   * {@code νη = t + ν log(x/(ν + t))}, {@code t = √(ν² + x²)}, {@code p = ν/t}
   * ({@code (2πν)^{1/2}(1+z²)^{1/4} = (2π)^{1/2}(ν²+x²)^{1/4}}).
   */
  static double debyeLogI(double nu, double x) {
    double t = Math.hypot(nu, x);
    double nuEta = t + nu * Math.log(x / (nu + t));
    return nuEta - HALF_LOG_TWO_PI - 0.25 * Math.log(t * t) + Math.log(debyeSum(nu / t, nu));
  }

  /**
   * {@code log(I_{ν+1}(x)/I_ν(x))} as the difference of two Debye expansions, term by term so that
   * nothing of the size of νη cancels:
   * <pre>
   * (ν+1)η₁ − νη₀ = (t₁ − t₀) + log(x/(ν+1+t₁)) − ν·log1p((1 + t₁ − t₀)/(ν + t₀)),  t₁ − t₀ = (2ν+1)/(t₁ + t₀)
   * −¼[log(t₁²) − log(t₀²)] = −¼ log1p((2ν+1)/t₀²)
   * </pre>
   * plus the difference of the two U-sums' logs (both near 0).
   */
  static double debyeLogRatio(double nu, double x) {
    double t0 = Math.hypot(nu, x);
    double t1 = Math.hypot(nu + 1, x);
    double dt = (2 * nu + 1) / (t1 + t0);
    double eta = dt + Math.log(x / (nu + 1 + t1)) - nu * Math.log1p((1 + dt) / (nu + t0));
    double quarter = -0.25 * Math.log1p((2 * nu + 1) / (t0 * t0));
    return eta + quarter + Math.log(debyeSum((nu + 1) / t1, nu + 1)) - Math.log(debyeSum(nu / t0, nu));
  }

  /** {@code Σ_{k<TERMS} U_k(p)/ν^k}, stopping once terms fall below 1e-17 of the sum. */
  private static double debyeSum(double p, double nu) {
    double sum = 1;
    double scale = 1;
    for (int k = 1; k < TERMS; k++) {
      scale /= nu;
      double[] c = U[k];
      double poly = 0;
      for (int j = c.length - 1; j >= 0; j--) {
        poly = poly * p + c[j];
      }
      double term = poly * scale;
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return sum;
  }

  /** U_0 .. U_{count−1} by DLMF 10.41.9 (degree 3k; only powers of the parity of k are non-zero). */
  static double[][] debyePolynomials(int count) {
    double[][] u = new double[count][];
    u[0] = new double[] {1};
    for (int k = 0; k + 1 < count; k++) {
      double[] a = u[k];
      double[] next = new double[3 * (k + 1) + 1];
      // ½p²(1−p²)U' : the p^j term of U' is (j+1)a_{j+1} p^j
      for (int j = 1; j < a.length; j++) {
        double d = j * a[j]; // coefficient of p^{j−1} in U'
        next[j + 1] += 0.5 * d;
        next[j + 3] -= 0.5 * d;
      }
      // ⅛∫_0^p (1 − 5t²)U(t) dt
      for (int j = 0; j < a.length; j++) {
        next[j + 1] += a[j] / (8.0 * (j + 1));
        next[j + 3] -= 5 * a[j] / (8.0 * (j + 3));
      }
      u[k + 1] = next;
    }
    return u;
  }

  /**
   * {@code log Γ(x)} for x &gt; 0 (used with x = ν + 1 and x = N/2): shift up to x ≥ 20 by
   * {@code Γ(x) = Γ(x+1)/x}, then Stirling's series to the x⁻¹¹ term (error below 1e-17 there).
   */
  static double logGamma(double x) {
    double product = 1;
    while (x < 20) {
      product *= x; // at most 20!/1 ≈ 2.4e18: no overflow, one rounding per factor, one log
      x += 1;
    }
    double shift = -Math.log(product);
    double inv = 1 / x;
    double inv2 = inv * inv;
    double series = inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680
        + inv2 * (1.0 / 1188 + inv2 * (-691.0 / 360360))))));
    return shift + (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
  }
}
