package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.planted.PlantedLoops;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.ValueType;
import org.junit.jupiter.api.Test;

/** Planted frustrated loops on sparse graphs: the planted state has E₀, E₀ is the ground energy, annealing finds it. */
class SparsePlantedTest {
  private static SparseNetwork network(PlantedLoops.SparseInstance p) {
    int n = p.couplings().units();
    return new SparseNetwork(p.couplings(), new double[n], ValueType.SPIN, n);
  }

  @Test
  void plantedState_hasTheStatedEnergy_onEveryGraph() {
    for (long seed = 0; seed < 5; seed++) {
      SparseCouplings lattice = SparseGraphs.lattice(3, 8);
      PlantedLoops.SparseInstance a = PlantedLoops.onGraph(lattice, PlantedLoops.latticeNeighbours(3, 8), 0.7, seed);
      SparseCouplings chimera = SparseGraphs.chimera(4, 4, 4);
      PlantedLoops.SparseInstance b = PlantedLoops.onGraph(chimera, PlantedLoops.graphNeighbours(chimera), 1.5, seed);
      SparseCouplings random = SparseGraphs.random(400, 4, seed);
      PlantedLoops.SparseInstance c = PlantedLoops.onGraph(random, PlantedLoops.graphNeighbours(random), 0.5, seed);
      for (PlantedLoops.SparseInstance p : new PlantedLoops.SparseInstance[] {a, b, c}) {
        assertEquals(p.groundEnergy(), network(p).energy(p.planted(), 0), 1e-9);
        byte[] flipped = p.planted().clone();
        for (int i = 0; i < flipped.length; i++) {
          flipped[i] = (byte) -flipped[i];
        }
        assertEquals(p.groundEnergy(), network(p).energy(flipped, 0), 1e-9, "−g too (no field)");
      }
    }
  }

  @Test
  void plantedEnergy_isTheGroundEnergy_byEnumeration() {
    for (long seed = 0; seed < 6; seed++) {
      SparseCouplings chimera = SparseGraphs.chimera(1, 1, 5); // N = 10: cycles of length 4 only
      PlantedLoops.SparseInstance a = PlantedLoops.onGraph(chimera, PlantedLoops.graphNeighbours(chimera), 2, seed);
      SparseCouplings lattice = SparseGraphs.lattice(2, 3); // N = 9
      PlantedLoops.SparseInstance b = PlantedLoops.onGraph(lattice, PlantedLoops.latticeNeighbours(2, 3), 2, seed);
      SparseCouplings random = SparseGraphs.random(12, 4, seed); // N = 12
      PlantedLoops.SparseInstance c = PlantedLoops.onGraph(random, PlantedLoops.graphNeighbours(random), 1, seed);
      for (PlantedLoops.SparseInstance p : new PlantedLoops.SparseInstance[] {a, b, c}) {
        SpinEnumeration.Summary s = SparseEnumeration.summarize(network(p), 1, 4, 20);
        assertEquals(p.groundEnergy(), s.groundEnergy(), 1e-9, "seed " + seed);
      }
    }
  }

  /**
   * N = 1000 (3D lattice L = 10, 0.5 loops per spin): simulated annealing with the integer heat
   * bath, 8 chains × 3000 sweeps from T = 3 to 0.1 geometric, reaches E₀ in at least one chain.
   * Measured with this seed: see the assertion message; under a second on one core.
   */
  @Test
  void annealing_reachesThePlantedGroundEnergy_atN1000() {
    SparseCouplings lattice = SparseGraphs.lattice(3, 10);
    PlantedLoops.SparseInstance p = PlantedLoops.onGraph(lattice, PlantedLoops.latticeNeighbours(3, 10), 0.5, 42);
    SparseNetwork net = network(p);
    SparseSampling sampling = new SparseSampling(net);
    assertTrue(sampling.layer(0).integer(), "planted couplings are integers: the table kernels run");
    int chains = 8;
    int sweeps = 3000;
    BatchSampler b = BatchSampler.random(sampling, 1, 0, chains, SamplerKind.GIBBS, Gemm.javaFallback());
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < sweeps; k++) {
      double t = 3.0 * Math.pow(0.1 / 3.0, (double) k / (sweeps - 1));
      b.sweep(t);
    }
    int hits = 0;
    for (double e : b.energies()) {
      best = Math.min(best, e);
      hits += Math.abs(e - p.groundEnergy()) < 1e-9 ? 1 : 0;
      assertTrue(e >= p.groundEnergy() - 1e-9, "no state lies below the planted ground energy");
    }
    assertTrue(hits >= 1, "best " + best + " vs planted " + p.groundEnergy() + " (" + hits + "/" + chains + ")");
  }
}
