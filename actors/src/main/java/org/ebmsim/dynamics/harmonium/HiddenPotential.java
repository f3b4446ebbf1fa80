package org.ebmsim.dynamics.harmonium;

/**
 * The hidden Lagrangian F of a harmonium and what its conditional needs: f = F', f', the domain
 * of h, and the exponent {@code g(h; I) = h f(h) − F(h) − f(h) I} of {@code p(h | I) ∝ e^{−β g}}.
 *
 * <p>Since {@code g'(h) = f'(h)(h − I)} and every F here is convex (f' &gt; 0 inside the domain),
 * g has its minimum at h = I clipped to the domain, and the density is normalisable because g
 * grows faster than linearly:
 * <ul>
 *   <li>{@link Kind#QUADRATIC}: F = x²/2 on ℝ; g = h²/2 − hI, so h | σ ~ N(I, 1/β) (the
 *       binary–Gaussian RBM).</li>
 *   <li>{@link Kind#LOG_COSH}: F = log cosh x + a x²/2 on ℝ, a &gt; 0 (the parameter); f = tanh x + a x,
 *       g = h tanh h − log cosh h + a h²/2 − I (tanh h + a h), growing like a h²/2.</li>
 *   <li>{@link Kind#RECTIFIED_POWER}: F = xⁿ/n on h ≥ 0 (the domain; the density is 0 below),
 *       2 ≤ n ≤ 64 (the parameter); f = hⁿ⁻¹, g = (1 − 1/n) hⁿ − I hⁿ⁻¹, growing like hⁿ.</li>
 * </ul>
 * Immutable.
 */
public final class HiddenPotential {
  /** Which F. */
  public enum Kind {
    QUADRATIC, LOG_COSH, RECTIFIED_POWER
  }

  private static final double LOG2 = Math.log(2);

  private final Kind kind;
  private final double parameter;

  private HiddenPotential(Kind kind, double parameter) {
    this.kind = kind;
    this.parameter = parameter;
  }

  /** F = x²/2. */
  public static HiddenPotential quadratic() {
    return new HiddenPotential(Kind.QUADRATIC, 0);
  }

  /** F = log cosh x + a x²/2, a finite and &gt; 0. */
  public static HiddenPotential logCosh(double a) {
    if (!(a > 0) || !Double.isFinite(a)) {
      throw new IllegalArgumentException("log-cosh F needs a finite quadratic weight a > 0 (got " + a + ")");
    }
    return new HiddenPotential(Kind.LOG_COSH, a);
  }

  /**
   * F = xⁿ/n on x ≥ 0, 2 ≤ n ≤ 64. Below 2 the density is still normalisable (for n &gt; 1) but
   * f = hⁿ⁻¹ has an infinite slope at 0, and the grid's quadrature lost 1e-4 in log Z there (n = 1.5);
   * above 64, hⁿ overflows double for h beyond ~6e4.
   */
  public static HiddenPotential rectifiedPower(double n) {
    if (!(n >= 2) || !Double.isFinite(n) || n > 64) {
      throw new IllegalArgumentException("rectified-power F = x^n/n needs 2 <= n <= 64 (got " + n + ")");
    }
    return new HiddenPotential(Kind.RECTIFIED_POWER, n);
  }

  public Kind kind() {
    return kind;
  }

  /** a for LOG_COSH, n for RECTIFIED_POWER, 0 for QUADRATIC. */
  public double parameter() {
    return parameter;
  }

  /** Smallest value h takes: 0 for RECTIFIED_POWER, −∞ otherwise. */
  public double lowerBound() {
    return kind == Kind.RECTIFIED_POWER ? 0 : Double.NEGATIVE_INFINITY;
  }

  /** F(x) (x in the domain). */
  public double lagrangian(double x) {
    return switch (kind) {
      case QUADRATIC -> 0.5 * x * x;
      case LOG_COSH -> logCosh1(x) + 0.5 * parameter * x * x;
      case RECTIFIED_POWER -> Math.pow(x, parameter) / parameter;
    };
  }

  /** f(x) = F'(x). */
  public double activation(double x) {
    return switch (kind) {
      case QUADRATIC -> x;
      case LOG_COSH -> Math.tanh(x) + parameter * x;
      case RECTIFIED_POWER -> x <= 0 ? 0 : Math.pow(x, parameter - 1);
    };
  }

  /** f'(x) (may be +∞ at x = 0 for a rectified power with n &lt; 2). */
  public double slope(double x) {
    return switch (kind) {
      case QUADRATIC -> 1;
      case LOG_COSH -> {
        double t = Math.tanh(x);
        yield 1 - t * t + parameter;
      }
      case RECTIFIED_POWER -> (parameter - 1) * Math.pow(x, parameter - 2);
    };
  }

  /** {@code g(h; I) = h f(h) − F(h) − f(h) I}, the exponent of the hidden conditional over β. */
  public double exponent(double h, double input) {
    return switch (kind) {
      case QUADRATIC -> h * (0.5 * h - input);
      case LOG_COSH -> {
        double t = Math.tanh(h);
        yield h * t - logCosh1(h) + 0.5 * parameter * h * h - input * (t + parameter * h);
      }
      case RECTIFIED_POWER -> {
        double q = Math.pow(h, parameter - 1);
        yield q * ((1 - 1 / parameter) * h - input);
      }
    };
  }

  /** Where g(·; I) is smallest: I clipped to the domain. */
  public double mode(double input) {
    return Math.max(input, lowerBound());
  }

  /** log cosh x without overflow: |x| + log1p(e^{−2|x|}) − log 2. */
  static double logCosh1(double x) {
    double a = Math.abs(x);
    return a + Math.log1p(Math.exp(-2 * a)) - LOG2;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case QUADRATIC -> "F = x²/2";
      case LOG_COSH -> "F = log cosh x + " + parameter + "·x²/2";
      case RECTIFIED_POWER -> "F = x^" + parameter + "/" + parameter + " on x ≥ 0";
    };
  }
}
