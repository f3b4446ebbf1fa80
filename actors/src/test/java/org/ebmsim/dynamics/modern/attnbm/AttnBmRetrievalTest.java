package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The model-B retrieval update v ← b + ξᵀ softmax(β(ξ(v − b) + c)). */
class AttnBmRetrievalTest {

  @Test
  void retrieve_matchesFormulaWrittenOut() {
    AttnBmReference ref = AttnBmReference.random(3, 4, 1.2, 2.5, 600);
    double[] v = {0.3, -0.4, 1.1};
    double[] h = new double[4];
    double max = Double.NEGATIVE_INFINITY;
    for (int mu = 0; mu < 4; mu++) {
      h[mu] = ref.c[mu];
      for (int i = 0; i < 3; i++) {
        h[mu] += ref.xi[mu * 3 + i] * (v[i] - ref.b[i]);
      }
      h[mu] *= ref.beta;
      max = Math.max(max, h[mu]);
    }
    double sum = 0;
    for (int mu = 0; mu < 4; mu++) {
      sum += Math.exp(h[mu] - max);
    }
    double[] out = ref.model().retrieve(v, 1);
    for (int i = 0; i < 3; i++) {
      double expected = ref.b[i];
      for (int mu = 0; mu < 4; mu++) {
        expected += ref.xi[mu * 3 + i] * Math.exp(h[mu] - max) / sum;
      }
      assertEquals(expected, out[i], 1e-12, "unit " + i);
    }
  }

  @Test
  void retrieve_neverRaisesHopfieldEnergy() {
    SplittableRandom rng = new SplittableRandom(601);
    for (double beta : new double[] {0.3, 1, 3.7}) {
      AttnBm model = AttnBmReference.random(6, 5, 1.5, beta, 602).model();
      double[] v = new double[6 * 20];
      for (int j = 0; j < v.length; j++) {
        v[j] = 3 * rng.nextGaussian();
      }
      for (int t = 0; t < 10; t++) {
        double[] next = model.retrieve(v, 20);
        for (int r = 0; r < 20; r++) {
          double before = model.hopfieldEnergy(java.util.Arrays.copyOfRange(v, 6 * r, 6 * r + 6));
          double after = model.hopfieldEnergy(java.util.Arrays.copyOfRange(next, 6 * r, 6 * r + 6));
          assertTrue(after <= before + 1e-12 * Math.max(1, Math.abs(before)),
              "β " + beta + " step " + t + " row " + r + ": E " + before + " -> " + after);
        }
        v = next;
      }
    }
  }

  @Test
  void retrieve_betaOne_hopfieldEnergyIsTheAttnBmEnergy() {
    AttnBm model = AttnBmReference.random(4, 3, 1.0, 1, 603).model();
    double[] v = {0.2, -0.3, 0.8, 1.5};
    assertEquals(model.energy(v), model.hopfieldEnergy(v), 1e-12);
  }

  @Test
  void retrieve_separatedPatterns_retrievedInOneStepFromCorruptedCue() {
    // ±1 patterns in N = 64 at β = 1: a cue with 20% of its units zeroed lands on the pattern
    int n = 64;
    int p = 8;
    SplittableRandom rng = new SplittableRandom(604);
    double[] xi = new double[p * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? 1 : -1;
    }
    AttnBm model = AttnBm.of(n, p, xi, 1);
    for (int mu = 0; mu < p; mu++) {
      double[] cue = java.util.Arrays.copyOfRange(xi, mu * n, mu * n + n);
      for (int i = 0; i < n; i++) {
        if (rng.nextDouble() < 0.2) {
          cue[i] = 0;
        }
      }
      double[] out = model.retrieve(cue, 1);
      for (int i = 0; i < n; i++) {
        assertEquals(xi[mu * n + i], out[i], 1e-6, "pattern " + mu + " unit " + i);
      }
    }
  }

  @Test
  void retrieve_onePattern_landsOnItFromAnywhere() {
    AttnBm model = AttnBm.of(2, 1, new double[] {1.5, -0.5}, new double[] {0.1, 0.2}, new double[] {3}, 2);
    double[] out = model.retrieve(new double[] {100, -40, 0, 0}, 2);
    assertEquals(1.6, out[0], 1e-12);
    assertEquals(-0.3, out[1], 1e-12);
    assertEquals(1.6, out[2], 1e-12);
    assertEquals(-0.3, out[3], 1e-12);
  }
}
