package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.ModelTooLargeException;
import org.junit.jupiter.api.Test;

/** log Z, the likelihood and the model moments against quadrature and the naive β-tuple sum. */
class AttnBmExactTest {

  @Test
  void logPartition_betaOne_isThePapersClosedForm() {
    AttnBmReference ref = AttnBmReference.random(5, 4, 1.5, 1, 11);
    double sum = 0;
    for (int mu = 0; mu < ref.p; mu++) {
      double norm2 = 0;
      for (int i = 0; i < ref.n; i++) {
        norm2 += ref.xi[mu * ref.n + i] * ref.xi[mu * ref.n + i];
      }
      sum += Math.exp(norm2 / 2 + ref.c[mu]);
    }
    double expected = 0.5 * ref.n * Math.log(2 * Math.PI) + Math.log(sum);
    assertEquals(expected, ref.model().logPartition(), 1e-12);
  }

  @Test
  void logPartition_oneAndTwoDimensions_matchesQuadrature() {
    for (int beta = 1; beta <= 3; beta++) {
      for (int n = 1; n <= 2; n++) {
        AttnBmReference ref = AttnBmReference.random(n, 3, 1.8, beta, 20 + 10L * beta + n);
        double quad = ref.quadratureLogPartition(n == 1 ? 0.005 : 0.02);
        assertEquals(quad, ref.model().logPartition(), 1e-9, "β " + beta + " N " + n);
      }
    }
  }

  @Test
  void logPartition_integerBeta_matchesNaiveOrderedTupleSum() {
    for (int beta = 1; beta <= 4; beta++) {
      AttnBmReference ref = AttnBmReference.random(6, 4, 1.2, beta, 40 + beta);
      assertEquals(ref.naiveLogPartition(), ref.model().logPartition(), 1e-10, "β " + beta);
    }
  }

  @Test
  void logPartition_largeNorms_staysFinite() {
    // ‖ξ‖²/2 of order 10⁵: e^{a} overflows, log-sum-exp must not
    AttnBmReference ref = AttnBmReference.random(4, 3, 300, 2, 5);
    double logZ = ref.model().logPartition();
    assertTrue(Double.isFinite(logZ), "log Z " + logZ);
    assertEquals(ref.naiveLogPartition(), logZ, 1e-9 * Math.abs(logZ));
  }

  @Test
  void meanLogLikelihood_matchesQuadratureNormalizedDensity() {
    AttnBmReference ref = AttnBmReference.random(2, 3, 1.5, 2, 61);
    double logZ = ref.quadratureLogPartition(0.02);
    double[] rows = {0.3, -1.2, 1.7, 0.4, -0.8, -0.1};
    double expected = 0;
    for (int r = 0; r < 3; r++) {
      expected += -ref.beta * ref.energy(new double[] {rows[2 * r], rows[2 * r + 1]}) - logZ;
    }
    expected /= 3;
    assertEquals(expected, ref.model().meanLogLikelihood(rows, 3), 1e-9);
    assertEquals(-ref.beta * ref.energy(new double[] {0.3, -1.2}) - logZ,
        ref.model().logDensity(new double[] {0.3, -1.2}), 1e-9);
  }

  @Test
  void energy_matchesDirectFormula() {
    AttnBmReference ref = AttnBmReference.random(5, 4, 1.0, 1.7, 71);
    double[] v = {0.1, -0.5, 2.0, 0.7, -1.1};
    assertEquals(ref.energy(v), ref.model().energy(v), 1e-12);
  }

  @Test
  void meanAndCovariance_matchNaiveOrderedTupleMixture() {
    for (int beta = 1; beta <= 3; beta++) {
      AttnBmReference ref = AttnBmReference.random(3, 4, 1.5, beta, 80 + beta);
      AttnBm model = ref.model();
      double[] mean = model.mean();
      double[] cov = model.covariance();
      double[] m = ref.naiveMean();
      double[] m2 = ref.naiveSecondMoment();
      for (int i = 0; i < 3; i++) {
        assertEquals(m[i], mean[i], 1e-10, "β " + beta + " mean " + i);
        for (int j = 0; j < 3; j++) {
          assertEquals(m2[i * 3 + j] - m[i] * m[j], cov[i * 3 + j], 1e-10, "β " + beta + " cov " + i + j);
        }
      }
    }
  }

  @Test
  void meanAndVariance_oneDimension_matchQuadrature() {
    AttnBmReference ref = AttnBmReference.random(1, 3, 2.0, 2, 91);
    double z = ref.quadrature(0.005, v -> 1.0);
    double m1 = ref.quadrature(0.005, v -> v[0]) / z;
    double m2 = ref.quadrature(0.005, v -> v[0] * v[0]) / z;
    AttnBm model = ref.model();
    assertEquals(m1, model.mean()[0], 1e-9);
    assertEquals(m2 - m1 * m1, model.covariance()[0], 1e-9);
  }

  @Test
  void exactComputations_nonIntegerBeta_throwPreciseMessage() {
    AttnBm model = AttnBmReference.random(2, 2, 1, 1.5, 3).model();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, model::logPartition);
    assertTrue(e.getMessage().contains("positive integer inverse temperature") && e.getMessage().contains("1.5")
        && e.getMessage().contains("use β = 1 or 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AttnBm.of(1, 1, new double[1], 0.25).logPartition());
    assertTrue(e.getMessage().endsWith("use β = 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.meanLogLikelihood(new double[] {0, 0}, 1));
    assertThrows(IllegalArgumentException.class, () -> model.negativeLogLikelihoodGradient(new double[] {0, 0}, 1));
    assertThrows(IllegalArgumentException.class, () -> model.sample(1, new java.util.SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class, model::mean);
    // the energy, score and retrieval need no Z
    assertTrue(Double.isFinite(model.energy(new double[] {0.5, 0.5})));
    assertEquals(2, model.retrieve(new double[] {0.5, 0.5}, 1).length);
  }

  @Test
  void exactComputations_tooManyComponents_refused() {
    // C(300+4−1, 4) ≈ 3.4e8 components, above the 2^24 limit
    AttnBm model = AttnBm.of(1, 300, new double[300], 4);
    ModelTooLargeException e = assertThrows(ModelTooLargeException.class, model::logPartition);
    assertTrue(e.getMessage().contains("C(p+β−1, β)"), e.getMessage());
  }

  @Test
  void componentCount_isTheMultisetCount() {
    assertEquals(4, TupleExpansion.componentCount(4, 1));
    assertEquals(10, TupleExpansion.componentCount(4, 2));
    assertEquals(20, TupleExpansion.componentCount(4, 3));
    assertEquals(1, TupleExpansion.componentCount(1, 9));
    assertEquals(Long.MAX_VALUE, TupleExpansion.componentCount(1_000_000, 20));
  }

  @Test
  void of_invalidParameters_namesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AttnBm.of(2, 2, new double[] {0, 0, 0, Double.NaN}, 1));
    assertTrue(e.getMessage().contains("patterns[1][1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AttnBm.of(2, 2, new double[3], 1));
    assertTrue(e.getMessage().contains("patterns must have"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AttnBm.of(2, 2, new double[4], 0));
    assertTrue(e.getMessage().contains("inverseTemperature"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AttnBm.of(2, 2, new double[4], new double[3], null, 1));
    assertTrue(e.getMessage().contains("visibleBias"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AttnBm.of(2, 2, new double[4], 1).meanLogLikelihood(new double[] {0, Double.POSITIVE_INFINITY}, 1));
    assertTrue(e.getMessage().contains("rows[0][1]"), e.getMessage());
  }
}
