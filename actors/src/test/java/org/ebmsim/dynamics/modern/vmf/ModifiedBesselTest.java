package org.ebmsim.dynamics.modern.vmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * log I_ν and I_{ν+1}/I_ν against decimal power series ({@link BesselReference}), against the
 * closed forms of half-integer orders and against Hankel's large-argument expansion.
 */
class ModifiedBesselTest {
  private static final double[] ORDERS = {0, 0.5, 1, 1.5, 2, 4.5, 9, 24.5, 49, 49.5, 50, 51.5, 100, 499.5, 1000};
  private static final double[] ARGUMENTS = {1e-3, 0.5, 3, 19.5, 20.5, 45, 100, 300, 1000, 3000};

  @Test
  void logI_matchesDecimalSeries() {
    for (double nu : ORDERS) {
      for (double x : ARGUMENTS) {
        double expected = BesselReference.logBesselI(nu, x);
        double actual = ModifiedBessel.logI(nu, x);
        assertEquals(expected, actual, 2e-14 * Math.max(1, Math.abs(expected)), "log I_" + nu + "(" + x + ")");
      }
    }
  }

  @Test
  void ratio_matchesDecimalSeries() {
    for (double nu : ORDERS) {
      for (double x : ARGUMENTS) {
        double expected = BesselReference.ratio(nu, x);
        double actual = ModifiedBessel.ratio(nu, x);
        assertEquals(expected, actual, 2e-14 * expected, "I_" + (nu + 1) + "/I_" + nu + "(" + x + ")");
      }
    }
  }

  @Test
  void largeOrder_largeArgument_matchesDecimalSeries() {
    // N = 10002 (ν = 5000) on the sphere, κ from far below to above N
    for (double x : new double[] {10, 2000, 20_000}) {
      double expected = BesselReference.logBesselI(5000, x);
      assertEquals(expected, ModifiedBessel.logI(5000, x), 2e-14 * Math.abs(expected), "log I_5000(" + x + ")");
      double r = BesselReference.ratio(5000, x);
      assertEquals(r, ModifiedBessel.ratio(5000, x), 2e-14 * r, "I_5001/I_5000(" + x + ")");
    }
  }

  @Test
  void halfIntegerOrders_hugeArgument_matchClosedForms() {
    for (double x : new double[] {50, 1e3, 1e5, 1e7}) {
      // I_{1/2}(x) = √(2/(πx)) sinh x, log sinh x = x + log1p(−e^{−2x}) − log 2
      double logSinh = x + Math.log1p(-Math.exp(-2 * x)) - Math.log(2);
      double expected = 0.5 * Math.log(2 / (Math.PI * x)) + logSinh;
      assertEquals(expected, ModifiedBessel.logI(0.5, x), 1e-15 * expected, "log I_1/2(" + x + ")");
      // I_{3/2}/I_{1/2} = coth x − 1/x: the mean resultant length of the vMF law on S²
      double coth = 1 / Math.tanh(x);
      assertEquals(coth - 1 / x, ModifiedBessel.ratio(0.5, x), 1e-15, "I_3/2/I_1/2(" + x + ")");
    }
  }

  @Test
  void integerOrders_hugeArgument_matchHankelExpansion() {
    // I_ν(x) ~ e^x/√(2πx) Σ_k (−1)^k a_k(ν)/x^k, a_k = Π_{j=1..k}(4ν² − (2j−1)²)/(k! 8^k): for x ≥ 10⁴
    // the terms fall below 1e-16 after a few
    for (double nu : new double[] {0, 1, 2}) {
      for (double x : new double[] {1e4, 1e6, 1e8}) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 12; k++) {
          term *= -(4 * nu * nu - (2 * k - 1) * (2 * k - 1)) / (k * 8 * x);
          sum += term;
        }
        double expected = x - 0.5 * Math.log(2 * Math.PI * x) + Math.log(sum);
        assertEquals(expected, ModifiedBessel.logI(nu, x), 1e-15 * expected, "log I_" + nu + "(" + x + ")");
      }
    }
  }

  @Test
  void zeroArgument_andSmallArgumentLimit() {
    assertEquals(0.0, ModifiedBessel.logI(0, 0));
    assertEquals(Double.NEGATIVE_INFINITY, ModifiedBessel.logI(1.5, 0));
    assertEquals(0.0, ModifiedBessel.ratio(3, 0));
    // I_ν(x) → (x/2)^ν/Γ(ν+1): log at x = 1e-200, ν = 3: 3 log(5e-201) − log 6
    assertEquals(3 * Math.log(5e-201) - Math.log(6), ModifiedBessel.logI(3, 1e-200), 1e-12);
  }

  @Test
  void debyePolynomials_matchTabulatedU1ToU4() {
    double[][] u = ModifiedBessel.debyePolynomials(5);
    // Abramowitz & Stegun 9.3.9–9.3.10
    assertPoly(new double[] {0, 3.0 / 24, 0, -5.0 / 24}, u[1]);
    assertPoly(new double[] {0, 0, 81.0 / 1152, 0, -462.0 / 1152, 0, 385.0 / 1152}, u[2]);
    assertPoly(new double[] {0, 0, 0, 30375.0 / 414720, 0, -369603.0 / 414720, 0, 765765.0 / 414720, 0,
        -425425.0 / 414720}, u[3]);
    assertPoly(new double[] {0, 0, 0, 0, 4465125.0 / 39813120, 0, -94121676.0 / 39813120, 0,
        349922430.0 / 39813120, 0, -446185740.0 / 39813120, 0, 185910725.0 / 39813120}, u[4]);
  }

  private static void assertPoly(double[] expected, double[] actual) {
    for (int j = 0; j < Math.max(expected.length, actual.length); j++) {
      double e = j < expected.length ? expected[j] : 0;
      double a = j < actual.length ? actual[j] : 0;
      assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), "coefficient of p^" + j);
    }
  }

  @Test
  void logGamma_matchesFactorials() {
    double f = 0;
    for (int n = 1; n <= 60; n++) {
      f += Math.log(n);
      assertEquals(f, ModifiedBessel.logGamma(n + 1), 1e-13 * Math.max(1, f), "log " + n + "!");
    }
    // Γ(3/2) = √π/2 (Stirling is evaluated near x = 20, where its terms are ~40: 1e-14 is round-off)
    assertEquals(0.5 * Math.log(Math.PI), ModifiedBessel.logGamma(1.5) - Math.log(0.5), 1e-14);
  }

  @Test
  void invalidArguments_refused() {
    assertThrows(IllegalArgumentException.class, () -> ModifiedBessel.logI(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> ModifiedBessel.logI(1, -1));
    assertThrows(IllegalArgumentException.class, () -> ModifiedBessel.ratio(1, Double.NaN));
  }
}
