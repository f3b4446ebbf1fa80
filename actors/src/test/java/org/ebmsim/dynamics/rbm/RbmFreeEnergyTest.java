package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RbmFreeEnergyTest {
  private static final int V = 6;
  private static final int H = 4;

  private static double[] gaussian(Random r, int n, double sd) {
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = sd * r.nextGaussian();
    }
    return out;
  }

  private static List<Rbm> variants() {
    Random r = new Random(42);
    double[] w = gaussian(r, V * H, 0.7);
    double[] b = gaussian(r, V, 0.3);
    double[] c = gaussian(r, H, 0.3);
    double[] sd = new double[V];
    for (int i = 0; i < V; i++) {
      sd[i] = 0.5 + r.nextDouble();
    }
    return List.of(BinaryRbm.of(V, H, w, b, c), SpinRbm.of(V, H, w, b, c), BinaryGaussianRbm.of(V, H, w, b, c, 1.7),
        GaussianBernoulliRbm.of(V, H, w, b, c, sd));
  }

  private static double[] visible(Rbm rbm, Random r) {
    double[] v = new double[V];
    for (int i = 0; i < V; i++) {
      v[i] = rbm instanceof BinaryRbm ? (r.nextBoolean() ? 1 : 0)
          : rbm instanceof GaussianBernoulliRbm ? r.nextGaussian() : (r.nextBoolean() ? 1 : -1);
    }
    return v;
  }

  @Test
  void freeEnergiesFromTheHiddenProduct_equalFreeEnergy_forEveryVariant() {
    Random r = new Random(1);
    for (Rbm rbm : variants()) {
      int chains = 5;
      float[] vs = new float[chains * V];
      float[] xs = new float[chains * H];
      double[] expected = new double[chains];
      for (int k = 0; k < chains; k++) {
        double[] v = visible(rbm, r);
        double[] scaled = v.clone();
        if (rbm instanceof GaussianBernoulliRbm g) {
          for (int i = 0; i < V; i++) {
            scaled[i] = v[i] / (g.visibleSd()[i] * g.visibleSd()[i]);
          }
        }
        for (int j = 0; j < H; j++) {
          double x = 0; // the product v·W_h: freeEnergies adds the hidden bias itself
          for (int i = 0; i < V; i++) {
            x += rbm.weight(i, j) * scaled[i];
          }
          xs[k * H + j] = (float) x;
        }
        for (int i = 0; i < V; i++) {
          vs[k * V + i] = (float) v[i];
        }
        expected[k] = rbm.freeEnergy(v);
      }
      double[] got = new double[chains];
      rbm.freeEnergies(vs, xs, chains, got);
      for (int k = 0; k < chains; k++) {
        assertEquals(expected[k], got[k], 1e-4 * (1 + Math.abs(expected[k])), rbm.getClass().getSimpleName() + " chain " + k);
      }
    }
  }
}
