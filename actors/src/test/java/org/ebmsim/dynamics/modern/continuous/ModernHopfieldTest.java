package org.ebmsim.dynamics.modern.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.junit.jupiter.api.Test;

/** The network: validation and the energy against closed forms. */
class ModernHopfieldTest {

  @Test
  void of_rejectsBadInverseTemperature_naming_beta() {
    FloatMatrix xi = FloatMatrix.wrap(1, 2, new float[] {1, 2});
    for (double beta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModernHopfield.of(xi, beta));
      assertEquals("inverse temperature beta must be a finite number > 0 (got " + beta + ")", e.getMessage());
    }
    ModernHopfield ok = ModernHopfield.of(xi, 1);
    assertThrows(IllegalArgumentException.class, () -> ok.withInverseTemperature(0));
  }

  @Test
  void of_rejectsEmptyOrMisshapenOrNonFinitePatterns() {
    assertEquals("at least one stored pattern is needed (got 0)", assertThrows(IllegalArgumentException.class,
        () -> ModernHopfield.of(FloatMatrix.zeros(0, 3), 1)).getMessage());
    assertEquals("patterns need at least 1 unit (got 0)", assertThrows(IllegalArgumentException.class,
        () -> ModernHopfield.of(FloatMatrix.zeros(2, 0), 1)).getMessage());
    assertEquals("patterns must have p*N = 6 entries (got 5)", assertThrows(IllegalArgumentException.class,
        () -> ModernHopfield.of(2, 3, new float[5], 1)).getMessage());
    assertEquals("patterns[1][0] must be finite (got NaN)", assertThrows(IllegalArgumentException.class,
        () -> ModernHopfield.of(2, 3, new float[] {0, 0, 0, Float.NaN, 0, 0}, 1)).getMessage());
    assertEquals("patterns[0][2] must be finite (got Infinity)", assertThrows(IllegalArgumentException.class,
        () -> ModernHopfield.of(2, 3, new double[] {0, 0, 1e300, 0, 0, 0}, 1)).getMessage());
  }

  @Test
  void energy_rejectsStateOfWrongWidthOrNonFinite() {
    ModernHopfield net = ModernHopfield.of(2, 3, new float[6], 1);
    assertEquals("state must have N = 3 entries like the patterns (got 4)",
        assertThrows(IllegalArgumentException.class, () -> net.energy(new float[4])).getMessage());
    assertEquals("state[1] must be finite (got -Infinity)", assertThrows(IllegalArgumentException.class,
        () -> net.energy(new float[] {0, Float.NEGATIVE_INFINITY, 0})).getMessage());
  }

  /** One pattern: log p = 0 and M = ‖ξ‖, so E(v) = −ξ·v + ½‖v‖² + ½‖ξ‖² = ½‖v − ξ‖², at any β. */
  @Test
  void energy_onePattern_isHalfSquaredDistance_evenWhereExpOverflows() {
    float[] xi = {3f, -1.5f, 0.25f, 2f};
    float[] v = {-40f, 7f, 100f, 0.5f};
    double expected = 0;
    for (int i = 0; i < xi.length; i++) {
      expected += 0.5 * ((double) v[i] - xi[i]) * ((double) v[i] - xi[i]);
    }
    for (double beta : new double[] {1e-6, 0.3, 1, 50, 1e6}) { // β ξ·v = −1e8 at β = 1e6: e^that underflows
      ModernHopfield net = ModernHopfield.of(1, 4, xi, beta);
      assertEquals(expected, net.energy(v), 1e-12 * expected, "beta " + beta);
    }
  }

  /**
   * Two orthogonal patterns a·e₁, a·e₂: E(v) = −β⁻¹ log(e^{βa v₁} + e^{βa v₂}) + ½‖v‖² + β⁻¹ log 2 + ½a²,
   * written with log1p so that it holds at β where e^{βa v} overflows double.
   */
  @Test
  void energy_twoOrthogonalPatterns_matchesClosedForm() {
    double a = 2;
    float[] xi = {(float) a, 0, 0, 0, (float) a, 0};
    float[][] states = {{1, 0.5f, -3}, {-2, 4, 0}, {700, 699, 1}, {0, 0, 0}};
    for (double beta : new double[] {0.01, 1, 10, 1e4}) {
      ModernHopfield net = ModernHopfield.of(2, 3, xi, beta);
      for (float[] v : states) {
        double z1 = beta * a * v[0];
        double z2 = beta * a * v[1];
        double lse = Math.max(z1, z2) + Math.log1p(Math.exp(-Math.abs(z1 - z2)));
        double vv = (double) v[0] * v[0] + (double) v[1] * v[1] + (double) v[2] * v[2];
        double expected = -lse / beta + 0.5 * vv + Math.log(2) / beta + 0.5 * a * a;
        assertEquals(expected, net.energy(v), 1e-12 * Math.max(1, Math.abs(expected)), "beta " + beta);
      }
    }
  }

  /**
   * E ≥ 0 everywhere: lse ≤ β max_μ ξ_μ·v + log p and ξ_μ·v ≤ M‖v‖ give E ≥ ½(‖v‖ − M)² ≥ 0.
   * Checked with that sharper lower bound on random states of all sizes.
   */
  @Test
  void energy_isAtLeastHalfSquaredNormGapToM() {
    SplittableRandom rng = new SplittableRandom(11);
    FloatMatrix xi = Instances.gaussian(rng, 40, 16, 1);
    for (double beta : new double[] {0.01, 0.5, 5}) {
      ModernHopfield net = ModernHopfield.of(xi, beta);
      double m = Math.sqrt(net.maxNormSquared());
      for (int t = 0; t < 200; t++) {
        float[] v = Instances.gaussian(rng, 1, 16, Math.exp(rng.nextDouble(-3, 3))).data();
        double norm = 0;
        for (float x : v) {
          norm += (double) x * x;
        }
        double bound = 0.5 * (Math.sqrt(norm) - m) * (Math.sqrt(norm) - m);
        double e = net.energy(v);
        assertTrue(e >= bound - 1e-9 * (1 + e), "E = " + e + " below ½(‖v‖−M)² = " + bound);
      }
    }
  }

  @Test
  void energy_agreesWithPlainDoubleReference() {
    SplittableRandom rng = new SplittableRandom(12);
    FloatMatrix xi = Instances.gaussian(rng, 30, 20, 1);
    ModernHopfield net = ModernHopfield.of(xi, 0.7);
    DoubleReference ref = new DoubleReference(net);
    FloatMatrix states = Instances.gaussian(rng, 25, 20, 2);
    for (int r = 0; r < states.rows(); r++) {
      double expected = ref.energy(Instances.row(states, r));
      assertEquals(expected, net.energy(states.row(r)), 1e-12 * Math.abs(expected));
    }
  }

  @Test
  void accessors_reportModel() {
    ModernHopfield net = ModernHopfield.of(2, 2, new float[] {3, 4, 1, 0}, 0.5);
    assertEquals(2, net.patternCount());
    assertEquals(2, net.units());
    assertEquals(0.5, net.inverseTemperature());
    assertEquals(25, net.maxNormSquared());
    assertEquals(Math.log(2) / 0.5 + 12.5, net.energyConstant(), 1e-15);
    assertEquals(1f, net.pattern(1)[0]);
    assertThrows(IllegalArgumentException.class, () -> net.pattern(2));
    assertEquals(2.0, net.withInverseTemperature(2).inverseTemperature());
  }
}
