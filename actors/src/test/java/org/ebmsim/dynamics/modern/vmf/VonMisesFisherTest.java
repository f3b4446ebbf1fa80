package org.ebmsim.dynamics.modern.vmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The normalizer against numerical integration over the sphere, Wood's sampler against the exact
 * first two moments ({@code E[x] = Aμ}, {@code E[xxᵀ] = (A/κ)I + (1 − NA/κ)μμᵀ}, A = I_{N/2}/I_{N/2−1})
 * within 3 standard errors, and the sampled cosine's law against its exact CDF on S² (KS test).
 * Fixed seeds throughout.
 */
class VonMisesFisherTest {

  /** log ∫_{S^{N−1}} e^{κμᵀx} dx by quadrature in the polar angle θ (N = 2, 3, 5). */
  private static double logSurfaceIntegral(int n, double kappa) {
    if (n == 2) {
      // periodic trapezoid over [0, 2π): spectrally accurate; e^{κ(cos θ − 1)} keeps it in range
      int m = 40_000;
      double h = 2 * Math.PI / m;
      double sum = 0;
      for (int j = 0; j < m; j++) {
        sum += Math.exp(kappa * (Math.cos(j * h) - 1));
      }
      return kappa + Math.log(sum * h);
    }
    // area(S^{N−2}) ∫_0^π e^{κ cos θ} sin^{N−2} θ dθ, composite Simpson on [0, min(π, 40/√κ)]
    double area = n == 3 ? 2 * Math.PI : 2 * Math.PI * Math.PI;
    double top = Math.min(Math.PI, 40 / Math.sqrt(Math.max(kappa, 1e-9)));
    int panels = 200_000;
    double h = top / panels;
    double sum = 0;
    for (int j = 0; j <= panels; j++) {
      double t = j * h;
      double f = Math.exp(kappa * (Math.cos(t) - 1)) * Math.pow(Math.sin(t), n - 2);
      sum += f * (j == 0 || j == panels ? 1 : (j % 2 == 1 ? 4 : 2));
    }
    return kappa + Math.log(area * sum * h / 3);
  }

  @Test
  void logNormalizer_matchesNumericalIntegrationOverTheSphere() {
    for (int n : new int[] {2, 3, 5}) {
      for (double kappa : new double[] {0, 0.01, 1, 7.5, 60, 1e4}) {
        VonMisesFisher vmf = VonMisesFisher.of(unit(n, 0), kappa);
        double expected = -logSurfaceIntegral(n, kappa);
        assertEquals(expected, vmf.logNormalizer(), 1e-11 * Math.max(1, Math.abs(expected)), "N " + n + " κ " + kappa);
      }
    }
  }

  @Test
  void logNormalizer_sphereS2_isClosedForm() {
    // C_3(κ) = κ/(4π sinh κ)
    for (double kappa : new double[] {1e-3, 1, 30, 1e3, 1e6}) {
      double logSinh = kappa + Math.log1p(-Math.exp(-2 * kappa)) - Math.log(2);
      double expected = Math.log(kappa) - Math.log(4 * Math.PI) - logSinh;
      assertEquals(expected, VonMisesFisher.of(unit(3, 2), kappa).logNormalizer(),
          1e-14 * Math.max(1, Math.abs(expected)), "κ " + kappa);
    }
  }

  @Test
  void logNormalizer_largeDimension_isFiniteAndContinuousInKappa() {
    // N = 4000: I_{1999}(κ) underflows a double for κ ≲ 1000 and overflows for κ ≳ 2700; log C must not
    VonMisesFisher a = VonMisesFisher.of(unit(4000, 0), 1e-6);
    VonMisesFisher z = VonMisesFisher.of(unit(4000, 0), 0);
    assertEquals(z.logNormalizer(), a.logNormalizer(), 1e-9);
    for (double kappa : new double[] {1, 100, 1e4, 1e7}) {
      double c = VonMisesFisher.of(unit(4000, 0), kappa).logNormalizer();
      assertTrue(Double.isFinite(c), "κ " + kappa + ": " + c);
    }
  }

  @Test
  void samples_meanResultantLength_matchesBesselRatioWithinThreeStandardErrors() {
    int[][] cases = {{2, 1}, {3, 1}, {3, 50}, {10, 5}, {10, 2000}, {50, 20}, {200, 100_000}, {3, 1_000_000}};
    for (int[] c : cases) {
      int n = c[0];
      double kappa = c[1];
      VonMisesFisher vmf = VonMisesFisher.of(randomDirection(n, 900 + n), kappa);
      int count = n >= 200 ? 5000 : 40_000;
      double[] x = vmf.sample(count, new SplittableRandom(901 + n + c[1]));
      double[] mu = vmf.meanDirection();
      // 1 − μᵀx keeps its digits when κ ≫ N puts μᵀx within 1e-6 of 1
      double s1 = 0;
      double s2 = 0;
      for (int r = 0; r < count; r++) {
        double d = 1 - dot(mu, x, r * n);
        s1 += d;
        s2 += d * d;
      }
      double mean = s1 / count;
      double se = Math.sqrt((s2 / count - mean * mean) / count);
      double expected = 1 - vmf.meanResultantLength();
      assertTrue(Math.abs(mean - expected) < 3 * se,
          "N " + n + " κ " + kappa + ": 1 − mean μᵀx " + mean + " vs 1 − A " + expected + " (3 SE = " + 3 * se + ")");
    }
  }

  @Test
  void samples_firstTwoMoments_matchExactWithinThreeStandardErrors() {
    int[][] cases = {{2, 2}, {3, 4}, {6, 15}, {6, 500}};
    for (int[] c : cases) {
      int n = c[0];
      double kappa = c[1];
      VonMisesFisher vmf = VonMisesFisher.of(randomDirection(n, 950 + n), kappa);
      double[] mu = vmf.meanDirection();
      double a = vmf.meanResultantLength();
      int count = 100_000;
      double[] x = vmf.sample(count, new SplittableRandom(951 + c[1]));
      for (int i = 0; i < n; i++) {
        check(x, count, n, i, -1, a * mu[i], "N " + n + " κ " + kappa + " E[x_" + i + "]");
        for (int j = i; j < n; j++) {
          double exact = (i == j ? a / kappa : 0) + (1 - n * a / kappa) * mu[i] * mu[j];
          check(x, count, n, i, j, exact, "N " + n + " κ " + kappa + " E[x_" + i + " x_" + j + "]");
        }
      }
    }
  }

  private static void check(double[] x, int count, int n, int i, int j, double exact, String what) {
    double s1 = 0;
    double s2 = 0;
    for (int r = 0; r < count; r++) {
      double y = j < 0 ? x[r * n + i] : x[r * n + i] * x[r * n + j];
      s1 += y;
      s2 += y * y;
    }
    double m = s1 / count;
    double se = Math.sqrt((s2 / count - m * m) / count);
    assertTrue(Math.abs(m - exact) < 3 * se, what + ": sample " + m + " vs exact " + exact + " (3 SE = " + 3 * se + ")");
  }

  @Test
  void samples_cosineOnS2_followsExactLaw_kolmogorovSmirnov() {
    // on S², 1 − W has the truncated exponential law: P(1 − W ≤ s) = (1 − e^{−κs})/(1 − e^{−2κ})
    for (double kappa : new double[] {0.5, 5, 1e4}) {
      VonMisesFisher vmf = VonMisesFisher.of(randomDirection(3, 960), kappa);
      int count = 20_000;
      double[] s = new double[count];
      SplittableRandom rng = new SplittableRandom(961);
      for (int r = 0; r < count; r++) {
        s[r] = vmf.sampleOneMinusCosine(rng);
      }
      Arrays.sort(s);
      double d = 0;
      for (int r = 0; r < count; r++) {
        double f = -Math.expm1(-kappa * s[r]) / -Math.expm1(-2 * kappa);
        d = Math.max(d, Math.max(Math.abs(f - (double) r / count), Math.abs(f - (r + 1.0) / count)));
      }
      // √n·D < 1.63 at the 1% level
      assertTrue(Math.sqrt(count) * d < 1.63, "κ " + kappa + ": KS √n·D = " + Math.sqrt(count) * d);
    }
  }

  @Test
  void samples_unitLength_andSameSeedIdentical() {
    VonMisesFisher vmf = VonMisesFisher.of(randomDirection(7, 970), 30);
    double[] x = vmf.sample(500, new SplittableRandom(971));
    for (int r = 0; r < 500; r++) {
      assertEquals(1.0, Math.sqrt(dot(Arrays.copyOfRange(x, 7 * r, 7 * r + 7), x, 7 * r)), 1e-14, "row " + r);
    }
    assertArrayEquals(x, vmf.sample(500, new SplittableRandom(971)));
  }

  @Test
  void zeroConcentration_isUniform() {
    // E[x] = 0 and E[x_0²] = 1/N
    VonMisesFisher vmf = VonMisesFisher.of(unit(4, 1), 0);
    double[] x = vmf.sample(100_000, new SplittableRandom(980));
    check(x, 100_000, 4, 1, -1, 0, "E[x_1]");
    check(x, 100_000, 4, 0, 0, 0.25, "E[x_0²]");
    assertEquals(0.0, vmf.meanResultantLength());
  }

  @Test
  void modelC_isVonMisesFisherOfThePatternSum() {
    double[] xi = {0.5, -1.0, 2.0, 1.5, 0.5, -0.5}; // two patterns in N = 3; η = (2, −0.5, 1.5)
    double beta = 1.7;
    VonMisesFisher vmf = VonMisesFisher.ofModelC(3, 2, xi, beta);
    double etaNorm = Math.sqrt(4 + 0.25 + 2.25);
    assertEquals(beta * etaNorm, vmf.concentration(), 1e-14);
    assertArrayEquals(new double[] {2 / etaNorm, -0.5 / etaNorm, 1.5 / etaNorm}, vmf.meanDirection(), 1e-15);
    // log p(v/‖v‖) = −β E_C(v) − log Z with E_C(v) = −ηᵀv/‖v‖ and Z = 1/C_3(κ)
    double[] v = {0.3, 2.0, -1.0};
    double norm = Math.sqrt(0.09 + 4 + 1);
    double energy = -(2 * 0.3 - 0.5 * 2.0 + 1.5 * -1.0) / norm;
    double[] x = {0.3 / norm, 2.0 / norm, -1.0 / norm};
    assertEquals(-beta * energy + vmf.logNormalizer(), vmf.logDensity(x), 1e-14);
    assertEquals(0.0, VonMisesFisher.ofModelC(2, 2, new double[] {1, 1, -1, -1}, 3).concentration());
  }

  @Test
  void invalidArguments_refused() {
    assertThrows(IllegalArgumentException.class, () -> VonMisesFisher.of(new double[] {1}, 1));
    assertThrows(IllegalArgumentException.class, () -> VonMisesFisher.of(new double[] {0, 0}, 1));
    assertThrows(IllegalArgumentException.class, () -> VonMisesFisher.of(new double[] {1, 0}, -1));
    assertThrows(IllegalArgumentException.class, () -> VonMisesFisher.of(new double[] {1, Double.NaN}, 1));
  }

  @Test
  void gammaVariates_meanAndVarianceEqualShape() {
    for (double a : new double[] {0.5, 2.5, 400}) {
      SplittableRandom rng = new SplittableRandom(990);
      int count = 100_000;
      double[] g = new double[count];
      for (int r = 0; r < count; r++) {
        g[r] = GammaVariates.gamma(a, rng);
      }
      double s1 = 0;
      double s2 = 0;
      for (double y : g) {
        s1 += y;
        s2 += y * y;
      }
      double m = s1 / count;
      double var = s2 / count - m * m;
      // SE of the mean √(a/n); of the variance √((μ4 − σ⁴)/n) with μ4 = 3a² + 6a for Gamma(a)
      assertTrue(Math.abs(m - a) < 3 * Math.sqrt(a / count), "shape " + a + " mean " + m);
      assertTrue(Math.abs(var - a) < 3 * Math.sqrt((2 * a * a + 6 * a) / count), "shape " + a + " variance " + var);
    }
  }

  private static double[] unit(int n, int axis) {
    double[] e = new double[n];
    e[axis] = 1;
    return e;
  }

  private static double[] randomDirection(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rng.nextGaussian();
    }
    return d;
  }

  private static double dot(double[] mu, double[] x, int off) {
    double s = 0;
    for (int i = 0; i < mu.length; i++) {
      s += mu[i] * x[off + i];
    }
    return s;
  }
}
