package org.ebmsim.dynamics.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.GoodnessOfFit;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.junit.jupiter.api.Test;

/**
 * The kernel the engine runs ({@link DenseSampling#kernel}) samples the Boltzmann law of a dense
 * memory: state frequencies of many chains against exact enumeration of all 2^10 states,
 * chi-square per seed (bins with expected count below 5 pooled), Fisher-combined over 3 seeds,
 * rejected below p = 1e-3; for every F, heat-bath and Metropolis. The test has power: samples
 * drawn at 1.15β are rejected (combined p < 1e-6).
 */
class DenseKernelSamplingTest {
  private static final int UNITS = 10;
  private static final int PATTERNS = 3;
  private static final int CHAINS = 4000;
  private static final int BURN_IN = 40;
  private static final int SAMPLES = 20;
  private static final int THIN = 7;
  private static final long[] SEEDS = {101, 202, 303};
  private static final double MIN_COMBINED_P = 1e-3;

  /** F and a temperature at which the law spreads over a few hundred states (checked in the test). */
  private record Case(InteractionFunction f, double temperature) {}

  private static final Case[] CASES = {new Case(InteractionFunction.power(2), 30),
      new Case(InteractionFunction.power(3), 200), new Case(InteractionFunction.rectifiedPower(3), 150),
      new Case(InteractionFunction.power(4), 2000), new Case(InteractionFunction.exponential(), 1)};

  private static DenseMemory memory(InteractionFunction f) {
    return DenseTestMemories.random(PATTERNS, UNITS, f, 4242);
  }

  private static long[] sample(DenseMemory memory, SamplerKind kind, double temperature, long seed) {
    DenseSampling sampling = new DenseSampling(memory);
    LayerBlock initial = LayerBlock.wrap(sampling.layout().visible(), CHAINS,
        DenseTestMemories.randomSpins(CHAINS, UNITS, seed));
    LayerKernel kernel = sampling.kernel(0, new KernelSetup(0, CHAINS, seed, kind, initial, null));
    kernel.prepare(0, CHAINS);
    long sweep = 0;
    for (int t = 0; t < BURN_IN; t++) {
      kernel.update(0, CHAINS, sweep++, temperature);
    }
    long[] counts = new long[1 << UNITS];
    for (int k = 0; k < SAMPLES; k++) {
      for (int t = 0; t < THIN; t++) {
        kernel.update(0, CHAINS, sweep++, temperature);
      }
      byte[] s = kernel.states().bytes();
      for (int c = 0; c < CHAINS; c++) {
        counts[DenseEnumeration.stateIndex(s, c * UNITS, UNITS)]++;
      }
    }
    return counts;
  }

  private static double combinedP(DenseMemory memory, SamplerKind kind, double sampleT, double exactT,
      StringBuilder report) {
    double[] exact = DenseEnumeration.stateProbabilities(memory, 1 / exactT, UNITS);
    double[] p = new double[SEEDS.length];
    for (int r = 0; r < SEEDS.length; r++) {
      GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(sample(memory, kind, sampleT, SEEDS[r]), exact, 5);
      p[r] = fit.pValue();
      report.append(String.format("%s %s seed %d: chi2 = %.1f, dof = %d, p = %.3g%n", memory.function().label(),
          kind, SEEDS[r], fit.statistic(), fit.degreesOfFreedom(), fit.pValue()));
    }
    return GoodnessOfFit.fisherCombined(p);
  }

  @Test
  void kernel_heatBathAndMetropolis_matchExactEnumerationForEveryFunction() {
    for (Case c : CASES) {
      DenseMemory memory = memory(c.f());
      // the law must spread: a fit over a handful of states would prove little
      double[] exact = DenseEnumeration.stateProbabilities(memory, 1 / c.temperature(), UNITS);
      int populated = 0;
      for (double q : exact) {
        populated += q * CHAINS * SAMPLES >= 5 ? 1 : 0;
      }
      assertTrue(populated >= 100, c.f().label() + ": only " + populated + " states expected 5+ times");
      for (SamplerKind kind : new SamplerKind[] {SamplerKind.GIBBS, SamplerKind.METROPOLIS}) {
        StringBuilder report = new StringBuilder();
        double combined = combinedP(memory, kind, c.temperature(), c.temperature(), report);
        assertTrue(combined > MIN_COMBINED_P, "Fisher-combined p = " + combined + "\n" + report);
      }
    }
  }

  @Test
  void chiSquareFit_samplesFromWrongTemperature_isRejected() {
    for (Case c : new Case[] {CASES[1], CASES[4]}) {
      StringBuilder report = new StringBuilder();
      double combined = combinedP(memory(c.f()), SamplerKind.GIBBS, c.temperature() / 1.15, c.temperature(), report);
      assertTrue(combined < 1e-6, "samples at 1.15β should be rejected; combined p = " + combined + "\n" + report);
    }
  }

  @Test
  void kernel_meanEnergy_matchesEnumeratedWithinFourStandardErrors() {
    Case c = CASES[2];
    DenseMemory memory = memory(c.f());
    double exactMean = DenseEnumeration.summarize(memory, 1 / c.temperature(), 1, UNITS).meanEnergy();
    DenseSampling sampling = new DenseSampling(memory);
    LayerBlock initial = LayerBlock.wrap(sampling.layout().visible(), CHAINS,
        DenseTestMemories.randomSpins(CHAINS, UNITS, 9));
    LayerKernel kernel = sampling.kernel(0, new KernelSetup(0, CHAINS, 9, SamplerKind.GIBBS, initial, null));
    kernel.prepare(0, CHAINS);
    for (int t = 0; t < BURN_IN; t++) {
      kernel.update(0, CHAINS, t, c.temperature());
    }
    double[] e = new double[CHAINS];
    kernel.addEnergies(0, CHAINS, e); // one (nearly independent) energy per chain
    double mean = 0;
    for (double x : e) {
      mean += x / CHAINS;
    }
    double var = 0;
    for (double x : e) {
      var += (x - mean) * (x - mean) / (CHAINS - 1);
    }
    double se = Math.sqrt(var / CHAINS);
    assertEquals(exactMean, mean, 4 * se, "sampled <E> vs exact");
  }

  @Test
  void kernel_sameSeed_sameTrajectoryWhateverTheBatchSplit() {
    DenseMemory memory = memory(InteractionFunction.power(3));
    DenseSampling sampling = new DenseSampling(memory);
    byte[] start = DenseTestMemories.randomSpins(6, UNITS, 77);
    LayerKernel whole = sampling.kernel(0, new KernelSetup(0, 6, 5, SamplerKind.GIBBS,
        LayerBlock.wrap(sampling.layout().visible(), 6, start.clone()), null));
    LayerKernel tail = sampling.kernel(0, new KernelSetup(3, 3, 5, SamplerKind.GIBBS,
        LayerBlock.wrap(sampling.layout().visible(), 3, java.util.Arrays.copyOfRange(start, 3 * UNITS, 6 * UNITS)),
        null));
    whole.prepare(0, 6);
    tail.prepare(0, 3);
    for (int t = 0; t < 100; t++) {
      whole.update(0, 2, t, 150);
      whole.update(2, 6, t, 150);
      tail.update(0, 3, t, 150);
    }
    assertArrayEquals(java.util.Arrays.copyOfRange(whole.states().bytes(), 3 * UNITS, 6 * UNITS),
        tail.states().bytes());
  }
}
