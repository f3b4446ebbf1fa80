package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every RBM variant must have; one subclass per variant supplies small instances.
 * Sampling checks use the final states of many independent chains (so samples are independent)
 * against exact enumeration, with fixed seeds and several repeats.
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

  static double[] row(FloatMatrix m, int r) {
    float[] f = m.row(r);
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void blockGibbs_visibleStatesMatchExactDistribution() {
    Rbm rbm = smallModel();
    double[] exact = new ExactEnumeration().visibleDistribution(rbm);
    BlockGibbsSampler sampler = new BlockGibbsSampler(rbm, gemm);
    double[] p = new double[SEEDS.length];
    StringBuilder all = new StringBuilder();
    for (int s = 0; s < SEEDS.length; s++) {
      GibbsChains chains = GibbsChains.random(rbm, SEEDS[s], 0, CHAINS);
      sampler.sweep(chains, BURN_IN);
      long[] counts = new long[exact.length];
      for (int c = 0; c < CHAINS; c++) {
        counts[ExactEnumeration.stateIndex(chains.visible().data(), c * rbm.visibleUnits(), rbm.visibleUnits())]++;
      }
      ChiSquare.Result r = ChiSquare.test(counts, exact);
      p[s] = r.pValue();
      all.append(" seed ").append(SEEDS[s]).append(": ").append(r);
    }
    double combined = ChiSquare.fisher(p);
    for (double pv : p) {
      assertTrue(pv > 1e-4, "a repeat failed:" + all);
    }
    assertTrue(combined > 1e-3, "combined Fisher p=" + combined + ";" + all);
  }

  @Test
  void blockGibbs_clampedUnitsStayFixed_freeUnitsFollowExactConditional() {
    Rbm rbm = smallModel();
    int n = rbm.visibleUnits();
    double[] exact = new ExactEnumeration().visibleDistribution(rbm);
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
    BlockGibbsSampler sampler = new BlockGibbsSampler(rbm, gemm);
    GibbsChains chains = GibbsChains.random(rbm, 77, 0, CHAINS);
    for (int c = 0; c < CHAINS; c++) {
      chains.visible().set(c, 0, 1f);
      chains.visible().set(c, 2, low);
    }
    chains.clamp(VisibleClamp.units(n, 0, 2));
    sampler.sweep(chains, BURN_IN);
    long[] counts = new long[exact.length];
    for (int c = 0; c < CHAINS; c++) {
      assertEquals(1f, chains.visible().get(c, 0), "clamped unit 0 of chain " + c + " changed");
      assertEquals(low, chains.visible().get(c, 2), "clamped unit 2 of chain " + c + " changed");
      counts[ExactEnumeration.stateIndex(chains.visible().data(), c * n, n)]++;
    }
    ChiSquare.Result r = ChiSquare.test(counts, conditional);
    assertTrue(r.pValue() > 1e-4, "conditional distribution given clamped units: " + r);
  }

  private static FloatMatrix[] runBatches(Rbm rbm, Gemm gemm, int[] sizes) {
    BlockGibbsSampler sampler = new BlockGibbsSampler(rbm, gemm);
    FloatMatrix[] vis = new FloatMatrix[sizes.length];
    FloatMatrix[] hid = new FloatMatrix[sizes.length];
    int first = 0;
    for (int b = 0; b < sizes.length; b++) {
      GibbsChains chains = GibbsChains.random(rbm, 4242, first, sizes[b]);
      sampler.sweep(chains, 5);
      vis[b] = chains.visible();
      hid[b] = chains.hidden();
      first += sizes[b];
    }
    return new FloatMatrix[] {FloatMatrix.stack(vis), FloatMatrix.stack(hid)};
  }

  @Test
  void sameSeed_sameSamples_whetherOneBatchOfHundredOrFourOfTwentyFive() {
    Rbm rbm = mediumModel();
    // Java GEMM: bitwise identical, both layers
    Gemm java = Gemm.javaFallback();
    FloatMatrix[] one = runBatches(rbm, java, new int[] {100});
    FloatMatrix[] four = runBatches(rbm, java, new int[] {25, 25, 25, 25});
    assertArrayEquals(one[0].data(), four[0].data(), "visible states differ (Java GEMM)");
    assertArrayEquals(one[1].data(), four[1].data(), "hidden states differ (Java GEMM)");
    assertArrayEquals(one[0].data(), runBatches(rbm, java, new int[] {100})[0].data(), "not reproducible");
    // native GEMM: discrete layers identical, continuous layers equal up to float rounding
    FloatMatrix[] nOne = runBatches(rbm, gemm, new int[] {100});
    FloatMatrix[] nFour = runBatches(rbm, gemm, new int[] {25, 25, 25, 25});
    assertSame(rbm.discreteVisible(), nOne[0], nFour[0], "visible");
    assertSame(rbm.discreteHidden(), nOne[1], nFour[1], "hidden");
  }

  private static void assertSame(boolean discrete, FloatMatrix a, FloatMatrix b, String layer) {
    if (discrete) {
      assertArrayEquals(a.data(), b.data(), layer + " states differ (native GEMM)");
      return;
    }
    for (int k = 0; k < a.data().length; k++) {
      float x = a.data()[k];
      assertEquals(x, b.data()[k], 1e-4f * (1 + Math.abs(x)), layer + " entry " + k + " (native GEMM)");
    }
  }

  @Test
  void halfSteps_composeToSweep() {
    Rbm rbm = mediumModel();
    BlockGibbsSampler sampler = new BlockGibbsSampler(rbm, gemm);
    GibbsChains a = GibbsChains.random(rbm, 5, 0, 30);
    GibbsChains b = GibbsChains.random(rbm, 5, 0, 30);
    sampler.sweep(a, 3);
    // the same by message-style half-steps: fields computed by one party, sampled by the other
    for (int t = 0; t < 3; t++) {
      FloatMatrix hField = sampler.hiddenField(b.visible());
      sampler.sampleHiddenFromField(hField, b.hiddenRngs(), b.hidden());
      FloatMatrix vField = sampler.visibleField(b.hidden());
      sampler.sampleVisibleFromField(vField, b.visibleRngs(), VisibleClamp.none(), b.visible());
    }
    assertArrayEquals(a.visible().data(), b.visible().data());
    assertArrayEquals(a.hidden().data(), b.hidden().data());
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
    double got = new ExactEnumeration().logPartition(rbm).visible();
    assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), "log Z_visible");
  }

  static String fmt(double[] x) {
    return Arrays.toString(Arrays.stream(x).map(v -> Math.round(v * 1e4) / 1e4).toArray());
  }
}
