package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.planted.PlantedLoops;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.ValueType;
import org.junit.jupiter.api.Test;

/**
 * Pegasus P(m) against its published figures (node and edge counts of P(16), the Advantage graph),
 * against an independent construction from the qubits' geometry (segments that abut, pair or cross),
 * against the fabric's definition as the largest connected component, and in use: planted instances
 * on P(2) and P(3) annealed to their planted ground energy.
 */
class PegasusGraphTest {
  @Test
  void p16_hasThePublishedNodeAndEdgeCounts() {
    // full graph: 24·m·(m−1) nodes and 12·(15·(m−1)² + m − 3) edges (dwave-networkx's pegasus_graph
    // documentation); fabric: 5 640 qubits and 40 484 couplers (a full-yield Advantage processor)
    SparseCouplings full = PegasusGraph.of(16, false).couplings();
    assertEquals(5760, full.units());
    assertEquals(40_656, full.edges());
    SparseCouplings fabric = PegasusGraph.of(16, true).couplings();
    assertEquals(5640, fabric.units());
    assertEquals(40_484, fabric.edges());
  }

  @Test
  void generatedCounts_matchTheClosedForms() {
    for (int m = 2; m <= 9; m++) {
      for (boolean fabricOnly : new boolean[] {false, true}) {
        SparseCouplings g = PegasusGraph.of(m, fabricOnly).couplings();
        assertEquals(PegasusGraph.unitCount(m, fabricOnly), g.units(), "P(" + m + ") fabric " + fabricOnly);
        assertEquals(PegasusGraph.edgeCount(m, fabricOnly), g.edges(), "P(" + m + ") fabric " + fabricOnly);
        assertEquals(24L * m * (m - 1) - (fabricOnly ? 8L * (m - 1) : 0), g.units());
      }
    }
  }

  /**
   * Every coupler is one of the three kinds and every pair of qubits that abut, pair up or cross is
   * coupled: an O(N²) check over all pairs against the drawing of the qubits as segments, which
   * shares nothing with the generator's coordinate rules but the offsets.
   */
  @Test
  void edges_areExactlyTheAbuttingPairedAndCrossingSegments() {
    for (int m = 2; m <= 5; m++) {
      for (boolean fabricOnly : new boolean[] {false, true}) {
        PegasusGraph layout = PegasusGraph.of(m, fabricOnly);
        SparseCouplings g = layout.couplings();
        int n = g.units();
        int[][] q = new int[n][4];
        for (int v = 0; v < n; v++) {
          layout.coordinates(v, q[v]);
        }
        int edges = 0;
        for (int a = 0; a < n; a++) {
          for (int b = a + 1; b < n; b++) {
            boolean coupled = abut(q[a], q[b]) || paired(q[a], q[b]) || cross(q[a], q[b]) || cross(q[b], q[a]);
            boolean present = g.find(a, b) >= 0;
            assertEquals(coupled, present, "P(" + m + ") pair " + str(q[a]) + " " + str(q[b]));
            edges += coupled ? 1 : 0;
          }
        }
        assertEquals(g.edges(), edges);
      }
    }
  }

  private static int line(int[] q) {
    return PegasusGraph.TILE * q[1] + q[2];
  }

  private static int spanStart(int[] q) {
    return PegasusGraph.TILE * q[3] + PegasusGraph.shift(q[0], q[2]);
  }

  /** External coupler: consecutive segments of one line (one ends where the other starts). */
  private static boolean abut(int[] a, int[] b) {
    return a[0] == b[0] && line(a) == line(b) && Math.abs(spanStart(a) - spanStart(b)) == PegasusGraph.TILE;
  }

  /** Odd coupler: lines 2j and 2j + 1 of a tile, over the same span. */
  private static boolean paired(int[] a, int[] b) {
    return a[0] == b[0] && Math.abs(line(a) - line(b)) == 1 && Math.min(line(a), line(b)) % 2 == 0
        && spanStart(a) == spanStart(b);
  }

  /** Internal coupler: vertical segment a crosses horizontal segment b. */
  private static boolean cross(int[] a, int[] b) {
    if (a[0] != 0 || b[0] != 1) {
      return false;
    }
    int x = line(a);
    int y = line(b);
    return x >= spanStart(b) && x < spanStart(b) + PegasusGraph.TILE && y >= spanStart(a)
        && y < spanStart(a) + PegasusGraph.TILE;
  }

  private static String str(int[] q) {
    return "(" + q[0] + ", " + q[1] + ", " + q[2] + ", " + q[3] + ")";
  }

  @Test
  void fullGraph_isNumberedByDWavesLinearIndex_andCoordinatesRoundTrip() {
    int m = 5;
    PegasusGraph full = PegasusGraph.of(m, false);
    PegasusGraph fabric = PegasusGraph.of(m, true);
    int[] q = new int[4];
    int fabricUnit = 0;
    for (int u = 0; u < 2; u++) {
      for (int w = 0; w < m; w++) {
        for (int k = 0; k < PegasusGraph.TILE; k++) {
          for (int z = 0; z < m - 1; z++) {
            int v = full.unit(u, w, k, z);
            assertEquals(PegasusGraph.linearIndex(u, w, k, z, m), v);
            full.coordinates(v, q);
            assertArrayEquals(new int[] {u, w, k, z}, q);
            int f = fabric.unit(u, w, k, z);
            assertEquals(PegasusGraph.inFabric(u, w, k, m) ? fabricUnit++ : -1, f, "fabric units in linear order");
            if (f >= 0) {
              fabric.coordinates(f, q);
              assertArrayEquals(new int[] {u, w, k, z}, q);
            }
          }
        }
      }
    }
    assertEquals(fabric.units(), fabricUnit);
  }

  /** dwave-networkx defines the fabric as the largest connected component of the full graph. */
  @Test
  void fabric_isTheLargestConnectedComponentOfTheFullGraph() {
    for (int m = 2; m <= 6; m++) {
      PegasusGraph fullLayout = PegasusGraph.of(m, false);
      PegasusGraph fabricLayout = PegasusGraph.of(m, true);
      SparseCouplings full = fullLayout.couplings();
      SparseCouplings fabric = fabricLayout.couplings();
      int[] component = components(full);
      int[] size = new int[full.units()];
      int largest = 0;
      for (int c : component) {
        size[c]++;
        largest = size[c] > size[largest] ? c : largest;
      }
      assertEquals(fabric.units(), size[largest], "P(" + m + ")");
      assertEquals(5, Arrays.stream(size).filter(s -> s > 0).count(), "the fabric and 4 boundary ladders");
      // same nodes, same edges: map each fabric unit to its full-graph unit through its coordinates
      int[] q = new int[4];
      int[] toFull = new int[fabric.units()];
      for (int v = 0; v < fabric.units(); v++) {
        fabricLayout.coordinates(v, q);
        toFull[v] = fullLayout.unit(q[0], q[1], q[2], q[3]);
        assertEquals(largest, component[toFull[v]]);
      }
      Set<Long> fabricEdges = new HashSet<>();
      for (int i = 0; i < fabric.units(); i++) {
        for (int e = fabric.rowStart()[i]; e < fabric.rowStart()[i + 1]; e++) {
          fabricEdges.add(((long) toFull[i] << 32) | toFull[fabric.columns()[e]]);
        }
      }
      long inside = 0;
      for (int i = 0; i < full.units(); i++) {
        for (int e = full.rowStart()[i]; e < full.rowStart()[i + 1]; e++) {
          if (component[i] == largest) {
            inside++;
            assertTrue(fabricEdges.contains(((long) i << 32) | full.columns()[e]));
          }
        }
      }
      assertEquals(fabricEdges.size(), inside);
    }
  }

  private static int[] components(SparseCouplings g) {
    int[] component = new int[g.units()];
    Arrays.fill(component, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int s = 0; s < g.units(); s++) {
      if (component[s] >= 0) {
        continue;
      }
      component[s] = s;
      queue.add(s);
      while (!queue.isEmpty()) {
        int v = queue.poll();
        for (int e = g.rowStart()[v]; e < g.rowStart()[v + 1]; e++) {
          int w = g.columns()[e];
          if (component[w] < 0) {
            component[w] = s;
            queue.add(w);
          }
        }
      }
    }
    return component;
  }

  /**
   * Symmetric, loop-free, degree ≤ 15, and degree exactly 15 where a qubit has both external
   * neighbours (0 &lt; z &lt; m − 2) and crosses 12 orthogonal ones (inner w, or the boundary
   * columns' far minor offsets): 4 472 of P(16)'s 5 640 fabric qubits.
   */
  @Test
  void degrees_areAtMost15_withTheDegree15Bulk() {
    int m = 16;
    PegasusGraph layout = PegasusGraph.of(m, true);
    SparseCouplings g = layout.couplings();
    int[] q = new int[4];
    int fifteen = 0;
    for (int v = 0; v < g.units(); v++) {
      assertTrue(g.degree(v) <= 15 && g.degree(v) >= 2, "degree of " + v + ": " + g.degree(v));
      for (int e = g.rowStart()[v]; e < g.rowStart()[v + 1]; e++) {
        int w = g.columns()[e];
        assertTrue(w != v, "self-loop at " + v);
        assertEquals(g.values()[e], g.weight(w, v), "J_ij = J_ji");
      }
      layout.coordinates(v, q);
      boolean bothExternal = q[3] >= 1 && q[3] <= m - 3;
      boolean crossesTwelve = (q[1] >= 1 && q[1] <= m - 2) || (q[1] == 0 && q[2] >= 10) || (q[1] == m - 1 && q[2] < 2);
      assertEquals(bothExternal && crossesTwelve, g.degree(v) == 15, "degree " + g.degree(v) + " at " + str(q));
      fifteen += g.degree(v) == 15 ? 1 : 0;
    }
    assertEquals(2 * (m - 3) * (12 * (m - 2) + 4), fifteen);
    assertEquals(4472, fifteen);
  }

  @Test
  void sizesOutOfRange_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> PegasusGraph.of(1, true));
    assertThrows(IllegalArgumentException.class, () -> PegasusGraph.of(PegasusGraph.MAX_SIZE + 1, false));
  }

  /**
   * Planted frustrated loops on P(2) (full, N = 48) and P(3) (fabric, N = 128): the planted state has
   * E₀, and simulated annealing (8 chains × 2000 sweeps, T = 3 → 0.05) reaches E₀ and never goes below.
   */
  @Test
  void plantedInstances_onSmallPegasus_annealToThePlantedGroundEnergy() {
    for (int m = 2; m <= 3; m++) {
      for (long seed = 1; seed <= 3; seed++) {
        SparseCouplings graph = PegasusGraph.of(m, m == 3).couplings();
        PlantedLoops.SparseInstance p = PlantedLoops.onGraph(graph, PlantedLoops.graphNeighbours(graph), 1.0, seed);
        int n = graph.units();
        SparseNetwork net = new SparseNetwork(p.couplings(), new double[n], ValueType.SPIN, n);
        assertEquals(p.groundEnergy(), net.energy(p.planted(), 0), 1e-9);
        int chains = 8;
        int sweeps = 2000;
        BatchSampler b = BatchSampler.random(new SparseSampling(net), seed, 0, chains, SamplerKind.GIBBS,
            Gemm.javaFallback());
        for (int k = 0; k < sweeps; k++) {
          b.sweep(3.0 * Math.pow(0.05 / 3.0, (double) k / (sweeps - 1)));
        }
        int hits = 0;
        double best = Double.POSITIVE_INFINITY;
        for (double e : b.energies()) {
          assertTrue(e >= p.groundEnergy() - 1e-9, "below the planted ground energy: " + e);
          best = Math.min(best, e);
          hits += Math.abs(e - p.groundEnergy()) < 1e-9 ? 1 : 0;
        }
        assertTrue(hits >= 1, "P(" + m + ") seed " + seed + ": best " + best + " vs planted " + p.groundEnergy());
      }
    }
  }
}
