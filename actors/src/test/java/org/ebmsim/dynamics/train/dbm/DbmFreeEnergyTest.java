package org.ebmsim.dynamics.train.dbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.junit.jupiter.api.Test;

/**
 * The trainer's metrics against brute force: log p*(v) summing every hidden state through
 * {@link Dbm#energy}, the pseudo-log-likelihood from it, and the reconstruction error written out.
 */
class DbmFreeEnergyTest {
  /** log Σ_h e^{−E(v,h)} over every hidden state. */
  static double bruteLogUnnormalized(Dbm dbm, double[] v) {
    int hidden = dbm.totalUnits() - dbm.size(0);
    double[] terms = new double[1 << hidden];
    for (int code = 0; code < terms.length; code++) {
      double[][] s = new double[dbm.layers()][];
      s[0] = v;
      int bit = 0;
      for (int l = 1; l < dbm.layers(); l++) {
        s[l] = new double[dbm.size(l)];
        for (int i = 0; i < s[l].length; i++, bit++) {
          s[l][i] = ((code >>> bit) & 1) == 1 ? 1 : dbm.low();
        }
      }
      terms[code] = -dbm.energy(s);
    }
    return LogSpace.logSumExp(terms);
  }

  @Test
  void logUnnormalizedAndPseudoLikelihoodAreExact() {
    int[][] shapes = {{5, 3}, {5, 3, 2}, {5, 2, 4}, {4, 3, 2, 2}, {4, 2, 3, 2, 1}};
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      for (int[] sizes : shapes) {
        Dbm dbm = DbmTestModels.withBiases(DbmTrainerTest.smallRandom(units, sizes, 0.8, sizes.length), 9);
        DbmFreeEnergy f = new DbmFreeEnergy(dbm);
        int n = sizes[0];
        float[] rows = DbmTrainerTest.clusters(6, n, 2, 0.3, units == ValueType.SPIN, 4);
        double pll = 0;
        for (int r = 0; r < 6; r++) {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = rows[r * n + i];
          }
          double here = bruteLogUnnormalized(dbm, v);
          assertEquals(here, f.logUnnormalized(v), 1e-10, units + " " + java.util.Arrays.toString(sizes));
          for (int i = 0; i < n; i++) {
            double[] w = v.clone();
            w[i] = units == ValueType.SPIN ? -v[i] : 1 - v[i];
            double other = bruteLogUnnormalized(dbm, w);
            pll += here - Math.log(Math.exp(here) + Math.exp(other));
          }
        }
        assertEquals(pll / 6, f.pseudoLogLikelihood(rows, 6), 1e-9, units + " " + java.util.Arrays.toString(sizes));
      }
    }
  }

  @Test
  void pseudoLikelihoodIsNaNBeyondTheEnumerationLimit() {
    Dbm dbm = DbmTrainerTest.smallRandom(ValueType.BINARY, new int[] {4, 13, 13}, 0.1, 1);
    assertTrue(Double.isNaN(new DbmFreeEnergy(dbm).pseudoLogLikelihood(new float[4], 1)));
  }

  @Test
  void reconstructionErrorGoesThroughTheFirstHiddenMeans() {
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      boolean spins = units == ValueType.SPIN;
      Dbm dbm = DbmTestModels.withBiases(DbmTrainerTest.smallRandom(units, new int[] {5, 3, 2}, 0.8, 2), 3);
      float[] rows = DbmTrainerTest.clusters(4, 5, 2, 0.3, spins, 4);
      double expected = 0;
      for (int r = 0; r < 4; r++) {
        double[] mu = dbm.bias(1);
        for (int j = 0; j < 3; j++) {
          for (int i = 0; i < 5; i++) {
            mu[j] += rows[r * 5 + i] * dbm.weight(0, i, j);
          }
          mu[j] = spins ? Math.tanh(mu[j]) : LogSpace.sigmoid(mu[j]);
        }
        for (int i = 0; i < 5; i++) {
          double z = dbm.bias(0)[i];
          for (int j = 0; j < 3; j++) {
            z += dbm.weight(0, i, j) * mu[j];
          }
          double d = rows[r * 5 + i] - (spins ? Math.tanh(z) : LogSpace.sigmoid(z));
          expected += d * d;
        }
      }
      DbmTrainer trainer = new DbmTrainer(dbm, new ContrastiveSettings(false, 1, 0, 0, 0, 1),
          Gemm.nativeOrFallback(1));
      assertEquals(expected / 20, trainer.reconstructionError(rows, 4), 1e-6, units.toString());
      double w0 = 0;
      for (double x : dbm.weights(0)) {
        w0 += x * x;
      }
      assertEquals(Math.sqrt(w0), trainer.weightNorms()[0], 1e-12);
    }
  }
}
