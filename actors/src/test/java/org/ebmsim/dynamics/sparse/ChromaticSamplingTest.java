package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.ebmsim.dynamics.GoodnessOfFit;
import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chromatic heat-bath and Metropolis sweeps sample e^{−E/T} exactly: the state histogram of many
 * chains matches the enumerated Boltzmann law by a chi-square test (p > 1e-4 at a fixed seed, so
 * the test is deterministic; a sampler off by a few percent in any state's probability fails it
 * at these sample sizes), on graphs covering the integer kernels (±J, binary), the float kernels
 * (Gaussian), odd and even colourings, and hidden units.
 */
class ChromaticSamplingTest {
  private static final Gemm GEMM = Gemm.javaFallback();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("±J lattice 3x3", SparseTestNetworks.plusMinusLattice(), 1.5),
        Arguments.of("binary integer lattice", SparseTestNetworks.binaryIntegerLattice(), 1.2),
        Arguments.of("Gaussian Chimera", SparseTestNetworks.gaussianChimera(), 0.8),
        Arguments.of("binary random graph", SparseTestNetworks.binaryRandom(), 1.0),
        Arguments.of("hidden spins", SparseTestNetworks.hiddenSpins(), 1.0),
        Arguments.of("hidden binary", SparseTestNetworks.hiddenBinary(), 1.0));
  }

  @ParameterizedTest(name = "{0} heat bath")
  @MethodSource("cases")
  void heatBath_matchesEnumeration(String name, SparseNetwork network, double temperature) {
    assertMatches(network, temperature, SamplerKind.GIBBS);
  }

  @ParameterizedTest(name = "{0} Metropolis")
  @MethodSource("cases")
  void metropolis_matchesEnumeration(String name, SparseNetwork network, double temperature) {
    assertMatches(network, temperature, SamplerKind.METROPOLIS);
  }

  private static void assertMatches(SparseNetwork network, double temperature, SamplerKind rule) {
    int n = network.units();
    double[] exact = SpinEnumeration.probabilities(SparseEnumeration.stateEnergies(network, 20), 1 / temperature);
    int chains = 400;
    BatchSampler b = BatchSampler.random(new SparseSampling(network), 2024, 0, chains, rule, GEMM);
    b.sweep(40, temperature);
    long[] counts = new long[1 << n];
    byte[] full = new byte[n];
    for (int sample = 0; sample < 40; sample++) {
      b.sweep(3, temperature);
      for (int c = 0; c < chains; c++) {
        counts[SpinEnumeration.stateIndex(state(b, c, full), 0, n)]++;
      }
    }
    GoodnessOfFit.ChiSquare fit = GoodnessOfFit.chiSquare(counts, exact, 5);
    assertTrue(fit.pValue() > 1e-4, rule + ": chi-square " + fit.statistic() + " on " + fit.degreesOfFreedom()
        + " dof, p = " + fit.pValue());
  }

  /** Chain c's full state (visible then hidden) into {@code out}. */
  private static byte[] state(BatchSampler b, int c, byte[] out) {
    int at = 0;
    for (int l = 0; l < 2; l++) {
      if (l == 1 && b.layer(0).shape().units() == out.length) {
        break;
      }
      LayerBlock block = b.layer(l).states();
      int u = block.units();
      System.arraycopy(block.bytes(), c * u, out, at, u);
      at += u;
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trackedEnergies_equalTheNetworksEnergy(String name, SparseNetwork network, double temperature) {
    BatchSampler b = BatchSampler.random(new SparseSampling(network), 9, 0, 20, SamplerKind.GIBBS, GEMM);
    byte[] full = new byte[network.units()];
    for (int sweep = 0; sweep < 70; sweep++) { // across a recomputation at sweep 64
      b.sweep(temperature);
      double[] e = b.energies();
      for (int c = 0; c < 20; c++) {
        assertEquals(network.energy(state(b, c, full), 0), e[c], 1e-9, "chain " + c + " after sweep " + sweep);
      }
    }
  }

  @Test
  void energy_equalsTheDenseIsingEnergy() {
    SparseNetwork net = SparseTestNetworks.gaussianChimera();
    IsingModel dense = IsingModel.of(net.units(), net.couplings().toDense(), net.bias());
    double[] sparse = SparseEnumeration.stateEnergies(net, 20);
    byte[] s = new byte[net.units()];
    for (int index = 0; index < sparse.length; index++) {
      for (int i = 0; i < s.length; i++) {
        s[i] = (index >> i & 1) == 1 ? (byte) 1 : (byte) -1;
      }
      assertEquals(dense.energy(s, 0), sparse[index], 1e-9, "state " + index);
    }
  }

  @Test
  void zeroTemperature_neverRaisesEnergy_andStopsInALocalMinimum() {
    SparseNetwork net = new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.random(300, 6, 5), CouplingLaw.GAUSSIAN,
        6), SparseTestNetworks.bias(300, 0.3, false, 7), ValueType.SPIN, 300);
    BatchSampler b = BatchSampler.random(new SparseSampling(net), 3, 0, 8, SamplerKind.DETERMINISTIC, GEMM);
    double[] previous = b.energies();
    long flips = -1;
    for (int sweep = 0; sweep < 200 && flips != 0; sweep++) {
      flips = b.sweep(1.0);
      double[] e = b.energies();
      for (int c = 0; c < 8; c++) {
        assertTrue(e[c] <= previous[c] + 1e-9, "energy rose in chain " + c);
      }
      previous = e;
    }
    assertEquals(0, flips, "zero-temperature sweeps reach a fixed point");
    byte[] s = new byte[300];
    for (int c = 0; c < 8; c++) {
      System.arraycopy(b.layer(0).states().bytes(), c * 300, s, 0, 300);
      for (int i = 0; i < 300; i++) {
        double h = net.localField(s, 0, i);
        assertTrue(s[i] * h >= 0, "unit " + i + " of chain " + c + " would lower E by flipping (s h = " + s[i] * h
            + ")");
      }
    }
  }

  /** The unrolled six-neighbour loops (3D lattices) walk the same trajectory as the general ones. */
  @Test
  void unrolledLatticeLoops_equalTheGeneralLoops_bitForBit() {
    for (SamplerKind rule : new SamplerKind[] {SamplerKind.GIBBS, SamplerKind.METROPOLIS}) {
      SparseNetwork net = new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(3, 5), CouplingLaw.PLUS_MINUS_ONE,
          8), SparseTestNetworks.bias(125, 1, true, 9), ValueType.SPIN, 125);
      SparseLayer layer = new SparseSampling(net).layer(0);
      assertEquals(6, layer.regularDegree());
      assertTrue(layer.integer());
      ChromaticSweep unrolled = new ChromaticSweep(layer, rule, true);
      ChromaticSweep general = new ChromaticSweep(layer, rule, false);
      byte[] a = new byte[125];
      java.util.SplittableRandom init = new java.util.SplittableRandom(4);
      for (int i = 0; i < a.length; i++) {
        a[i] = init.nextBoolean() ? (byte) 1 : (byte) -1;
      }
      byte[] b = a.clone();
      java.util.SplittableRandom ra = new java.util.SplittableRandom(5);
      java.util.SplittableRandom rb = new java.util.SplittableRandom(5);
      double[] ea = new double[1];
      double[] eb = new double[1];
      long flips = 0;
      for (int sweep = 0; sweep < 50; sweep++) {
        double beta = 0.2 + 0.05 * sweep;
        flips += unrolled.sweep(a, 0, null, ra, beta, null, ea);
        general.sweep(b, 0, null, rb, beta, null, eb);
        assertArrayEquals(b, a, rule + " sweep " + sweep);
        assertEquals(eb[0], ea[0], rule + " sweep " + sweep);
      }
      assertTrue(flips > 100, "the chains moved");
    }
  }

  @Test
  void chains_doNotDependOnTheirBatch() {
    SparseSampling sampling = new SparseSampling(SparseTestNetworks.hiddenSpins());
    BatchSampler all = BatchSampler.random(sampling, 77, 0, 10, SamplerKind.GIBBS, GEMM);
    BatchSampler first = BatchSampler.random(sampling, 77, 0, 4, SamplerKind.GIBBS, GEMM);
    BatchSampler rest = BatchSampler.random(sampling, 77, 4, 6, SamplerKind.GIBBS, GEMM);
    for (BatchSampler b : new BatchSampler[] {all, first, rest}) {
      b.sweep(30, 1.0);
    }
    for (int l = 0; l < 2; l++) {
      byte[] joined = new byte[all.layer(l).states().bytes().length];
      int split = first.layer(l).states().bytes().length;
      System.arraycopy(first.layer(l).states().bytes(), 0, joined, 0, split);
      System.arraycopy(rest.layer(l).states().bytes(), 0, joined, split, joined.length - split);
      assertArrayEquals(all.layer(l).states().bytes(), joined, "layer " + l);
    }
  }

  @Test
  void clampedUnits_stayPut_andTheRestFollowTheConditionalLaw() {
    SparseNetwork net = SparseTestNetworks.plusMinusLattice();
    BatchSampler b = BatchSampler.random(new SparseSampling(net), 5, 0, 300, SamplerKind.GIBBS, GEMM);
    b.clamp(0, 4, 1.0);
    b.sweep(20, 1.5);
    byte[] s = b.layer(0).states().bytes();
    for (int c = 0; c < 300; c++) {
      assertEquals(1, s[c * 9 + 4]);
    }
    // P(s_0 = +1 | clamped s_4 = +1) by enumeration over the states with s_4 = +1
    double[] p = SpinEnumeration.probabilities(SparseEnumeration.stateEnergies(net, 20), 1 / 1.5);
    double plus = 0;
    double total = 0;
    for (int index = 0; index < p.length; index++) {
      if ((index >> 4 & 1) == 1) {
        total += p[index];
        plus += (index & 1) == 1 ? p[index] : 0;
      }
    }
    long hits = 0;
    long samples = 0;
    for (int k = 0; k < 30; k++) {
      b.sweep(2, 1.5);
      for (int c = 0; c < 300; c++) {
        hits += s[c * 9] == 1 ? 1 : 0;
        samples++;
      }
    }
    double q = plus / total;
    double sd = Math.sqrt(q * (1 - q) / samples) * 3; // chains sampled every 2 sweeps: allow ~3x the iid error
    assertEquals(q, (double) hits / samples, 5 * sd, "P(s_0 = +1 | s_4 = +1)");
    assertFalse(Double.isNaN(q));
  }
}
