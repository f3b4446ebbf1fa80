package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.state.ValueType;

/** Small sparse networks for the exactness tests (N ≤ 12). */
final class SparseTestNetworks {
  private SparseTestNetworks() {}

  /** Random biases N(0, scale²), or integers in [−k, k] when {@code integer}. */
  static double[] bias(int n, double scale, boolean integer, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = integer ? rng.nextInt(-(int) scale, (int) scale + 1) : scale * (2 * rng.nextDouble() - 1);
    }
    return b;
  }

  /** 2D periodic ±J lattice L = 3 (N = 9, odd cycles: 3 colours), spins, no bias: the integer kernels. */
  static SparseNetwork plusMinusLattice() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(2, 3), CouplingLaw.PLUS_MINUS_ONE, 11),
        new double[9], ValueType.SPIN, 9);
  }

  /** 2D ferromagnetic lattice L = 3 of 0/1 units with integer biases: the integer kernels on binary units. */
  static SparseNetwork binaryIntegerLattice() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(2, 3), CouplingLaw.FERROMAGNETIC, 0),
        bias(9, 2, true, 5), ValueType.BINARY, 9);
  }

  /** Chimera C(1, 1, 3) (N = 6, bipartite) with Gaussian couplings and biases, spins. */
  static SparseNetwork gaussianChimera() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.chimera(1, 1, 3), CouplingLaw.GAUSSIAN, 3),
        bias(6, 0.5, false, 7), ValueType.SPIN, 6);
  }

  /** A random graph N = 10 of mean degree 4, Gaussian couplings, 0/1 units with biases. */
  static SparseNetwork binaryRandom() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.random(10, 4, 21), CouplingLaw.GAUSSIAN, 22),
        bias(10, 1, false, 23), ValueType.BINARY, 10);
  }

  /** A Boltzmann machine on a random graph: 6 visible + 5 hidden spins. */
  static SparseNetwork hiddenSpins() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.random(11, 4, 31), CouplingLaw.GAUSSIAN, 32),
        bias(11, 0.5, false, 33), ValueType.SPIN, 6);
  }

  /** A Boltzmann machine of 0/1 units on a random graph: 5 visible + 5 hidden. */
  static SparseNetwork hiddenBinary() {
    return new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.random(10, 6, 41), CouplingLaw.GAUSSIAN, 42),
        bias(10, 1, false, 43), ValueType.BINARY, 5);
  }
}
