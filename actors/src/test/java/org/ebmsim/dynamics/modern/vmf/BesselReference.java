package org.ebmsim.dynamics.modern.vmf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Reference values of I_ν(x) for integer and half-integer ν, independent of the production code:
 * the power series {@code Σ_k (x/2)^{2k+ν}/(k! Γ(k+ν+1))} summed in 40-digit decimal arithmetic
 * (positive terms, no cancellation; BigDecimal's exponent range holds e^{10⁵}), with
 * {@code Γ(n+1) = n!} and {@code Γ(n+3/2) = √π Π_{j≤n}(j+½)}.
 */
final class BesselReference {
  private static final MathContext MC = new MathContext(40);
  private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510");
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final double LN10 = Math.log(10);

  private BesselReference() {}

  /** I_ν(x) as a decimal, ν a non-negative multiple of ½. */
  static BigDecimal besselI(double nu, double x) {
    int twiceNu = (int) Math.round(2 * nu);
    if (twiceNu != 2 * nu || twiceNu < 0) {
      throw new IllegalArgumentException("reference only for integer or half-integer ν, got " + nu);
    }
    BigDecimal halfX = new BigDecimal(x).multiply(HALF, MC);
    BigDecimal nuB = new BigDecimal(twiceNu).multiply(HALF);
    int n = twiceNu / 2;
    BigDecimal term = halfX.pow(n, MC);
    BigDecimal gamma = BigDecimal.ONE;
    if (twiceNu % 2 == 0) {
      for (int j = 2; j <= n; j++) {
        gamma = gamma.multiply(BigDecimal.valueOf(j), MC);
      }
    } else {
      term = term.multiply(halfX.sqrt(MC), MC);
      gamma = PI.sqrt(MC);
      for (int j = 0; j <= n; j++) {
        gamma = gamma.multiply(BigDecimal.valueOf(j).add(HALF), MC);
      }
    }
    term = term.divide(gamma, MC);
    BigDecimal q = halfX.multiply(halfX, MC);
    BigDecimal sum = term;
    BigDecimal tiny = new BigDecimal("1e-38");
    for (int k = 0; ; k++) {
      BigDecimal denom = BigDecimal.valueOf(k + 1L).multiply(nuB.add(BigDecimal.valueOf(k + 1L)), MC);
      term = term.multiply(q, MC).divide(denom, MC);
      sum = sum.add(term, MC);
      if (k > x && term.compareTo(sum.multiply(tiny, MC)) < 0) {
        return sum;
      }
    }
  }

  /** Natural log of a positive decimal, to double precision. */
  static double log(BigDecimal value) {
    BigDecimal r = value.round(new MathContext(20));
    BigInteger unscaled = r.unscaledValue();
    return Math.log(unscaled.doubleValue()) - r.scale() * LN10;
  }

  static double logBesselI(double nu, double x) {
    return log(besselI(nu, x));
  }

  /** I_{ν+1}(x)/I_ν(x) in decimal, then rounded to double. */
  static double ratio(double nu, double x) {
    return besselI(nu + 1, x).divide(besselI(nu, x), MC).doubleValue();
  }
}
