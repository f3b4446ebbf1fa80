package org.ebmsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tracker a session feeds once per report, against processes whose answers are known: AR(1)
 * chains {@code x_t = φ x_{t−1} + ε_t} (t counting reports) have {@code τ = (1 + φ)/(1 − φ)}
 * reports; kept every s-th report (the traces thin when full) they are AR(1) with φ^s. Overlap
 * traces of chains held in different modes give R̂ far above 1 while the energies agree.
 */
class DiagnosticsTrackerTest {

  /** Stationary AR(1) states of {@code chains} chains, advanced one report at a time. */
  private static final class Ar1 {
    final double phi;
    final double[] x;
    final SplittableRandom rng;

    Ar1(int chains, double phi, long seed) {
      this.phi = phi;
      this.x = new double[chains];
      this.rng = new SplittableRandom(seed);
      for (int c = 0; c < chains; c++) {
        x[c] = rng.nextGaussian() / Math.sqrt(1 - phi * phi);
      }
    }

    double[] next() {
      for (int c = 0; c < x.length; c++) {
        x[c] = phi * x[c] + rng.nextGaussian();
      }
      return x.clone();
    }
  }

  /**
   * 64 chains × 1000 reports 5 sweeps apart, φ = 0.8 (τ = 9 reports = 45 sweeps): the estimator's
   * relative standard error is ≈ √(2(10τ+1)/64 000) ≈ 5%, so 15% is three of them.
   */
  @Test
  void ar1_autocorrelationTimeInSweeps_matchesTheClosedForm() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(100, new int[0], 0);
    Ar1 ar = new Ar1(64, 0.8, 11);
    LiveDiagnostics d = null;
    for (int k = 1; k <= 1000; k++) {
      d = tracker.observe(5L * k, 1.0, ar.next(), new double[0], k == 1000);
    }
    assertNotNull(d);
    assertEquals(45, d.energy().autocorrelationSweeps(), 0.15 * 45, "τ in sweeps");
    assertEquals(64 * 1000 / 9.0, d.energy().values().effectiveSampleSize(), 0.15 * 64 * 1000 / 9.0, "ESS");
    assertEquals(1, d.energy().values().splitRHat(), 0.01);
    assertEquals(64, d.energy().values().chains(), "at most 64 chains are traced");
    assertEquals(1000, d.energy().values().length());
    assertEquals(0, d.sinceSweep());
    assertTrue(d.overlaps().isEmpty());
  }

  /**
   * 3000 reports 2 sweeps apart, φ = 0.8: the traces thinned twice (1024 → stride 2 → stride 4), so
   * the kept points are AR(1) with φ⁴ = 0.4096, τ = 1.4096/0.5904 = 2.39 points = 19.1 sweeps
   * (the unthinned chain's own is 18). Relative standard error ≈ √(2·25/48 000) ≈ 3%; 10% allowed.
   */
  @Test
  void ar1_thinnedTraces_keepTheWholeSegment_andConvertTauToSweeps() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(64, new int[0], 0);
    Ar1 ar = new Ar1(64, 0.8, 12);
    LiveDiagnostics d = null;
    for (int k = 1; k <= 3000; k++) {
      d = tracker.observe(2L * k, 1.0, ar.next(), new double[0], k == 3000);
    }
    double phi4 = Math.pow(0.8, 4);
    double tauSweeps = (1 + phi4) / (1 - phi4) * 4 * 2;
    assertEquals(tauSweeps, d.energy().autocorrelationSweeps(), 0.1 * tauSweeps);
    assertEquals(750, d.energy().values().length(), "every 4th of 3000 reports");
  }

  /** A new temperature starts a new segment: the diagnostics are undefined again until 8 points. */
  @Test
  void newTemperature_startsANewSegment() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(4, new int[0], 0);
    Ar1 ar = new Ar1(4, 0.3, 13);
    for (int k = 1; k <= 20; k++) {
      assertEquals(k >= 8, tracker.observe(k, 2.0, ar.next(), new double[0], false) != null, "report " + k);
    }
    for (int k = 21; k <= 28; k++) {
      LiveDiagnostics d = tracker.observe(k, 1.0, ar.next(), new double[0], false);
      assertEquals(k == 28, d != null, "report " + k);
      if (d != null) {
        assertEquals(20, d.sinceSweep());
        assertEquals(8, d.energy().values().length());
      }
    }
  }

  /**
   * Two traced patterns; chains 0..3 sit in the mode of pattern 0 (m₀ ≈ 0.9, m₁ ≈ 0) and chains
   * 4..7 in that of pattern 1, with the same energy law: the energy's R̂ stays near 1, the
   * overlaps' is far above it; the means are the current report's.
   */
  @Test
  void overlapsOfChainsInDifferentModes_haveLargeRHat_whileTheEnergiesAgree() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(8, new int[] {5, 2}, 0);
    OverlapProbe probe = tracker.probe();
    assertEquals(8, probe.chains());
    assertEquals(2, probe.count());
    Ar1 energy = new Ar1(8, 0.5, 14);
    Ar1 noise = new Ar1(16, 0.5, 15);
    LiveDiagnostics d = null;
    double[] overlaps = null;
    for (int k = 1; k <= 400; k++) {
      double[] e = energy.next();
      double[] z = noise.next();
      overlaps = new double[16];
      for (int c = 0; c < 8; c++) {
        boolean first = c < 4;
        overlaps[2 * c] = (first ? 0.9 : 0.0) + 0.02 * z[2 * c];
        overlaps[2 * c + 1] = (first ? 0.0 : 0.9) + 0.02 * z[2 * c + 1];
      }
      d = tracker.observe(k, 0.5, e, overlaps, k == 400);
    }
    assertEquals(1, d.energy().values().splitRHat(), 0.05, "same energy law");
    assertEquals(2, d.overlaps().size());
    assertEquals(5, d.overlaps().get(0).pattern());
    assertEquals(2, d.overlaps().get(1).pattern());
    for (LiveDiagnostics.Observable o : d.overlaps()) {
      assertTrue(o.values().splitRHat() > 5, "pattern " + o.pattern() + ": R̂ = " + o.values().splitRHat());
    }
    double mean0 = 0;
    for (int c = 0; c < 8; c++) {
      mean0 += overlaps[2 * c] / 8;
    }
    assertEquals(mean0, d.overlaps().get(0).mean(), 1e-15);
  }

  /** Chains that mix (every chain visits both modes, switching at random) give R̂ near 1 for the overlaps. */
  @Test
  void overlapsOfMixingChains_haveRHatNearOne() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(8, new int[] {0}, 0);
    SplittableRandom rng = new SplittableRandom(16);
    boolean[] inFirst = new boolean[8];
    LiveDiagnostics d = null;
    for (int k = 1; k <= 2000; k++) {
      double[] overlaps = new double[8];
      for (int c = 0; c < 8; c++) {
        if (rng.nextDouble() < 0.1) {
          inFirst[c] = !inFirst[c];
        }
        overlaps[c] = (inFirst[c] ? 0.9 : 0.0) + 0.02 * rng.nextGaussian();
      }
      d = tracker.observe(k, 0.5, rngEnergies(rng), overlaps, k == 2000);
    }
    LiveDiagnostics.Observable o = d.overlaps().get(0);
    assertEquals(1, o.values().splitRHat(), 0.02, "R̂ = " + o.values().splitRHat());
    // a two-state switch with flip probability q has τ = (1 + (1−2q))/(1 − (1−2q)) = (1−q)/q = 9 reports
    assertEquals(9, o.autocorrelationSweeps(), 0.2 * 9, "τ of the switching overlap");
  }

  private static double[] rngEnergies(SplittableRandom rng) {
    double[] e = new double[8];
    for (int c = 0; c < 8; c++) {
      e[c] = rng.nextGaussian();
    }
    return e;
  }

  /** Frozen overlaps (no variation) are left out; frozen energies leave the whole undefined. */
  @Test
  void frozenObservables_areLeftOut() {
    DiagnosticsTracker tracker = new DiagnosticsTracker(4, new int[] {0, 1}, 0);
    SplittableRandom rng = new SplittableRandom(17);
    LiveDiagnostics d = null;
    for (int k = 1; k <= 50; k++) {
      double[] overlaps = new double[8];
      for (int c = 0; c < 4; c++) {
        overlaps[2 * c] = 1.0; // pattern 0: frozen
        overlaps[2 * c + 1] = rng.nextGaussian();
      }
      d = tracker.observe(k, 1.0, new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(),
          rng.nextGaussian()}, overlaps, false);
    }
    assertEquals(1, d.overlaps().size());
    assertEquals(1, d.overlaps().get(0).pattern());
    DiagnosticsTracker frozen = new DiagnosticsTracker(2, new int[0], 0);
    for (int k = 1; k <= 50; k++) {
      assertNull(frozen.observe(k, 1.0, new double[] {-3, -3}, new double[0], k == 50));
    }
  }

  @Test
  void badInput_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DiagnosticsTracker(4, new int[9], 0));
    DiagnosticsTracker t = new DiagnosticsTracker(4, new int[] {0}, 0);
    assertThrows(IllegalArgumentException.class, () -> t.observe(1, 1, new double[4], new double[3], false));
    assertThrows(IllegalArgumentException.class, () -> t.observe(1, 1, new double[3], new double[4], false));
  }
}
