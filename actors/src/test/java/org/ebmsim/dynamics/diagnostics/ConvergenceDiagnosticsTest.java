package org.ebmsim.dynamics.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Against processes whose answers are known: AR(1) chains {@code x_t = φ x_{t−1} + ε_t} have
 * {@code τ = (1 + φ)/(1 − φ)}; chains stuck in different modes have R̂ far above 1.
 */
class ConvergenceDiagnosticsTest {

  /** m stationary AR(1) chains of the given length (started from the stationary law), shifted by offset(c). */
  private static double[][] ar1(int chains, int length, double phi, long seed, double[] offsets) {
    SplittableRandom rng = new SplittableRandom(seed);
    double sd = 1 / Math.sqrt(1 - phi * phi);
    double[][] x = new double[chains][length];
    for (int c = 0; c < chains; c++) {
      double v = sd * rng.nextGaussian();
      for (int t = 0; t < length; t++) {
        v = phi * v + rng.nextGaussian();
        x[c][t] = v + (offsets == null ? 0 : offsets[c]);
      }
    }
    return x;
  }

  /**
   * τ within 10% of (1+φ)/(1−φ) for φ = 0.9 (τ = 19), 0.5 (3) and −0.5 (1/3, antithetic: ESS above
   * the number of points), 8 chains × 20 000 points; the estimator's relative standard error there
   * is ≈ √(2·(2·5τ+1)/(8·20 000)) ≤ 5%, so 10% is two of them at the widest.
   */
  @Test
  void ar1_autocorrelationTimeAndEss_matchTheClosedForm() {
    for (double phi : new double[] {0.9, 0.5, 0.0, -0.5}) {
      double[][] x = ar1(8, 20_000, phi, 17, null);
      ConvergenceDiagnostics d = ConvergenceDiagnostics.of(x, 20_000);
      double tau = (1 + phi) / (1 - phi);
      assertEquals(tau, d.autocorrelationTime(), 0.1 * tau, "φ = " + phi);
      assertEquals(8 * 20_000 / tau, d.effectiveSampleSize(), 0.1 * 8 * 20_000 / tau, "φ = " + phi);
      assertEquals(1.0, d.splitRHat(), 0.01, "φ = " + phi + ": chains of one law");
      assertEquals(8, d.chains());
      assertEquals(20_000, d.length());
    }
  }

  /** Chains in different modes (means 0 and 3, unit-variance noise): R̂ far above 1.1. */
  @Test
  void chainsInDifferentModes_haveLargeRHat() {
    double[][] x = ar1(6, 2000, 0.3, 5, new double[] {0, 0, 0, 3, 3, 3});
    ConvergenceDiagnostics d = ConvergenceDiagnostics.of(x, 2000);
    assertTrue(d.splitRHat() > 1.5, "R̂ = " + d.splitRHat());
  }

  /** One chain that drifts (a trend): its two halves disagree, so split-R̂ flags it. */
  @Test
  void aDriftingSingleChain_isFlaggedBySplitting() {
    double[][] x = new double[1][1000];
    SplittableRandom rng = new SplittableRandom(3);
    for (int t = 0; t < 1000; t++) {
      x[0][t] = t / 100.0 + rng.nextGaussian();
    }
    assertTrue(ConvergenceDiagnostics.of(x, 1000).splitRHat() > 1.5);
  }

  @Test
  void undefinedForShortOrFrozenTraces_andInvalidInputIsRefused() {
    assertNull(ConvergenceDiagnostics.of(new double[][] {{1, 2, 3, 4, 5, 6, 7}}, 7), "fewer than 8 points");
    assertNull(ConvergenceDiagnostics.of(new double[][] {new double[50], new double[50]}, 50), "no variation");
    assertThrows(IllegalArgumentException.class, () -> ConvergenceDiagnostics.of(new double[0][], 10));
    assertThrows(IllegalArgumentException.class, () -> ConvergenceDiagnostics.of(new double[][] {new double[5]}, 9));
  }

  /** The FFT autocovariance equals the direct sum. */
  @Test
  void autocovarianceByFft_equalsTheDirectSum() {
    double[] x = new double[37];
    SplittableRandom rng = new SplittableRandom(8);
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian() + (i % 5);
    }
    double[] g = Autocovariance.of(x, 3, 30);
    double mean = 0;
    for (int i = 0; i < 30; i++) {
      mean += x[3 + i];
    }
    mean /= 30;
    for (int t = 0; t < 30; t++) {
      double direct = 0;
      for (int i = 0; i + t < 30; i++) {
        direct += (x[3 + i] - mean) * (x[3 + i + t] - mean);
      }
      assertEquals(direct / 30, g[t], 1e-12, "lag " + t);
    }
  }
}
