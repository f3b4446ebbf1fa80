package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.PatternOverlaps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Storage rules: formulas, projector algebra, validation, and retrieval by asynchronous dynamics. */
class HopfieldRulesTest {
  @Test
  void hebbian_matchesOuterProductFormulaWithZeroDiagonal() {
    int p = 4;
    int n = 25;
    byte[] xi = TestModels.randomPatterns(p, n, new SplittableRandom(1));
    double[] w = HopfieldRules.hebbian(p, n, xi);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double expected = 0;
        if (i != j) {
          for (int mu = 0; mu < p; mu++) {
            expected += xi[mu * n + i] * xi[mu * n + j];
          }
          expected /= n;
        }
        assertEquals(expected, w[i * n + j], 1e-15, "W[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void projectionWithDiagonal_isSymmetricIdempotentAndFixesEveryPattern() {
    int p = 8;
    int n = 40;
    byte[] xi = TestModels.randomPatterns(p, n, new SplittableRandom(2));
    double[] w = HopfieldRules.projectionWithDiagonal(p, n, xi);
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += w[i * n + i];
      for (int j = 0; j < n; j++) {
        assertEquals(w[j * n + i], w[i * n + j], 0.0, "symmetric at " + i + "," + j);
        double w2 = 0;
        for (int k = 0; k < n; k++) {
          w2 += w[i * n + k] * w[k * n + j];
        }
        assertEquals(w[i * n + j], w2, 1e-12, "(W²)[" + i + "][" + j + "]");
      }
    }
    assertEquals(p, trace, 1e-10, "a rank-p orthogonal projector has trace p");
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        double wxi = 0;
        for (int j = 0; j < n; j++) {
          wxi += w[i * n + j] * xi[mu * n + j];
        }
        assertEquals(xi[mu * n + i], wxi, 1e-12, "(Wξ^" + mu + ")_" + i);
      }
    }
    double[] zeroDiagonal = HopfieldRules.projection(p, n, xi);
    for (int k = 0; k < n * n; k++) {
      assertEquals(k / n == k % n ? 0 : w[k], zeroDiagonal[k], 0.0, "projection() differs only on the diagonal");
    }
  }

  @Test
  void projection_manyIndependentRandomPatterns_nearCapacity_areAccepted() {
    // Regression: a determinant-like quality test rejected 90 random patterns of 100 units.
    int n = 100;
    int p = 95;
    byte[] xi = TestModels.randomPatterns(p, n, new SplittableRandom(4));
    double[] w = HopfieldRules.projectionWithDiagonal(p, n, xi);
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        double wxi = 0;
        for (int j = 0; j < n; j++) {
          wxi += w[i * n + j] * xi[mu * n + j];
        }
        assertEquals(xi[mu * n + i], wxi, 1e-8, "(Wξ^" + mu + ")_" + i);
      }
    }
  }

  @Test
  void projection_tooManyPatterns_isRejected() {
    int n = 6;
    byte[] xi = TestModels.randomPatterns(n, n, new SplittableRandom(3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HopfieldRules.projection(n, n, xi));
    assertTrue(e.getMessage().contains("p = 6, N = 6"), e.getMessage());
  }

  @Test
  void projection_linearlyDependentPatterns_areRejected() {
    byte[] mirrored = {1, -1, 1, 1, -1, 1, -1, -1}; // ξ² = -ξ¹
    assertThrows(IllegalArgumentException.class, () -> HopfieldRules.projection(2, 4, mirrored));
    // a + b + c = d with every entry ±1: (1,1,-1) + (1,-1,1) + (-1,1,1) = (1,1,1), repeated twice.
    byte[] sum = {
        1, 1, -1, 1, 1, -1,
        1, -1, 1, 1, -1, 1,
        -1, 1, 1, -1, 1, 1,
        1, 1, 1, 1, 1, 1};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HopfieldRules.projection(4, 6, sum));
    assertTrue(e.getMessage().contains("linearly independent"), e.getMessage());
  }

  @Test
  void rules_nonPlusMinusOneEntryOrWrongLength_isRejectedNamingTheEntry() {
    byte[] xi = {1, -1, 1, 1, 1, 1, -1, 0};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HopfieldRules.hebbian(2, 4, xi));
    assertTrue(e.getMessage().contains("patterns[1][3]"), e.getMessage());
    xi[7] = 2;
    e = assertThrows(IllegalArgumentException.class, () -> HopfieldRules.projection(2, 4, xi));
    assertTrue(e.getMessage().contains("patterns[1][3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HopfieldRules.hebbian(2, 4, new byte[7]));
    assertThrows(IllegalArgumentException.class, () -> HopfieldRules.hebbian(0, 4, new byte[0]));
  }

  /** Runs random-order asynchronous dynamics on every chain until a sweep flips nothing. */
  private static SpinChains relax(IsingModel model, byte[] cues, int chains, long seed) {
    SpinChains state = new SpinChains(LayerCouplings.single(model), chains, cues);
    SplittableRandom[] rngs = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    AsynchronousDynamics dynamics = new AsynchronousDynamics(AsynchronousDynamics.Order.RANDOM);
    for (int sweep = 0; sweep < 200; sweep++) {
      if (dynamics.sweep(state, 0, chains, 1.0, rngs, null) == 0) {
        return state;
      }
    }
    throw new AssertionError("no fixed point within 200 sweeps");
  }

  /** Row μ of each pattern with exactly 10% of its units flipped. */
  private static byte[] noisyCues(byte[] xi, int p, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] cues = new byte[p * n];
    for (int mu = 0; mu < p; mu++) {
      byte[] cue = TestModels.flipRandomUnits(Arrays.copyOfRange(xi, mu * n, (mu + 1) * n), n / 10, rng);
      System.arraycopy(cue, 0, cues, mu * n, n);
    }
    return cues;
  }

  private static void assertRetrievesEvery(IsingModel model, byte[] xi, int p, int n, long seed) {
    PatternOverlaps overlaps = new PatternOverlaps(p, n, xi);
    SpinChains end = relax(model, noisyCues(xi, p, n, seed), p, seed);
    for (int mu = 0; mu < p; mu++) {
      double m = overlaps.overlap(mu, end.spins(), mu * n);
      assertEquals(1.0, m, 0.0, "pattern " + mu + " retrieved with overlap " + m + " (best match "
          + overlaps.bestMatch(end.spins(), mu * n) + ")");
    }
  }

  @Test
  void hebbian_fivePercentLoad_retrievesEveryPatternFromTenPercentNoise() {
    int n = 200;
    int p = 10; // 0.05·N, well below the 0.138·N capacity
    byte[] xi = TestModels.randomPatterns(p, n, new SplittableRandom(42));
    assertRetrievesEvery(TestModels.hopfield(n, HopfieldRules.hebbian(p, n, xi)), xi, p, n, 43);
  }

  /**
   * Correlated patterns: a common random base, pattern μ reverses its own random subset of
   * {@code flips} units, so two patterns differ on about {@code 2·flips·(1 − flips/N)} units
   * (overlap ≈ 0.58 for 12 of 100) and each overlaps the base by {@code 1 − 2·flips/N}.
   */
  private static byte[] correlatedPatterns(int p, int n, int flips, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] base = TestModels.randomPatterns(1, n, rng);
    byte[] xi = new byte[p * n];
    for (int mu = 0; mu < p; mu++) {
      System.arraycopy(TestModels.flipRandomUnits(base, flips, rng), 0, xi, mu * n, n);
    }
    return xi;
  }

  /** Number of patterns whose every unit is aligned with its local field. */
  private static int fixedPointCount(IsingModel model, byte[] xi, int p, int n) {
    int count = 0;
    for (int mu = 0; mu < p; mu++) {
      boolean fixed = true;
      for (int i = 0; i < n && fixed; i++) {
        fixed = (model.localField(xi, mu * n, i) > 0 ? 1 : -1) == xi[mu * n + i];
      }
      count += fixed ? 1 : 0;
    }
    return count;
  }

  @Test
  void projection_correlatedPatterns_areStoredAndRetrieved_whereHebbianLosesThem() {
    int n = 100;
    int p = 20;
    byte[] xi = correlatedPatterns(p, n, 12, 9);
    IsingModel projection = TestModels.hopfield(n, HopfieldRules.projection(p, n, xi));
    IsingModel hebbian = TestModels.hopfield(n, HopfieldRules.hebbian(p, n, xi));
    int hebbianFixed = fixedPointCount(hebbian, xi, p, n);
    assertTrue(hebbianFixed < p, "the construction must defeat the Hebbian rule, but all " + p
        + " patterns are its fixed points");
    PatternOverlaps overlaps = new PatternOverlaps(p, n, xi);
    SpinChains hebbianEnd = relax(hebbian, noisyCues(xi, p, n, 10), p, 10);
    int hebbianRetrieved = 0;
    for (int mu = 0; mu < p; mu++) {
      hebbianRetrieved += overlaps.overlap(mu, hebbianEnd.spins(), mu * n) == 1.0 ? 1 : 0;
    }
    assertTrue(hebbianRetrieved < p, "Hebbian retrieval should fail for some pattern (fixed points: "
        + hebbianFixed + " of " + p + ")");
    assertEquals(p, fixedPointCount(projection, xi, p, n), "projection rule: every pattern is a fixed point");
    assertRetrievesEvery(projection, xi, p, n, 10);
  }
}
