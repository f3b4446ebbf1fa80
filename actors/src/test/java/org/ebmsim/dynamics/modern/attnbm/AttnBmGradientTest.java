package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The exact gradient of the mean negative log-likelihood against central finite differences and
 * against brute force: the data term written out, ∂ log Z from the naive ordered-tuple sum, and in
 * one dimension ∂ log Z/∂ξ_μ = β⟨u softmax_μ⟩ and ∂ log Z/∂c_μ = β⟨softmax_μ⟩ by quadrature.
 */
class AttnBmGradientTest {
  private static final double[] ROWS = {0.4, -1.0, 0.9, 1.3, 0.2, -0.6, -0.7, 0.8, 0.1, 0.0, -1.5, 2.1};

  @Test
  void gradient_matchesCentralFiniteDifferences() {
    for (int beta = 1; beta <= 3; beta++) {
      AttnBmReference ref = AttnBmReference.random(3, 3, 1.3, beta, 100 + beta);
      AttnBmObjective g = ref.model().negativeLogLikelihoodGradient(ROWS, 4);
      assertEquals(-ref.model().meanLogLikelihood(ROWS, 4), g.value(), 1e-12);
      checkAgainstDifferences(ref, g, r -> -r.model().meanLogLikelihood(ROWS, 4), 1e-7, "β " + beta);
    }
  }

  @Test
  void gradient_matchesDataTermPlusNaiveTupleDerivative() {
    for (int beta = 1; beta <= 3; beta++) {
      AttnBmReference ref = AttnBmReference.random(3, 4, 1.1, beta, 200 + beta);
      AttnBmObjective g = ref.model().negativeLogLikelihoodGradient(ROWS, 4);
      double[][] dLogZ = ref.naiveLogPartitionGradient();
      double[] dXi = dLogZ[0].clone();
      double[] dC = dLogZ[1].clone();
      double[] dB = new double[ref.n];
      for (int r = 0; r < 4; r++) {
        double[] v = {ROWS[3 * r], ROWS[3 * r + 1], ROWS[3 * r + 2]};
        for (int mu = 0; mu < ref.p; mu++) {
          double s = ref.softmax(v, mu);
          dC[mu] -= ref.beta * s / 4;
          for (int i = 0; i < ref.n; i++) {
            dXi[mu * ref.n + i] -= ref.beta * s * (v[i] - ref.b[i]) / 4;
            dB[i] += ref.beta * s * ref.xi[mu * ref.n + i] / 4;
          }
        }
        for (int i = 0; i < ref.n; i++) {
          dB[i] -= ref.beta * (v[i] - ref.b[i]) / 4;
        }
      }
      assertArrayClose(dXi, g.patterns(), 1e-11, "β " + beta + " ∂ξ");
      assertArrayClose(dC, g.hiddenBias(), 1e-11, "β " + beta + " ∂c");
      assertArrayClose(dB, g.visibleBias(), 1e-11, "β " + beta + " ∂b");
    }
  }

  @Test
  void logPartitionGradient_oneDimension_isBetaTimesModelCorrelationByQuadrature() {
    for (int beta = 1; beta <= 2; beta++) {
      AttnBmReference ref = AttnBmReference.random(1, 3, 1.7, beta, 300 + beta);
      // with one data row at b the data terms vanish for ∂b; use the full gradient minus the data term
      double[] row = {ref.b[0]};
      AttnBmObjective g = ref.model().negativeLogLikelihoodGradient(row, 1);
      double z = ref.quadrature(0.005, v -> 1.0);
      for (int mu = 0; mu < ref.p; mu++) {
        final int m = mu;
        double corr = ref.quadrature(0.005, v -> (v[0] - ref.b[0]) * ref.softmax(v, m)) / z;
        double occupancy = ref.quadrature(0.005, v -> ref.softmax(v, m)) / z;
        // data term of ∂ξ_μ is −β s_μ(row)·u = 0 at u = 0
        assertEquals(ref.beta * corr, g.patterns()[mu], 1e-9, "β " + beta + " ∂ξ_" + mu);
        assertEquals(ref.beta * occupancy - ref.beta * ref.softmax(row, mu), g.hiddenBias()[mu], 1e-9,
            "β " + beta + " ∂c_" + mu);
      }
    }
  }

  static void checkAgainstDifferences(AttnBmReference ref, AttnBmObjective g, ToDoubleFunction<AttnBmReference> f,
      double tol, String what) {
    double h = 1e-5;
    for (int k = 0; k < ref.xi.length; k++) {
      double fd = difference(ref, f, h, ref.xi, k);
      assertEquals(fd, g.patterns()[k], tol * Math.max(1, Math.abs(fd)), what + " ∂ξ[" + k + "]");
    }
    for (int i = 0; i < ref.b.length; i++) {
      double fd = difference(ref, f, h, ref.b, i);
      assertEquals(fd, g.visibleBias()[i], tol * Math.max(1, Math.abs(fd)), what + " ∂b[" + i + "]");
    }
    for (int mu = 0; mu < ref.c.length; mu++) {
      double fd = difference(ref, f, h, ref.c, mu);
      assertEquals(fd, g.hiddenBias()[mu], tol * Math.max(1, Math.abs(fd)), what + " ∂c[" + mu + "]");
    }
  }

  /** (f(θ + h e_k) − f(θ − h e_k))/(2h), perturbing {@code param[k]} in place and restoring it. */
  private static double difference(AttnBmReference ref, ToDoubleFunction<AttnBmReference> f, double h, double[] param,
      int k) {
    double saved = param[k];
    param[k] = saved + h;
    double up = f.applyAsDouble(ref);
    param[k] = saved - h;
    double down = f.applyAsDouble(ref);
    param[k] = saved;
    return (up - down) / (2 * h);
  }

  static void assertArrayClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], tol, what + "[" + j + "]");
    }
  }
}
