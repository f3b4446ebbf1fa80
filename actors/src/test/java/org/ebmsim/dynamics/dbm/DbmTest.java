package org.ebmsim.dynamics.dbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ebmsim.dynamics.GoodnessOfFit;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.ValueType;
import org.junit.jupiter.api.Test;

/**
 * Deep Boltzmann machines against brute force over every joint state: exact enumeration (odd
 * layers walked, even layers summed analytically), and the production sampler (alternating
 * odd/even block Gibbs through {@link DbmSampling}'s kernels) by chi-square on the joint law.
 */
class DbmTest {
  private static final long[] SEEDS = {11, 22, 33};

  static Dbm random(ValueType units, int[] sizes, double sd, long seed) {
    Random r = new Random(seed);
    double[][] w = new double[sizes.length - 1][];
    for (int l = 0; l + 1 < sizes.length; l++) {
      w[l] = new double[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < w[l].length; k++) {
        w[l][k] = sd * r.nextGaussian();
      }
    }
    double[][] b = new double[sizes.length][];
    for (int l = 0; l < sizes.length; l++) {
      b[l] = new double[sizes[l]];
      for (int i = 0; i < sizes[l]; i++) {
        b[l][i] = 0.3 * r.nextGaussian();
      }
    }
    return Dbm.of(units, sizes, w, b);
  }

  /** The joint state of index k (bit u set = unit u high, units in layer order). */
  private static double[][] state(Dbm dbm, int k) {
    double[][] s = new double[dbm.layers()][];
    int u = 0;
    for (int l = 0; l < dbm.layers(); l++) {
      s[l] = new double[dbm.size(l)];
      for (int i = 0; i < dbm.size(l); i++, u++) {
        s[l][i] = ((k >>> u) & 1) == 1 ? 1 : dbm.low();
      }
    }
    return s;
  }

  /** p(s) ∝ e^{−E(s)/T} over every joint state. */
  private static double[] jointDistribution(Dbm dbm, double t) {
    int n = dbm.totalUnits();
    double[] logw = new double[1 << n];
    for (int k = 0; k < logw.length; k++) {
      logw[k] = -dbm.energy(state(dbm, k)) / t;
    }
    double logZ = LogSpace.logSumExp(logw);
    double[] p = new double[logw.length];
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(logw[k] - logZ);
    }
    return p;
  }

  @Test
  void exactEnumeration_logZAndEveryLayersMeans_equalBruteForce() {
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      for (double t : new double[] {1.0, 0.7}) {
        Dbm dbm = random(units, new int[] {3, 2, 3, 2}, 0.8, 5);
        int n = dbm.totalUnits();
        double[] logw = new double[1 << n];
        for (int k = 0; k < logw.length; k++) {
          logw[k] = -dbm.energy(state(dbm, k)) / t;
        }
        double logZ = LogSpace.logSumExp(logw);
        DbmEnumeration.Result exact = DbmEnumeration.solve(dbm, t, 20);
        assertEquals(logZ, exact.logPartition(), 1e-10, units + " T=" + t + " log Z");
        int u = 0;
        for (int l = 0; l < dbm.layers(); l++) {
          for (int i = 0; i < dbm.size(l); i++, u++) {
            double mean = 0;
            for (int k = 0; k < logw.length; k++) {
              mean += Math.exp(logw[k] - logZ) * (((k >>> u) & 1) == 1 ? 1 : dbm.low());
            }
            assertEquals(mean, exact.means()[l][i], 1e-10, units + " T=" + t + " E[s_" + l + "," + i + "]");
          }
        }
      }
    }
  }

  @Test
  void exactEnumeration_tooManyOddUnits_isRefused() {
    Dbm dbm = random(ValueType.BINARY, new int[] {2, 21, 2}, 0.1, 1);
    ModelTooLargeException e = assertThrows(ModelTooLargeException.class, () -> DbmEnumeration.solve(dbm, 1, 20));
    assertTrue(e.getMessage().contains("2^21"), e.getMessage());
  }

  private static void checkJoint(Dbm dbm, double t, Gemm gemm) {
    double[] exact = jointDistribution(dbm, t);
    int chains = 6000;
    double[] p = new double[SEEDS.length];
    StringBuilder all = new StringBuilder();
    for (int s = 0; s < SEEDS.length; s++) {
      BatchSampler b = BatchSampler.random(new DbmSampling(dbm), SEEDS[s], 0, chains, SamplerKind.GIBBS, gemm);
      b.sweep(40, t);
      long[] counts = new long[exact.length];
      for (int c = 0; c < chains; c++) {
        int k = 0;
        int u = 0;
        for (int l = 0; l < dbm.layers(); l++) {
          float[] v = b.layer(l).states().floats();
          for (int i = 0; i < dbm.size(l); i++, u++) {
            if (v[c * dbm.size(l) + i] > 0) {
              k |= 1 << u;
            }
          }
        }
        counts[k]++;
      }
      GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(counts, exact, 5);
      p[s] = fit.pValue();
      all.append(" seed ").append(SEEDS[s]).append(": ").append(fit);
    }
    for (double pv : p) {
      assertTrue(pv > 1e-4, dbm.units() + " T=" + t + ": a repeat failed:" + all);
    }
    double combined = GoodnessOfFit.fisherCombined(p);
    assertTrue(combined > 1e-3, dbm.units() + " T=" + t + ": combined p " + combined + all);
  }

  @Test
  void alternatingBlockGibbs_jointStatesOfAllLayersMatchExactLaw_binaryAndSpin_atTwoTemperatures() {
    Gemm gemm = Gemm.nativeOrFallback(1);
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      Dbm dbm = random(units, new int[] {3, 3, 2, 2}, 0.7, 9);
      checkJoint(dbm, 1.0, gemm);
      checkJoint(dbm, 2.0, gemm);
    }
  }

  @Test
  void reportedEnergies_areTheJointEnergiesOfTheStates() {
    Dbm dbm = random(ValueType.SPIN, new int[] {5, 4, 3}, 0.5, 3);
    BatchSampler b = BatchSampler.random(new DbmSampling(dbm), 4, 0, 20, SamplerKind.GIBBS, Gemm.javaFallback());
    b.sweep(3, 1.0);
    double[] e = b.energies();
    for (int c = 0; c < 20; c++) {
      double[][] s = new double[dbm.layers()][];
      for (int l = 0; l < dbm.layers(); l++) {
        s[l] = new double[dbm.size(l)];
        float[] v = b.layer(l).states().floats();
        for (int i = 0; i < dbm.size(l); i++) {
          s[l][i] = v[c * dbm.size(l) + i];
        }
      }
      assertEquals(dbm.energy(s), e[c], 1e-4, "chain " + c);
    }
  }

  @Test
  void sameSeed_sameStates_inOneBatchOrTwo_withTheJavaGemm() {
    Dbm dbm = random(ValueType.BINARY, new int[] {6, 5, 4}, 0.6, 8);
    BatchSampler one = BatchSampler.random(new DbmSampling(dbm), 7, 0, 30, SamplerKind.GIBBS, Gemm.javaFallback());
    BatchSampler a = BatchSampler.random(new DbmSampling(dbm), 7, 0, 10, SamplerKind.GIBBS, Gemm.javaFallback());
    BatchSampler b = BatchSampler.random(new DbmSampling(dbm), 7, 10, 20, SamplerKind.GIBBS, Gemm.javaFallback());
    one.sweep(5, 1.0);
    a.sweep(5, 1.0);
    b.sweep(5, 1.0);
    for (int l = 0; l < dbm.layers(); l++) {
      float[] whole = one.layer(l).states().floats();
      float[] parts = new float[whole.length];
      System.arraycopy(a.layer(l).states().floats(), 0, parts, 0, 10 * dbm.size(l));
      System.arraycopy(b.layer(l).states().floats(), 0, parts, 10 * dbm.size(l), 20 * dbm.size(l));
      assertArrayEquals(whole, parts, "layer " + l);
    }
  }
}
