package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ⟨v_m | v_o⟩ against quadrature of the joint density and against the paper's eq. 39. */
class AttnBmConditionalTest {

  @Test
  void conditionalMean_twoUnitsOneObserved_matchesQuadratureOfJointDensity() {
    for (int beta = 1; beta <= 3; beta++) {
      AttnBmReference ref = AttnBmReference.random(2, 3, 1.6, beta, 400 + beta);
      AttnBm model = ref.model();
      for (double vo : new double[] {-1.3, 0.0, 0.9}) {
        // ∫ v_1 e^{−βE(v_o, v_1)} dv_1 / ∫ e^{−βE(v_o, v_1)} dv_1 on a fine grid
        double step = 0.002;
        double num = 0;
        double den = 0;
        for (double x = -25; x <= 25; x += step) {
          double w = Math.exp(-ref.beta * ref.energy(new double[] {vo, x}));
          num += x * w;
          den += w;
        }
        double[] out = model.reconstruct(new double[] {vo, 123.0}, 1, new boolean[] {true, false});
        assertEquals(vo, out[0], 0.0, "observed unit kept");
        assertEquals(num / den, out[1], 1e-9, "β " + beta + " v_o " + vo);
      }
    }
  }

  @Test
  void conditionalMean_betaOneNoBiases_isPapersEquation39() {
    AttnBmReference r = AttnBmReference.random(5, 4, 1.4, 1, 450);
    AttnBm model = AttnBm.of(5, 4, r.xi, 1);
    boolean[] observed = {true, false, true, false, false};
    double[] v = {0.7, 0, -1.2, 0, 0};
    // ⟨v_m⟩ = Σ_μ ξ_{μ,m} softmax_μ(ξ_{μ,o}·v_o + ‖ξ_{μ,m}‖²/2)
    double[] a = new double[4];
    double max = Double.NEGATIVE_INFINITY;
    for (int mu = 0; mu < 4; mu++) {
      for (int i = 0; i < 5; i++) {
        double x = r.xi[mu * 5 + i];
        a[mu] += observed[i] ? x * v[i] : x * x / 2;
      }
      max = Math.max(max, a[mu]);
    }
    double sum = 0;
    for (int mu = 0; mu < 4; mu++) {
      a[mu] = Math.exp(a[mu] - max);
      sum += a[mu];
    }
    double[] out = model.reconstruct(v, 1, observed);
    for (int i = 0; i < 5; i++) {
      double expected = v[i];
      if (!observed[i]) {
        expected = 0;
        for (int mu = 0; mu < 4; mu++) {
          expected += r.xi[mu * 5 + i] * a[mu] / sum;
        }
      }
      assertEquals(expected, out[i], 1e-12, "unit " + i);
    }
  }

  @Test
  void conditional_isTheJointRenormalized() {
    // log p(v_m | v_o) from the conditional model = log p(v) − log ∫ p(v) dv_m, the latter by quadrature
    AttnBmReference ref = AttnBmReference.random(2, 3, 1.2, 2, 470);
    AttnBm cond = ref.model().conditional(new boolean[] {false, true}, new double[] {0, 0.6});
    double step = 0.002;
    double den = 0;
    for (double x = -25; x <= 25; x += step) {
      den += Math.exp(-ref.beta * ref.energy(new double[] {x, 0.6}));
    }
    den *= step;
    for (double x : new double[] {-0.5, 0.4, 1.9}) {
      double expected = -ref.beta * ref.energy(new double[] {x, 0.6}) - Math.log(den);
      assertEquals(expected, cond.logDensity(new double[] {x}), 1e-9, "v_0 " + x);
    }
  }

  @Test
  void conditional_noMissingUnit_refused() {
    AttnBm model = AttnBmReference.random(2, 2, 1, 1, 1).model();
    assertThrows(IllegalArgumentException.class,
        () -> model.conditional(new boolean[] {true, true}, new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> model.conditional(new boolean[] {true}, new double[] {0, 0}));
  }
}
