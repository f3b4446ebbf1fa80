package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ebmsim.dynamics.GoodnessOfFit;
import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.InitialStates;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-spin-coded Metropolis kernel: its chains sample e^{−E/T} exactly (chi-square of the
 * state histogram against enumeration, p > 1e-4 at fixed seeds, on graphs whose sites take the
 * 3-bit fast path (degree ≤ 7) and the general one (degree 8–11), at two temperatures each, with
 * J ≠ 1); the 64 lanes of a word are independent (pairs of lanes started from the same state have
 * the joint energy law of two independent chains); a chain's trajectory is bit-identical however
 * the chains are split into batches or update calls; the energies equal E of the unpacked states.
 */
class MultiSpinSamplingTest {
  private static final Gemm GEMM = Gemm.javaFallback();

  /** ±J couplings of magnitude {@code magnitude} on {@code graph}, spins, no bias. */
  static SparseNetwork plusMinus(SparseCouplings graph, double magnitude, long seed) {
    SparseCouplings unit = SparseGraphs.withLaw(graph, CouplingLaw.PLUS_MINUS_ONE, seed);
    double[] v = unit.values().clone();
    for (int k = 0; k < v.length; k++) {
      v[k] *= magnitude;
    }
    SparseCouplings j = SparseCouplings.of(unit.units(), unit.rowStart(), unit.columns(), v, "test");
    return new SparseNetwork(j, new double[j.units()], ValueType.SPIN, j.units());
  }

  /** Chimera C(1, 2, 3): N = 12, units of degree 3 and 4 (the 3-bit path). */
  static SparseNetwork chimera() {
    return plusMinus(SparseGraphs.chimera(1, 2, 3), 0.5, 3);
  }

  /** The ferromagnet on Chimera C(1, 2, 3). */
  static SparseNetwork ferromagnet() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.chimera(1, 2, 3), CouplingLaw.FERROMAGNETIC, 0),
        new double[12], ValueType.SPIN, 12);
  }

  /**
   * States from which a sweep in site order 0 .. N−1 flips every unit by force (ΔE ≤ 0 at each
   * visit). Over such a sweep the ΔEs sum to zero (each bond enters once with its sign before and
   * once after its first end flips), so every visit sees a zero field: the sweep maps s to −s, and
   * −s back to s, for ever. Those states form closed classes that no other state enters (every
   * state has positive Boltzmann weight), so a fixed-scan Metropolis chain is ergodic exactly
   * when there are none — which needs every unit to have even degree; the exactness tests use
   * graphs without them, and {@link #zeroFieldStates_flipForEver} shows one with.
   */
  static java.util.List<byte[]> forcedSweepStates(SparseNetwork network) {
    int n = network.units();
    SparseCouplings j = network.couplings();
    java.util.List<byte[]> found = new java.util.ArrayList<>();
    byte[] s = new byte[n];
    for (int index = 0; index < 1 << n; index++) {
      for (int i = 0; i < n; i++) {
        s[i] = (byte) ((index >> i & 1) == 1 ? 1 : -1);
      }
      boolean forced = true;
      for (int i = 0; i < n && forced; i++) {
        double deltaE = 2 * s[i] * j.field(s, 0, i);
        forced = deltaE <= 0;
        s[i] = (byte) -s[i];
      }
      if (forced) { // s is now the image −s of the state
        byte[] state = s.clone();
        for (int i = 0; i < n; i++) {
          state[i] = (byte) -state[i];
        }
        found.add(state);
      }
    }
    return found;
  }

  /** A random graph N = 12 of mean degree 8: degrees from 5 to 11, both paths. */
  static SparseNetwork randomGraph() {
    return plusMinus(SparseGraphs.random(12, 8, 17), 1.0, 5);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("Chimera C(1,2,3) ±0.5", chimera(), 0.6),
        Arguments.of("Chimera C(1,2,3) ±0.5", chimera(), 1.5),
        Arguments.of("random graph N=12 ±1", randomGraph(), 2.0),
        Arguments.of("random graph N=12 ±1", randomGraph(), 4.0),
        Arguments.of("ferromagnet C(1,2,3)", ferromagnet(), 2.0));
  }

  @Test
  void randomGraph_hasSitesOnBothPaths() {
    SparseCouplings j = randomGraph().couplings();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int i = 0; i < j.units(); i++) {
      min = Math.min(min, j.degree(i));
      max = Math.max(max, j.degree(i));
    }
    assertTrue(min <= 7 && max >= 8, "degrees " + min + ".." + max);
  }

  @ParameterizedTest(name = "{0} at T = {2}")
  @MethodSource("cases")
  void states_matchEnumeration(String name, SparseNetwork network, double temperature) {
    int n = network.units();
    assertEquals(0, forcedSweepStates(network).size(), "the scan must be ergodic on the test graph");
    double[] exact = SpinEnumeration.probabilities(SparseEnumeration.stateEnergies(network, 20), 1 / temperature);
    int chains = 300; // five words, the last partial
    BatchSampler b = BatchSampler.random(new SparseSampling(network), 2026, 0, chains,
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    b.sweep(40, temperature);
    long[] counts = new long[1 << n];
    for (int sample = 0; sample < 60; sample++) {
      b.sweep(3, temperature);
      byte[] s = b.layer(0).states().bytes();
      for (int c = 0; c < chains; c++) {
        counts[SpinEnumeration.stateIndex(s, c * n, n)]++;
      }
    }
    GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(counts, exact, 5);
    assertTrue(fit.pValue() > 1e-4, "chi-square " + fit.statistic() + " on " + fit.degreesOfFreedom() + " dof, p = "
        + fit.pValue());
  }

  /**
   * 128 chains all started from the same state: were the lanes of a word to share uniforms (the
   * usual multi-spin shortcut), chains 2k and 2k+1 would move in lockstep. Their joint energy
   * histogram after burn-in must be the product of the exact energy law with itself (chi-square,
   * p > 1e-4), and the mean Pearson correlation of the pairs' energy series must be within ±0.03
   * (64 pairs × 400 samples: its standard deviation is about 0.01 here).
   */
  @Test
  void lanesOfAWord_areIndependent() {
    SparseNetwork network = chimera();
    double temperature = 1.0;
    double[] stateEnergies = SparseEnumeration.stateEnergies(network, 20);
    double[] stateP = SpinEnumeration.probabilities(stateEnergies.clone(), 1 / temperature);
    double[] levels = Arrays.stream(stateEnergies).map(e -> Math.rint(e * 1e6) / 1e6 + 0.0).distinct().sorted()
        .toArray();
    double[] levelP = new double[levels.length];
    for (int s = 0; s < stateEnergies.length; s++) {
      levelP[level(levels, stateEnergies[s])] += stateP[s];
    }
    int chains = 128;
    SparseSampling sampling = new SparseSampling(network);
    LayerBlock initial = sampling.newStates(0, chains);
    Arrays.fill(initial.bytes(), (byte) 1);
    BatchSampler b = BatchSampler.start(sampling, 99, 0, new LayerBlock[] {initial},
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    b.sweep(20, temperature);
    int samples = 400;
    long[] joint = new long[levels.length * levels.length];
    double[][] series = new double[chains][samples];
    for (int t = 0; t < samples; t++) {
      b.sweep(2, temperature);
      double[] e = b.energies();
      for (int c = 0; c < chains; c++) {
        series[c][t] = e[c];
      }
      for (int c = 0; c < chains; c += 2) {
        joint[level(levels, e[c]) * levels.length + level(levels, e[c + 1])]++;
      }
    }
    double[] product = new double[joint.length];
    for (int a = 0; a < levels.length; a++) {
      for (int c = 0; c < levels.length; c++) {
        product[a * levels.length + c] = levelP[a] * levelP[c];
      }
    }
    GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(joint, product, 5);
    assertTrue(fit.pValue() > 1e-4, "pairs: chi-square " + fit.statistic() + " on " + fit.degreesOfFreedom()
        + " dof, p = " + fit.pValue());
    double sum = 0;
    for (int c = 0; c < chains; c += 2) {
      sum += correlation(series[c], series[c + 1]);
    }
    double mean = sum / (chains / 2);
    assertTrue(Math.abs(mean) < 0.03, "mean correlation of lane pairs " + mean);
  }

  /** The closed classes of {@link #forcedSweepStates}, on the 3×3 ferromagnetic torus (degree 4). */
  @Test
  void zeroFieldStates_flipForEver() {
    SparseNetwork network = new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(2, 3),
        CouplingLaw.FERROMAGNETIC, 0), new double[9], ValueType.SPIN, 9);
    java.util.List<byte[]> traps = forcedSweepStates(network);
    assertEquals(8, traps.size());
    byte[] trap = traps.get(0);
    SparseSampling sampling = new SparseSampling(network);
    LayerBlock initial = sampling.newStates(0, 3);
    for (int c = 0; c < 3; c++) {
      System.arraycopy(trap, 0, initial.bytes(), c * 9, 9);
    }
    BatchSampler b = BatchSampler.start(sampling, 1, 0, new LayerBlock[] {initial},
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    for (int sweep = 1; sweep <= 20; sweep++) {
      assertEquals(27, b.sweep(1.0));
      byte[] s = b.layer(0).states().bytes();
      for (int i = 0; i < 27; i++) {
        assertEquals(sweep % 2 == 1 ? -trap[i % 9] : trap[i % 9], s[i]);
      }
    }
  }

  private static int level(double[] levels, double e) {
    for (int k = 0; k < levels.length; k++) {
      if (Math.abs(levels[k] - e) < 1e-9) {
        return k;
      }
    }
    throw new AssertionError("energy " + e + " is none of the model's levels " + Arrays.toString(levels));
  }

  private static double correlation(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int t = 0; t < x.length; t++) {
      sxy += (x[t] - mx) * (y[t] - my);
      sxx += (x[t] - mx) * (x[t] - mx);
      syy += (y[t] - my) * (y[t] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** The packed states of chains [first, first+count) after the schedule, and their energies. */
  private static byte[] run(SparseSampling sampling, long seed, long first, int count, double[] temperatures,
      int[] splits, double[] energiesOut) {
    LayerBlock initial = InitialStates.random(sampling, seed, first, count)[0];
    BatchSampler b = BatchSampler.start(sampling, seed, first, new LayerBlock[] {initial},
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    LayerKernel k = b.layer(0);
    for (int sweep = 0; sweep < temperatures.length; sweep++) {
      if (splits == null) {
        b.sweep(temperatures[sweep]);
      } else { // the same sweep index, in several update calls over consecutive ranges
        int from = 0;
        for (int size : splits) {
          k.update(from, Math.min(count, from + size), sweep, temperatures[sweep]);
          from = Math.min(count, from + size);
        }
        k.update(from, count, sweep, temperatures[sweep]);
      }
    }
    double[] e = new double[count];
    k.addEnergies(0, count, e);
    System.arraycopy(e, 0, energiesOut, 0, count);
    return k.states().bytes().clone();
  }

  @Test
  void trajectories_doNotDependOnBatchingOrUpdateRanges() {
    // a 3D ±J lattice L = 4 (N = 64, degree 6) annealed over 30 sweeps
    SparseSampling sampling = new SparseSampling(plusMinus(SparseGraphs.lattice(3, 4), 1.0, 8));
    int n = 64;
    int chains = 200;
    double[] temperatures = new double[30];
    for (int s = 0; s < temperatures.length; s++) {
      temperatures[s] = 3.0 * Math.pow(0.1 / 3.0, s / 29.0);
    }
    double[] whole = new double[chains];
    byte[] all = run(sampling, 41, 0, chains, temperatures, null, whole);
    // batches of 10, 37, 64, 89 chains: starts at 0, 10, 47, 111, none aligned but the first
    int[] sizes = {10, 37, 64, 89};
    int first = 0;
    for (int size : sizes) {
      double[] e = new double[size];
      byte[] part = run(sampling, 41, first, size, temperatures, null, e);
      assertArrayEquals(Arrays.copyOfRange(all, first * n, (first + size) * n), part, "batch at " + first);
      assertArrayEquals(Arrays.copyOfRange(whole, first, first + size), e, "energies of the batch at " + first);
      first += size;
    }
    double[] split = new double[chains];
    assertArrayEquals(all, run(sampling, 41, 0, chains, temperatures, new int[] {5, 1, 70, 60}, split));
    assertArrayEquals(whole, split);
    // and the seed matters
    assertFalse(Arrays.equals(all, run(sampling, 42, 0, chains, temperatures, null, new double[chains])));
  }

  /**
   * The kernel's claim to checkpoints ({@code resumableAfter} always, no stream state): a kernel
   * rebuilt from the states after sweep 12 and continued at sweep index 12 reaches, bit for bit,
   * the states of the uninterrupted run.
   */
  @Test
  void aKernelRebuiltFromItsStates_continuesBitIdentically() {
    SparseSampling sampling = new SparseSampling(plusMinus(SparseGraphs.lattice(3, 4), 1.0, 8));
    int chains = 90;
    LayerBlock start = InitialStates.random(sampling, 13, 20, chains)[0];
    BatchSampler whole = BatchSampler.start(sampling, 13, 20, new LayerBlock[] {start.copy()},
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    LayerKernel k = whole.layer(0);
    assertTrue(k.resumableAfter(12));
    assertEquals(0, k.randomStreams().length);
    for (int sweep = 0; sweep < 12; sweep++) {
      k.update(0, chains, sweep, 1.3);
    }
    LayerBlock saved = k.states().copy();
    for (int sweep = 12; sweep < 30; sweep++) {
      k.update(0, chains, sweep, 1.3 - 0.03 * sweep);
    }
    BatchSampler resumed = BatchSampler.start(sampling, 13, 20, new LayerBlock[] {saved},
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    LayerKernel r = resumed.layer(0);
    for (int sweep = 12; sweep < 30; sweep++) {
      r.update(0, chains, sweep, 1.3 - 0.03 * sweep);
    }
    assertArrayEquals(k.states().bytes(), r.states().bytes());
    double[] a = new double[chains];
    double[] b = new double[chains];
    k.addEnergies(0, chains, a);
    r.addEnergies(0, chains, b);
    assertArrayEquals(a, b);
  }

  @Test
  void energies_equalTheEnergyOfTheUnpackedStates_andFlipsAreCounted() {
    for (SparseNetwork network : new SparseNetwork[] {randomGraph(), plusMinus(SparseGraphs.lattice(3, 4), 0.75,
        2), plusMinus(SparseGraphs.random(300, 16, 3), 1.0, 4)}) {
      int n = network.units();
      int chains = 70;
      SparseSampling sampling = new SparseSampling(network);
      BatchSampler b = BatchSampler.random(sampling, 5, 30, chains, SamplerKind.METROPOLIS_MULTISPIN, GEMM);
      byte[] before = b.layer(0).states().bytes().clone();
      for (int sweep = 0; sweep < 25; sweep++) {
        long flips = b.sweep(sweep < 10 ? 3.0 : 0.8);
        byte[] s = b.layer(0).states().bytes();
        long changed = 0;
        for (int k = 0; k < s.length; k++) {
          changed += s[k] != before[k] ? 1 : 0;
        }
        // a unit may flip and flip back within a sweep only if visited twice: never, so flips = changes
        assertEquals(changed, flips, "sweep " + sweep);
        before = s.clone();
        double[] e = b.energies();
        for (int c = 0; c < chains; c++) {
          assertEquals(network.energy(s, c * n), e[c], 1e-9, "chain " + c + " after sweep " + sweep);
        }
      }
    }
  }

  @Test
  void clampedUnits_stayPut_andTheRestSamplesTheConditionalLaw() {
    SparseNetwork network = chimera();
    int n = network.units();
    double temperature = 1.0;
    assertEquals(0, forcedSweepStates(network).size());
    // exact law of the others given s_2 = −1
    double[] energies = SparseEnumeration.stateEnergies(network, 20);
    double[] p = SpinEnumeration.probabilities(energies, 1 / temperature);
    double[] conditional = new double[p.length];
    double mass = 0;
    for (int s = 0; s < p.length; s++) {
      if ((s >> 2 & 1) == 0) {
        conditional[s] = p[s];
        mass += p[s];
      }
    }
    for (int s = 0; s < p.length; s++) {
      conditional[s] /= mass;
    }
    int chains = 256;
    BatchSampler b = BatchSampler.random(new SparseSampling(network), 8, 0, chains,
        SamplerKind.METROPOLIS_MULTISPIN, GEMM);
    b.clamp(0, 2, -1);
    b.sweep(30, temperature);
    long[] counts = new long[p.length];
    for (int sample = 0; sample < 40; sample++) {
      b.sweep(3, temperature);
      byte[] s = b.layer(0).states().bytes();
      double[] e = b.energies();
      for (int c = 0; c < chains; c++) {
        assertEquals(-1, s[c * n + 2]);
        assertEquals(network.energy(s, c * n), e[c], 1e-9);
        counts[SpinEnumeration.stateIndex(s, c * n, n)]++;
      }
    }
    GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(counts, conditional, 5);
    assertTrue(fit.pValue() > 1e-4, "chi-square " + fit.statistic() + " on " + fit.degreesOfFreedom() + " dof, p = "
        + fit.pValue());
  }

  @Test
  void digitsOfP_areItsExactBinaryExpansion() {
    SplittableRandom rng = new SplittableRandom(1);
    double[] ps = new double[40];
    ps[0] = 0.5;
    ps[1] = 0.75;
    ps[2] = Double.MIN_VALUE; // subnormal: digit 1074
    ps[3] = Math.nextDown(1.0);
    ps[4] = Math.exp(-700);
    ps[5] = 0;
    for (int k = 6; k < ps.length; k++) {
      ps[k] = Math.exp(-40 * rng.nextDouble());
    }
    for (double p : ps) {
      long[] digits = new long[MultiSpinSweep.CHUNKS];
      MultiSpinSweep.expand(p, digits, 0);
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal weight = BigDecimal.ONE;
      BigDecimal half = new BigDecimal("0.5");
      for (int k = 1; k <= MultiSpinSweep.DIGITS; k++) {
        weight = weight.multiply(half);
        if ((digits[(k - 1) >>> 6] >>> (63 - ((k - 1) & 63)) & 1) == 1) {
          sum = sum.add(weight);
        }
      }
      assertEquals(0, new BigDecimal(p).compareTo(sum), "p = " + p);
    }
  }

  @Test
  void lanes_selectTheChainsOfARangeWithinAWord() {
    assertEquals(-1L, MultiSpinKernel.lanes(1, 0, 200));
    assertEquals(0b1110L << 60, MultiSpinKernel.lanes(0, 61, 64));
    assertEquals(0x3FFL << 10, MultiSpinKernel.lanes(2, 138, 148));
    assertEquals(1L, MultiSpinKernel.lanes(3, 192, 193) & 1L);
    assertEquals(128 + 16, MultiSpinKernel.packedBytes(63, 2, 9));
  }

  @Test
  void onlyPlusMinusJSpinModels_offerIt() {
    assertTrue(new SparseSampling(chimera()).samplers().contains(SamplerKind.METROPOLIS_MULTISPIN));
    SparseNetwork g = SparseTestNetworks.gaussianChimera();
    SparseSampling gaussian = new SparseSampling(new SparseNetwork(g.couplings(), new double[g.units()],
        ValueType.SPIN, g.units()));
    assertFalse(gaussian.samplers().contains(SamplerKind.METROPOLIS_MULTISPIN));
    assertTrue(gaussian.samplerProblem(SamplerKind.METROPOLIS_MULTISPIN).orElseThrow().contains("one magnitude"));
    assertTrue(new SparseSampling(SparseTestNetworks.binaryIntegerLattice()).multiSpinProblem().orElseThrow()
        .contains("spin units"));
    assertTrue(new SparseSampling(SparseTestNetworks.hiddenSpins()).multiSpinProblem().isPresent());
    SparseNetwork biased = new SparseNetwork(chimera().couplings(), SparseTestNetworks.bias(12, 1, true, 2),
        ValueType.SPIN, 12);
    assertTrue(new SparseSampling(biased).multiSpinProblem().orElseThrow().contains("biases"));
    assertThrows(IllegalArgumentException.class, () -> BatchSampler.random(gaussian, 1, 0, 4,
        SamplerKind.METROPOLIS_MULTISPIN, GEMM));
  }
}
