package org.ebmsim.dynamics.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CSR validation and the generators' structure. */
class SparseCouplingsTest {
  @Test
  void validCsr_isAccepted_andReadsBack() {
    // path 0 - 1 - 2 with J01 = 2, J12 = -1
    SparseCouplings c = SparseCouplings.of(3, new int[] {0, 1, 3, 4}, new int[] {1, 0, 2, 1},
        new double[] {2, 2, -1, -1}, "x");
    assertEquals(2, c.weight(0, 1));
    assertEquals(-1, c.weight(2, 1));
    assertEquals(0, c.weight(0, 2));
    assertEquals(2, c.edges());
  }

  @Test
  void invalidCsr_isRefused_namingTheEntry() {
    IllegalArgumentException asym = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(3,
        new int[] {0, 1, 3, 4}, new int[] {1, 0, 2, 1}, new double[] {2, 3, -1, -1}, "x"));
    assertTrue(asym.getMessage().contains("not symmetric"), asym.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(3,
        new int[] {0, 1, 1, 1}, new int[] {1}, new double[] {1}, "x"));
    assertTrue(missing.getMessage().contains("not symmetric") && missing.getMessage().contains("missing"),
        missing.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(2,
        new int[] {0, 1, 2}, new int[] {5, 0}, new double[] {1, 1}, "x"));
    assertTrue(range.getMessage().contains("x.column_indices[0]"), range.getMessage());
    IllegalArgumentException diag = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(2,
        new int[] {0, 1, 1}, new int[] {0}, new double[] {1}, "x"));
    assertTrue(diag.getMessage().contains("diagonal"), diag.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(2,
        new int[] {0, 1, 2}, new int[] {1, 0}, new double[] {Double.NaN, Double.NaN}, "x"));
    assertTrue(nan.getMessage().contains("x.values[0]"), nan.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> SparseCouplings.of(3,
        new int[] {0, 2, 3, 4}, new int[] {2, 1, 0, 0}, new double[] {1, 1, 1, 1}, "x"));
    assertTrue(order.getMessage().contains("ascend"), order.getMessage());
  }

  @Test
  void generators_haveTheStatedSizes() {
    assertEquals(3L * 1000, SparseGraphs.lattice(3, 10).edges());
    assertEquals(2L * 49, SparseGraphs.lattice(2, 7).edges());
    SparseCouplings chimera = SparseGraphs.chimera(16, 16, 4);
    assertEquals(2048, chimera.units());
    assertEquals(16L * 16 * 16 + 2L * 15 * 16 * 4, chimera.edges()); // D-Wave 2000Q: 6016 couplers
    for (int i = 0; i < chimera.units(); i++) {
      assertTrue(chimera.degree(i) >= 5 && chimera.degree(i) <= 6);
    }
    SparseCouplings pm = SparseGraphs.withLaw(SparseGraphs.lattice(3, 6), CouplingLaw.PLUS_MINUS_ONE, 4);
    int plus = 0;
    for (double v : pm.values()) {
      assertTrue(v == 1 || v == -1);
      plus += v > 0 ? 1 : 0;
    }
    assertEquals(0.5, (double) plus / pm.entries(), 0.05);
  }

  @Test
  void edgeList_sumsRepeats_andDropsCancelledEdges() {
    EdgeList e = new EdgeList(4);
    e.add(0, 1, 1);
    e.add(1, 0, 2);
    e.add(2, 3, 1);
    e.add(3, 2, -1);
    e.add(1, 3, -0.5);
    SparseCouplings c = e.toCouplings();
    assertEquals(3, c.weight(0, 1));
    assertEquals(0, c.weight(2, 3));
    assertEquals(-0.5, c.weight(3, 1));
    assertEquals(2, c.edges());
  }
}
