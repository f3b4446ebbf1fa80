package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every generator's graph gets a proper colouring, with the natural number of colours where known. */
class GraphColouringTest {
  private static void assertProper(SparseCouplings g, String what) {
    GraphColouring c = GraphColouring.of(g);
    assertTrue(c.isProper(g.rowStart(), g.columns()), what + ": an edge inside a colour class");
    // brute-force check too: every edge's ends differ
    for (int i = 0; i < g.units(); i++) {
      for (int k = g.rowStart()[i]; k < g.rowStart()[i + 1]; k++) {
        assertTrue(c.colourOf()[i] != c.colourOf()[g.columns()[k]], what + ": edge " + i + "-" + g.columns()[k]);
      }
    }
    int maxDegree = 0;
    for (int i = 0; i < g.units(); i++) {
      maxDegree = Math.max(maxDegree, g.degree(i));
    }
    assertTrue(c.colours() <= maxDegree + 1, what + ": " + c.colours() + " colours for max degree " + maxDegree);
    // the order lists every unit once, class by class
    boolean[] seen = new boolean[g.units()];
    for (int cl = 0; cl < c.colours(); cl++) {
      for (int k = c.classStart()[cl]; k < c.classStart()[cl + 1]; k++) {
        int u = c.order()[k];
        assertEquals(cl, c.colourOf()[u]);
        assertTrue(!seen[u]);
        seen[u] = true;
      }
    }
  }

  @Test
  void evenLattices_andChimera_getTwoColours() {
    for (int d = 2; d <= 3; d++) {
      for (int side : new int[] {4, 6, 10}) {
        SparseCouplings g = SparseGraphs.lattice(d, side);
        assertProper(g, d + "D L=" + side);
        assertEquals(2, GraphColouring.of(g).colours(), d + "D L=" + side + " is bipartite");
      }
    }
    SparseCouplings chimera = SparseGraphs.chimera(4, 3, 4);
    assertProper(chimera, "Chimera");
    assertEquals(2, GraphColouring.of(chimera).colours());
  }

  @Test
  void oddLattices_needMoreThanTwo_andStayProper() {
    for (int d = 2; d <= 3; d++) {
      for (int side : new int[] {3, 5, 7}) {
        SparseCouplings g = SparseGraphs.lattice(d, side);
        assertProper(g, d + "D L=" + side);
        assertTrue(GraphColouring.of(g).colours() >= 3, "odd periodic lattices have odd cycles");
      }
    }
  }

  @Test
  void randomGraphs_dilutedHopfield_andPlanted_areProperlyColoured() {
    for (long seed = 0; seed < 10; seed++) {
      for (int degree : new int[] {2, 4, 8, 16}) {
        assertProper(SparseGraphs.random(500, degree, seed), "random degree " + degree + " seed " + seed);
      }
    }
    assertProper(DilutedHopfield.of(400, 6, 3, 1).couplings(), "diluted Hopfield");
    assertProper(org.ebmsim.dynamics.planted.PlantedLoops.onGraph(SparseGraphs.random(300, 6, 2),
        org.ebmsim.dynamics.planted.PlantedLoops.graphNeighbours(SparseGraphs.random(300, 6, 2)), 1, 3)
        .couplings(), "planted on a random graph");
  }
}
