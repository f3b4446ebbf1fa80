package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every RBM variant must have; one subclass per variant supplies small instances.
 * Sampling runs the production kernels ({@link RbmSampling} through {@link BatchSampler}), and
 * checks use the final states of many independent chains (so samples are independent) against
 * exact enumeration, with fixed seeds and several repeats.
 */
abstract class RbmContractTest {
  static final int CHAINS = 4000;
  static final int BURN_IN = 40;
  static final long[] SEEDS = {101, 202, 303};

  /** A model with 5 visible units and 2–3 hidden units. */
  abstract Rbm smallModel();

  /** A model with ~12 visible, ~7 hidden units for determinism checks. */
  abstract Rbm mediumModel();

  final Gemm gemm = Gemm.nativeOrFallback(1);

  /** Chi-square of the visible states of CHAINS chains after BURN_IN sweeps at t, against {@code exact}. */
  private void checkVisibleDistribution(Rbm rbm, double t, double[] exact) {
    double[] p = new double[SEEDS.length];
    StringBuilder all = new StringBuilder();
    int n = rbm.visibleUnits();
    for (int s = 0; s < SEEDS.length; s++) {
      BatchSampler chains = TestModels.chains(rbm, SEEDS[s], 0, CHAINS, gemm);
      chains.sweep(BURN_IN, t);
      long[] counts = new long[exact.length];
      float[] v = TestModels.visible(chains);
      for (int c = 0; c < CHAINS; c++) {
        counts[RbmEnumeration.stateIndex(v, c * n, n)]++;
      }
      ChiSquare.Result r = ChiSquare.test(counts, exact);
      p[s] = r.pValue();
      all.append(" seed ").append(SEEDS[s]).append(": ").append(r);
    }
    double combined = ChiSquare.fisher(p);
    for (double pv : p) {
      assertTrue(pv > 1e-4, "a repeat failed (T = " + t + "):" + all);
    }
    assertTrue(combined > 1e-3, "combined Fisher p=" + combined + " (T = " + t + ");" + all);
  }

  @Test
  void blockGibbs_visibleStatesMatchExactDistribution() {
    Rbm rbm = smallModel();
    checkVisibleDistribution(rbm, 1.0, new RbmEnumeration().visibleDistribution(rbm));
  }

  /**
   * Annealing samples at T by scaling fields; the law must be that of the model whose parameters
   * carry the temperature (e^{−E/T}), enumerated exactly.
   */
  @Test
  void blockGibbs_atTemperature_matchesExactDistributionOfTheRescaledModel() {
    Rbm rbm = smallModel();
    double t = 2.0;
    checkVisibleDistribution(rbm, t, new RbmEnumeration().visibleDistribution(TestModels.atTemperature(rbm, t)));
  }

  @Test
  void blockGibbs_clampedUnitsStayFixed_freeUnitsFollowExactConditional() {
    Rbm rbm = smallModel();
    int n = rbm.visibleUnits();
    double[] exact = new RbmEnumeration().visibleDistribution(rbm);
    float low = rbm.spinVisible() ? -1f : 0f;
    // clamp unit 0 high and unit 2 low
    double[] conditional = new double[exact.length];
    double norm = 0;
    for (int k = 0; k < exact.length; k++) {
      if ((k & 1) == 1 && (k & 4) == 0) {
        conditional[k] = exact[k];
        norm += exact[k];
      }
    }
    for (int k = 0; k < exact.length; k++) {
      conditional[k] /= norm;
    }
    BatchSampler chains = TestModels.chains(rbm, 77, 0, CHAINS, gemm);
    chains.clamp(0, 0, 1);
    chains.clamp(0, 2, low);
    chains.sweep(BURN_IN, 1.0);
    long[] counts = new long[exact.length];
    float[] v = TestModels.visible(chains);
    for (int c = 0; c < CHAINS; c++) {
      assertEquals(1f, v[c * n], "clamped unit 0 of chain " + c + " changed");
      assertEquals(low, v[c * n + 2], "clamped unit 2 of chain " + c + " changed");
      counts[RbmEnumeration.stateIndex(v, c * n, n)]++;
    }
    ChiSquare.Result r = ChiSquare.test(counts, conditional);
    assertTrue(r.pValue() > 1e-4, "conditional distribution given clamped units: " + r);
  }

  /** Visible and hidden states of batches of the given sizes after 5 sweeps, stacked in chain order. */
  private static float[][] runBatches(Rbm rbm, Gemm gemm, int[] sizes) {
    float[][] out = {new float[0], new float[0]};
    int first = 0;
    for (int size : sizes) {
      BatchSampler chains = TestModels.chains(rbm, 4242, first, size, gemm);
      chains.sweep(5, 1.0);
      out[0] = concat(out[0], TestModels.visible(chains));
      out[1] = concat(out[1], TestModels.hidden(chains));
      first += size;
    }
    return out;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void sameSeed_sameSamples_whetherOneBatchOfHundredOrFourOfTwentyFive() {
    Rbm rbm = mediumModel();
    // Java GEMM (two-valued layers: subset-sum products, SubsetSumTable.wanted): bitwise identical, both layers
    Gemm java = Gemm.javaFallback();
    float[][] one = runBatches(rbm, java, new int[] {100});
    float[][] four = runBatches(rbm, java, new int[] {25, 25, 25, 25});
    assertArrayEquals(one[0], four[0], "visible states differ (Java GEMM)");
    assertArrayEquals(one[1], four[1], "hidden states differ (Java GEMM)");
    assertArrayEquals(one[0], runBatches(rbm, java, new int[] {100})[0], "not reproducible");
    // native GEMM: discrete layers identical, continuous layers equal up to float rounding
    float[][] nOne = runBatches(rbm, gemm, new int[] {100});
    float[][] nFour = runBatches(rbm, gemm, new int[] {25, 25, 25, 25});
    assertSame(rbm.discreteVisible(), nOne[0], nFour[0], "visible");
    assertSame(rbm.discreteHidden(), nOne[1], nFour[1], "hidden");
  }

  private static void assertSame(boolean discrete, float[] a, float[] b, String layer) {
    if (discrete) {
      assertArrayEquals(a, b, layer + " states differ (native GEMM)");
      return;
    }
    for (int k = 0; k < a.length; k++) {
      float x = a[k];
      assertEquals(x, b[k], 1e-4f * (1 + Math.abs(x)), layer + " entry " + k + " (native GEMM)");
    }
  }

  /** The energies the sampler reports are the free energies F(v) of the visible states (float64 reference). */
  @Test
  void reportedEnergies_areFreeEnergiesOfVisibleStates() {
    Rbm rbm = mediumModel();
    BatchSampler chains = TestModels.chains(rbm, 5, 0, 30, gemm);
    chains.sweep(3, 1.0);
    double[] energies = chains.energies();
    float[] v = TestModels.visible(chains);
    int n = rbm.visibleUnits();
    for (int c = 0; c < 30; c++) {
      double[] row = new double[n];
      for (int i = 0; i < n; i++) {
        row[i] = v[c * n + i];
      }
      double want = rbm.freeEnergy(row);
      assertEquals(want, energies[c], 1e-4 * (1 + Math.abs(want)), "chain " + c);
    }
  }

  @Test
  void exactLogPartition_equalsLogSumOfMinusFreeEnergyOverVisibleStates() {
    Rbm rbm = smallModel();
    if (!rbm.discreteVisible()) {
      return; // covered by the Gaussian–Bernoulli subclass
    }
    int n = rbm.visibleUnits();
    double[] minusF = new double[1 << n];
    double low = rbm.spinVisible() ? -1 : 0;
    for (int k = 0; k < minusF.length; k++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((k >>> i) & 1) == 1 ? 1 : low;
      }
      minusF[k] = -rbm.freeEnergy(v);
    }
    double want = LogSpace.logSumExp(minusF);
    double got = new RbmEnumeration().logPartition(rbm).visible();
    assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), "log Z_visible");
  }

  static String fmt(double[] x) {
    return Arrays.toString(Arrays.stream(x).map(v -> Math.round(v * 1e4) / 1e4).toArray());
  }
}
