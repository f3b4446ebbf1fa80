package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.GoodnessOfFit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every stochastic {@link SpinSampler} must meet: it samples the Boltzmann law
 * (checked against exact enumeration with chi-square tests over all 2^N states, several seeds,
 * Fisher-combined), also when the model is split into visible and hidden layers exchanging
 * fields; its results do not depend on batching; its incremental fields stay exact.
 */
abstract class SpinSamplerContract {
  /**
   * How far incrementally kept fields and energies may be from their float64 values: each flip adds
   * a float32-rounded coupling row (error ≤ 2^-24 |W_ij| per entry and flip), and these tests run
   * up to a few thousand flips between recomputations on couplings of order 1.
   */
  static final double FLOAT_ROWS = 1e-6;

  /** The implementation under test. */
  abstract SpinSampler sampler();

  /**
   * {@code {Arrays.hashCode(spins), total flips}} after {@link #fingerprintRun}, recorded from the
   * implementation as first committed: a fixed seed must keep giving the same trajectory, so any
   * change of arithmetic order or random-number consumption shows up here.
   */
  abstract long[] recordedFingerprint();

  private static final long[] SEEDS = {11, 22, 33, 44, 55};
  private static final int UNITS = 12;
  private static final double BETA = 0.7;
  private static final int CHAINS = 2000;
  private static final int BURN_IN = 50;
  private static final int SAMPLES_PER_CHAIN = 50;
  private static final int THIN = 3;
  /** Fisher-combined p-value below which the sampler is declared wrong. */
  private static final double MIN_COMBINED_P = 1e-3;

  /** 12 units, couplings N(0, 0.5²), biases N(0, 0.5²), a nonzero diagonal (which must not matter). */
  private static IsingModel model() {
    return TestModels.gaussian(UNITS, 0.5, 0.5, 0.3, 2024);
  }

  /** State counts and per-chain mean energies from CHAINS chains run at {@code beta}. */
  private record Samples(long[] counts, double[] chainMeanEnergy) {}

  private Samples sample(IsingModel model, double beta, long seed) {
    int n = model.units();
    SpinChains chains = new SpinChains(LayerCouplings.single(model), CHAINS,
        TestModels.randomStates(CHAINS, n, seed));
    SplittableRandom[] rngs = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 0, CHAINS);
    SpinSampler sampler = sampler();
    for (int t = 0; t < BURN_IN; t++) {
      sampler.sweep(chains, 0, CHAINS, beta, rngs, null);
    }
    long[] counts = new long[1 << n];
    double[] energySum = new double[CHAINS];
    for (int k = 0; k < SAMPLES_PER_CHAIN; k++) {
      for (int t = 0; t < THIN; t++) {
        sampler.sweep(chains, 0, CHAINS, beta, rngs, null);
      }
      for (int c = 0; c < CHAINS; c++) {
        counts[IsingEnumeration.stateIndex(chains.spins(), c * n, n)]++;
        energySum[c] += chains.internalEnergy(c);
      }
    }
    for (int c = 0; c < CHAINS; c++) {
      energySum[c] /= SAMPLES_PER_CHAIN;
    }
    return new Samples(counts, energySum);
  }

  /** Per-seed chi-square p-values of samples drawn at {@code sampleBeta} against the law at BETA. */
  private String fitReport(double sampleBeta, double[] pValuesOut) {
    IsingModel model = model();
    double[] exact = IsingEnumeration.stateProbabilities(model, BETA);
    StringBuilder report = new StringBuilder();
    for (int r = 0; r < SEEDS.length; r++) {
      GoodnessOfFit.ChiSquare fit =
          GoodnessOfFit.chiSquare(sample(model, sampleBeta, SEEDS[r]).counts(), exact, 5);
      pValuesOut[r] = fit.pValue();
      report.append(String.format("seed %d: chi2 = %.1f, dof = %d, p = %.3g%n", SEEDS[r], fit.statistic(),
          fit.degreesOfFreedom(), fit.pValue()));
    }
    return report.toString();
  }

  @Test
  void sweep_manyChains_matchesExactBoltzmannDistribution() {
    double[] p = new double[SEEDS.length];
    String report = fitReport(BETA, p);
    double combined = GoodnessOfFit.fisherCombined(p);
    assertTrue(combined > MIN_COMBINED_P, "Fisher-combined p = " + combined + "\n" + report);
  }

  @Test
  void chiSquareFit_samplesFromWrongTemperature_isRejected() {
    // The goodness-of-fit above has power: a 15% error in β is detected.
    double[] p = new double[SEEDS.length];
    String report = fitReport(1.15 * BETA, p);
    double combined = GoodnessOfFit.fisherCombined(p);
    assertTrue(combined < 1e-6, "samples at 1.15β should be rejected; Fisher-combined p = " + combined
        + "\n" + report);
  }

  @Test
  void sweep_meanEnergy_matchesEnumeratedWithinThreeStandardErrors() {
    IsingModel model = model();
    double exactMean = IsingEnumeration.summarize(model, BETA, 1).meanEnergy();
    for (long seed : SEEDS) {
      double[] chainMeans = sample(model, BETA, seed).chainMeanEnergy();
      // Batch means: each chain's mean is one batch; chains are independent, samples within one are not.
      double mean = 0;
      for (double m : chainMeans) {
        mean += m;
      }
      mean /= chainMeans.length;
      double var = 0;
      for (double m : chainMeans) {
        var += (m - mean) * (m - mean);
      }
      double standardError = Math.sqrt(var / (chainMeans.length - 1) / chainMeans.length);
      assertTrue(Math.abs(mean - exactMean) < 3 * standardError, String.format(
          "seed %d: sampled <E> = %.5f, exact %.5f, 3 standard errors = %.5f", seed, mean, exactMean,
          3 * standardError));
    }
  }

  /** Sweeps visible then hidden, each with the field of the other's current state. */
  private void alternatingSweep(SpinChains visible, SpinChains hidden, LayerCouplings[] layers, double beta,
      SplittableRandom[] visibleRngs, SplittableRandom[] hiddenRngs, double[] toVisible, double[] toHidden) {
    int chains = visible.chains();
    layers[1].fieldOnPartner(hidden, toVisible);
    visible.setExternalField(toVisible);
    sampler().sweep(visible, 0, chains, beta, visibleRngs, null);
    layers[0].fieldOnPartner(visible, toHidden);
    hidden.setExternalField(toHidden);
    sampler().sweep(hidden, 0, chains, beta, hiddenRngs, null);
  }

  @Test
  void sweep_visibleHiddenSplit_samplesExactJointDistribution() {
    IsingModel model = model();
    int v = 7;
    int h = UNITS - v;
    LayerCouplings[] layers = LayerCouplings.visibleHidden(model, v);
    double[] exact = IsingEnumeration.stateProbabilities(model, BETA);
    double[] p = new double[SEEDS.length];
    StringBuilder report = new StringBuilder();
    for (int r = 0; r < SEEDS.length; r++) {
      long seed = SEEDS[r];
      SpinChains visible = new SpinChains(layers[0], CHAINS, TestModels.randomStates(CHAINS, v, seed));
      SpinChains hidden = new SpinChains(layers[1], CHAINS, TestModels.randomStates(CHAINS, h, seed + 1));
      SplittableRandom[] vr = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 0, CHAINS);
      SplittableRandom[] hr = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE + 1, 0, CHAINS);
      double[] toVisible = new double[CHAINS * v];
      double[] toHidden = new double[CHAINS * h];
      for (int t = 0; t < BURN_IN; t++) {
        alternatingSweep(visible, hidden, layers, BETA, vr, hr, toVisible, toHidden);
      }
      long[] counts = new long[1 << UNITS];
      for (int k = 0; k < SAMPLES_PER_CHAIN; k++) {
        for (int t = 0; t < THIN; t++) {
          alternatingSweep(visible, hidden, layers, BETA, vr, hr, toVisible, toHidden);
        }
        for (int c = 0; c < CHAINS; c++) {
          int index = IsingEnumeration.stateIndex(visible.spins(), c * v, v)
              | IsingEnumeration.stateIndex(hidden.spins(), c * h, h) << v;
          counts[index]++;
        }
      }
      GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(counts, exact, 5);
      p[r] = fit.pValue();
      report.append(String.format("seed %d: chi2 = %.1f, dof = %d, p = %.3g%n", seed, fit.statistic(),
          fit.degreesOfFreedom(), fit.pValue()));
    }
    double combined = GoodnessOfFit.fisherCombined(p);
    assertTrue(combined > MIN_COMBINED_P, "Fisher-combined p = " + combined + "\n" + report);
  }

  @Test
  void visibleHiddenSplit_layerEnergies_sumToModelEnergy() {
    IsingModel model = TestModels.gaussian(UNITS, 0.8, 0.6, 0.5, 7); // nonzero diagonal on purpose
    int v = 7;
    int h = UNITS - v;
    int chains = 32;
    LayerCouplings[] layers = LayerCouplings.visibleHidden(model, v);
    SpinChains visible = new SpinChains(layers[0], chains, TestModels.randomStates(chains, v, 1));
    SpinChains hidden = new SpinChains(layers[1], chains, TestModels.randomStates(chains, h, 2));
    SplittableRandom[] vr = ChainRandom.forChains(3, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    SplittableRandom[] hr = ChainRandom.forChains(3, ChainRandom.STREAM_LAYER_BASE + 1, 0, chains);
    double[] toVisible = new double[chains * v];
    double[] toHidden = new double[chains * h];
    byte[] joint = new byte[UNITS];
    for (int t = 0; t < 20; t++) {
      alternatingSweep(visible, hidden, layers, 0.5, vr, hr, toVisible, toHidden);
      // hidden's external field is the field of the current visible state (set before its sweep).
      for (int c = 0; c < chains; c++) {
        System.arraycopy(visible.spins(), c * v, joint, 0, v);
        System.arraycopy(hidden.spins(), c * h, joint, v, h);
        double split = visible.internalEnergy(c) + hidden.internalEnergy(c) + hidden.couplingEnergy(c);
        double whole = model.energy(joint);
        // kernels add float32 coupling rows at each flip: within-sweep energies are ~1e-8 off
        assertEquals(whole, split, FLOAT_ROWS, "sweep " + t + ", chain " + c);
      }
    }
  }

  /** 12 chains of a 30-unit model, 40 sweeps at β = 0.8 from seed 77, units 5 and 17 clamped. */
  long[] fingerprintRun() {
    IsingModel model = TestModels.gaussian(30, 0.4, 0.3, 0.1, 77);
    SpinChains state = new SpinChains(LayerCouplings.single(model), 12, TestModels.randomStates(12, 30, 77));
    SplittableRandom[] rngs = ChainRandom.forChains(77, ChainRandom.STREAM_LAYER_BASE, 0, 12);
    boolean[] clamped = new boolean[30];
    clamped[5] = clamped[17] = true;
    long flips = 0;
    for (int t = 0; t < 40; t++) {
      flips += sampler().sweep(state, 0, 12, 0.8, rngs, t % 2 == 0 ? null : clamped);
    }
    return new long[] {java.util.Arrays.hashCode(state.spins()), flips};
  }

  @Test
  void sweep_fixedSeed_reproducesRecordedTrajectory() {
    long[] got = fingerprintRun();
    assertArrayEquals(recordedFingerprint(), got, "got {" + got[0] + "L, " + got[1] + "L}");
  }

  @Test
  void sweep_batchSplitIntoFour_givesIdenticalSpins() {
    IsingModel model = TestModels.gaussian(20, 0.4, 0.3, 0, 99);
    LayerCouplings layer = LayerCouplings.single(model);
    int n = model.units();
    long seed = 1234;
    double beta = 0.6;
    SpinChains whole = new SpinChains(layer, 64, TestModels.randomStates(64, n, seed));
    SplittableRandom[] wholeRngs = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 0, 64);
    SpinChains[] parts = new SpinChains[4];
    SplittableRandom[][] partRngs = new SplittableRandom[4][];
    for (int g = 0; g < 4; g++) {
      parts[g] = new SpinChains(layer, 16, TestModels.randomStates(16L * g, 16, n, seed));
      partRngs[g] = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 16L * g, 16);
    }
    for (int t = 0; t < 50; t++) {
      sampler().sweep(whole, 0, 64, beta, wholeRngs, null);
      for (int g = 0; g < 4; g++) {
        sampler().sweep(parts[g], 0, 16, beta, partRngs[g], null);
      }
      if (t % 10 == 9) { // at points that depend only on the sweep index
        whole.recomputeFields();
        for (SpinChains part : parts) {
          part.recomputeFields();
        }
      }
    }
    for (int g = 0; g < 4; g++) {
      for (int c = 0; c < 16; c++) {
        assertArrayEquals(whole.state(16 * g + c), parts[g].state(c), "group " + g + ", chain " + c);
      }
    }
  }

  @Test
  void sweep_chainRanges_equalWholeBatchSweep() {
    IsingModel model = TestModels.gaussian(15, 0.5, 0.3, 0, 5);
    LayerCouplings layer = LayerCouplings.single(model);
    byte[] initial = TestModels.randomStates(40, 15, 8);
    SpinChains whole = new SpinChains(layer, 40, initial);
    SpinChains ranged = new SpinChains(layer, 40, initial);
    SplittableRandom[] a = ChainRandom.forChains(8, ChainRandom.STREAM_LAYER_BASE, 0, 40);
    SplittableRandom[] b = ChainRandom.forChains(8, ChainRandom.STREAM_LAYER_BASE, 0, 40);
    for (int t = 0; t < 30; t++) {
      sampler().sweep(whole, 0, 40, 0.8, a, null);
      sampler().sweep(ranged, 25, 40, 0.8, b, null); // any order of disjoint ranges
      sampler().sweep(ranged, 0, 25, 0.8, b, null);
    }
    assertArrayEquals(whole.spins(), ranged.spins());
  }

  @Test
  void sweep_manySweeps_incrementalFieldsMatchRecomputed() {
    IsingModel model = TestModels.gaussian(40, 0.3, 0.5, 0.2, 17);
    int chains = 16;
    SpinChains state = new SpinChains(LayerCouplings.single(model), chains, TestModels.randomStates(chains, 40, 4));
    SplittableRandom[] rngs = ChainRandom.forChains(4, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    long flips = 0;
    for (int t = 0; t < 2000; t++) {
      flips += sampler().sweep(state, 0, chains, 0.3, rngs, null);
    }
    assertTrue(flips > 100_000, "the test needs many flips to accumulate drift (got " + flips + ")");
    double[] incremental = state.fields().clone();
    state.recomputeFields();
    double[] fresh = state.fields();
    for (int k = 0; k < fresh.length; k++) {
      assertEquals(fresh[k], incremental[k], FLOAT_ROWS, "chain " + k / 40 + ", unit " + k % 40);
    }
    for (int c = 0; c < chains; c++) { // and the recomputed fields are the model's local fields
      for (int i = 0; i < 40; i++) {
        assertEquals(model.localField(state.spins(), c * 40, i), state.localField(c, i), 1e-12);
      }
    }
  }

  @Test
  void sweep_clampedUnits_neverChange() {
    IsingModel model = TestModels.gaussian(10, 1.0, 1.0, 0, 3);
    int chains = 20;
    byte[] initial = TestModels.randomStates(chains, 10, 6);
    SpinChains state = new SpinChains(LayerCouplings.single(model), chains, initial);
    SplittableRandom[] rngs = ChainRandom.forChains(6, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    boolean[] clamped = new boolean[10];
    clamped[0] = clamped[3] = clamped[9] = true;
    long flips = 0;
    for (int t = 0; t < 50; t++) {
      flips += sampler().sweep(state, 0, chains, 1.0, rngs, clamped);
    }
    assertTrue(flips > 0, "unclamped units should move");
    for (int c = 0; c < chains; c++) {
      for (int i : new int[] {0, 3, 9}) {
        assertEquals(initial[c * 10 + i], state.spins()[c * 10 + i], "chain " + c + ", clamped unit " + i);
      }
    }
  }
}
