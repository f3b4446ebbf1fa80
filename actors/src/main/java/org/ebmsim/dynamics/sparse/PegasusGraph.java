package org.ebmsim.dynamics.sparse;

import java.util.Arrays;

/**
 * D-Wave's Pegasus graph P(m) (Boothby, King, Raymond &amp; Sheldon 2020, "Next-generation topology
 * of D-Wave quantum processors", arXiv:2003.00133), with the shift offsets of the standard P(m)
 * (dwave-networkx's {@code offsets_index = 0}, the Advantage processor's graph).
 *
 * <p>A node is a qubit with coordinates (u, w, k, z): orientation u (0 vertical, 1 horizontal),
 * major offset w ∈ [0, m), minor offset k ∈ [0, 12), parallel offset z ∈ [0, m − 1). Drawn on a
 * plane, qubit (0, w, k, z) is the vertical segment x = 12w + k, y ∈ [12z + S0[k], 12z + S0[k] + 12)
 * and qubit (1, w, k, z) the horizontal segment y = 12w + k, x ∈ [12z + S1[k], 12z + S1[k] + 12).
 * Three kinds of couplers:
 * <ul>
 *   <li>external: (u, w, k, z) ~ (u, w, k, z + 1), the next segment on the same line;
 *   <li>odd: (u, w, 2j, z) ~ (u, w, 2j + 1, z), the paired neighbouring line (same span, since
 *       S[2j] = S[2j + 1]);
 *   <li>internal: (0, w0, k0, z0) ~ (1, w1, k1, z1) where the segments cross, that is
 *       w1 = z0 + [k1 &lt; S0[k0]] and z1 = w0 − [k0 &lt; S1[k1]].
 * </ul>
 * A qubit crosses at most 12 orthogonal ones, so the degree is at most 12 + 2 + 1 = 15.
 *
 * <p>Two variants. The full graph has all 24·m·(m − 1) nodes, numbered by D-Wave's linear index
 * q = ((u·m + w)·12 + k)·(m − 1) + z. Its boundary qubits (u, 0, k, z) with k &lt; min S_{1−u}
 * and (u, m − 1, k, z) with k ≥ max S_{1−u} cross no orthogonal qubit: they form 4 ladders of
 * 2·(m − 1) qubits (two odd-coupled lines each), cut off from the rest. The fabric (D-Wave's
 * default, {@code fabric_only=True}) drops them, keeping the largest connected component:
 * 24·m·(m − 1) − 8·(m − 1) nodes, numbered 0, 1, … in linear-index order. P(16): 5 760 nodes and 40 656 edges in full, 5 640 and 40 484 in the fabric.
 */
public final class PegasusGraph {
  /** Qubits per orientation in one tile (the range of the minor offset k). */
  public static final int TILE = 12;

  /** S0[k]: where the vertical qubits of minor offset k start in their tile (offsets index 0). */
  private static final int[] VERTICAL_SHIFT = {2, 2, 2, 2, 10, 10, 10, 10, 6, 6, 6, 6};
  /** S1[k]: where the horizontal qubits of minor offset k start in their tile. */
  private static final int[] HORIZONTAL_SHIFT = {6, 6, 6, 6, 2, 2, 2, 2, 10, 10, 10, 10};

  /** Largest m accepted: keeps 24·m² (units) and 180·m² (edges) far inside an int. */
  public static final int MAX_SIZE = 4096;

  private final int m;
  private final boolean fabricOnly;
  /** unitOfRow[(u·m + w)·12 + k]: the unit number of (u, w, k, 0), or −1 if the row is not kept. */
  private final int[] unitOfRow;
  /** The kept rows (u·m + w)·12 + k, ascending. */
  private final int[] keptRows;
  private final int units;

  private PegasusGraph(int m, boolean fabricOnly) {
    this.m = m;
    this.fabricOnly = fabricOnly;
    this.unitOfRow = new int[2 * m * TILE];
    int next = 0;
    int[] kept = new int[unitOfRow.length];
    int keptCount = 0;
    for (int row = 0; row < unitOfRow.length; row++) {
      int u = row / (m * TILE);
      int w = (row / TILE) % m;
      int k = row % TILE;
      if (!fabricOnly || inFabric(u, w, k, m)) {
        unitOfRow[row] = next;
        next += m - 1;
        kept[keptCount++] = row;
      } else {
        unitOfRow[row] = -1;
      }
    }
    this.keptRows = Arrays.copyOf(kept, keptCount);
    this.units = next;
  }

  /**
   * The node layout of P(m): which coordinates are kept and how they are numbered.
   *
   * @throws IllegalArgumentException unless 2 ≤ m ≤ {@link #MAX_SIZE}
   */
  public static PegasusGraph of(int m, boolean fabricOnly) {
    if (m < 2 || m > MAX_SIZE) {
      throw new IllegalArgumentException("Pegasus size m must be in [2, " + MAX_SIZE + "] (P(1) has no qubits; got "
          + m + ")");
    }
    return new PegasusGraph(m, fabricOnly);
  }

  /** Nodes of P(m): 24·m·(m − 1) in full, 8·(m − 1) fewer in the fabric. */
  public static long unitCount(long m, boolean fabricOnly) {
    return 24 * m * (m - 1) - (fabricOnly ? 8 * (m - 1) : 0);
  }

  /**
   * Edges of P(m): 12·(15·(m − 1)² + m − 3) in full (24m(m − 2) external, 12m(m − 1) odd,
   * 144(m − 1)² internal); the 4 cut-off ladders hold 3m − 5 each, so the fabric has
   * 180·(m − 1)² − 16.
   */
  public static long edgeCount(long m, boolean fabricOnly) {
    return fabricOnly ? 180 * (m - 1) * (m - 1) - 16 : 12 * (15 * (m - 1) * (m - 1) + m - 3);
  }

  /** Whether (u, w, k, ·) belongs to the fabric: it crosses some orthogonal qubit. */
  public static boolean inFabric(int u, int w, int k, int m) {
    int[] crossing = u == 0 ? HORIZONTAL_SHIFT : VERTICAL_SHIFT;
    // a vertical qubit at x = k of tile column 0 meets no horizontal qubit, all of which start at
    // x ≥ min S1; symmetrically at the far end, where they all stop before x = 12(m − 1) + max S1
    return !(w == 0 && k < min(crossing)) && !(w == m - 1 && k >= max(crossing));
  }

  /** D-Wave's linear index of (u, w, k, z): ((u·m + w)·12 + k)·(m − 1) + z. */
  public static long linearIndex(int u, int w, int k, int z, int m) {
    return ((long) (u * m + w) * TILE + k) * (m - 1) + z;
  }

  public int size() {
    return m;
  }

  public boolean fabricOnly() {
    return fabricOnly;
  }

  public int units() {
    return units;
  }

  /** The unit number of (u, w, k, z), or −1 if that qubit is not in this variant. */
  public int unit(int u, int w, int k, int z) {
    int start = unitOfRow[(u * m + w) * TILE + k];
    return start < 0 ? -1 : start + z;
  }

  /** The coordinates (u, w, k, z) of {@code unit}, written into {@code out}. */
  public void coordinates(int unit, int[] out) {
    // every kept row holds m − 1 units, in row order
    int row = keptRows[unit / (m - 1)];
    out[0] = row / (m * TILE);
    out[1] = (row / TILE) % m;
    out[2] = row % TILE;
    out[3] = unit % (m - 1);
  }

  /** The graph's structure (every coupling 1, to be given values by {@link SparseGraphs#withLaw}). */
  public SparseCouplings couplings() {
    EdgeList edges = new EdgeList(units);
    int last = m - 2; // the largest parallel offset z
    for (int u = 0; u < 2; u++) {
      for (int w = 0; w < m; w++) {
        for (int k = 0; k < TILE; k++) {
          int row = unit(u, w, k, 0);
          if (row < 0) {
            continue;
          }
          for (int z = 0; z <= last; z++) {
            if (z < last) {
              edges.add(row + z, row + z + 1, 1); // external
            }
            if (k % 2 == 0) {
              edges.add(row + z, unit(u, w, k + 1, z), 1); // odd: the pair drops out of the fabric together
            }
            if (u == 0) {
              addInternal(edges, w, k, z, row + z);
            }
          }
        }
      }
    }
    return edges.toCouplings();
  }

  /** The internal couplers of vertical qubit (0, w, k, z): every horizontal qubit its segment crosses. */
  private void addInternal(EdgeList edges, int w, int k, int z, int vertical) {
    for (int kk = 0; kk < TILE; kk++) {
      int w1 = z + (kk < VERTICAL_SHIFT[k] ? 1 : 0);
      int z1 = w - (k < HORIZONTAL_SHIFT[kk] ? 1 : 0);
      if (z1 < 0 || z1 > m - 2) {
        continue; // the crossing falls past the last tile: no such horizontal qubit
      }
      int horizontal = unit(1, w1, kk, z1);
      if (horizontal >= 0) {
        edges.add(vertical, horizontal, 1);
      }
    }
  }

  /** S0[k] (u = 0) or S1[k] (u = 1): where the qubits of orientation u and minor offset k start. */
  public static int shift(int u, int k) {
    return u == 0 ? VERTICAL_SHIFT[k] : HORIZONTAL_SHIFT[k];
  }

  private static int min(int[] a) {
    int v = a[0];
    for (int x : a) {
      v = Math.min(v, x);
    }
    return v;
  }

  private static int max(int[] a) {
    int v = a[0];
    for (int x : a) {
      v = Math.max(v, x);
    }
    return v;
  }
}
