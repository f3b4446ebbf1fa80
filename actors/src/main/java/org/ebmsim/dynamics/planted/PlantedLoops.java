package org.ebmsim.dynamics.planted;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;

/**
 * Frustrated-loop planting (Hen et al. 2015) on a periodic hypercubic lattice of side L in d
 * dimensions, in the convention {@code E = −Σ_{i<j} W_ij s_i s_j}: random cycles are drawn as
 * non-backtracking random walks closed at their first self-intersection; on each cycle every edge
 * gets coupling +1 but one random edge, which gets −1; the loops' couplings add up. Each cycle then
 * has minimum energy −(len − 2), reached by the all-up state on every cycle at once, so all-up is a
 * ground state with energy {@code E₀ = −Σ (len − 2)}. A random gauge {@code s_i → g_i s_i},
 * {@code W_ij → g_i g_j W_ij} hides it: the planted ground state becomes g (and −g, the field being zero).
 * More loops per spin make harder instances. {@link #lattice} gives dense couplings (the Hopfield
 * family's planted spec); {@link #onGraph} draws the loops on any sparse graph and returns edges.
 */
public final class PlantedLoops {
  private PlantedLoops() {}

  /**
   * A planted instance.
   *
   * @param units N = L^d
   * @param couplings W, N × N row-major, symmetric, zero diagonal, integer-valued
   * @param planted the hidden ground state g (±1)
   * @param groundEnergy E₀ = E(g) = −Σ_loops (len − 2)
   */
  public record Instance(int units, double[] couplings, byte[] planted, double groundEnergy, int loops,
      double meanLoopLength) {}

  /**
   * A planted instance on a sparse graph: the loops' summed, gauged couplings on the graph's edges
   * (edges no loop used, or whose loops cancel, dropped).
   */
  public record SparseInstance(SparseCouplings couplings, byte[] planted, double groundEnergy, int loops,
      double meanLoopLength) {}

  /** The neighbours of a unit of the graph loops are drawn on, in a fixed order. */
  public interface Neighbours {
    /** Writes the neighbours of {@code v} into {@code out}; returns how many. */
    int of(int v, int[] out);

    /** The largest degree (the size {@code out} needs). */
    int maxDegree();
  }

  /**
   * @param dimensions d, 2 or 3
   * @param side L ≥ 3 (smaller periodic lattices repeat edges)
   * @param loopDensity cycles per spin, in (0, 10]
   * @throws IllegalArgumentException on a setting out of range
   */
  public static Instance lattice(int dimensions, int side, double loopDensity, long seed) {
    if (dimensions != 2 && dimensions != 3) {
      throw new IllegalArgumentException("dimensions must be 2 or 3 (got " + dimensions + ")");
    }
    if (side < 3 || side > 4096) {
      throw new IllegalArgumentException("side must be in [3, 4096]: a periodic lattice of side 2 repeats edges (got "
          + side + ")");
    }
    checkDensity(loopDensity);
    long n64 = SparseGraphs.latticeUnits(dimensions, side);
    if (n64 > 46_340) { // N² couplings in one dense array
      throw new IllegalArgumentException("L^d = " + n64 + " units is too many for dense couplings");
    }
    int n = (int) n64;
    SparseInstance s = onGraph(SparseGraphs.lattice(dimensions, side), latticeNeighbours(dimensions, side),
        loopDensity, seed);
    return new Instance(n, s.couplings().toDense(), s.planted(), s.groundEnergy(), s.loops(),
        s.meanLoopLength());
  }

  /** The periodic lattice's neighbours in the order the dense instances have always used. */
  public static Neighbours latticeNeighbours(int dimensions, int side) {
    return new Neighbours() {
      @Override
      public int of(int v, int[] out) {
        return SparseGraphs.latticeNeighbours(v, dimensions, side, out);
      }

      @Override
      public int maxDegree() {
        return 2 * dimensions;
      }
    };
  }

  /** A CSR graph's neighbours, ascending. */
  public static Neighbours graphNeighbours(SparseCouplings graph) {
    int max = 0;
    for (int i = 0; i < graph.units(); i++) {
      max = Math.max(max, graph.degree(i));
    }
    int maxDegree = max;
    return new Neighbours() {
      @Override
      public int of(int v, int[] out) {
        int from = graph.rowStart()[v];
        int count = graph.degree(v);
        System.arraycopy(graph.columns(), from, out, 0, count);
        return count;
      }

      @Override
      public int maxDegree() {
        return maxDegree;
      }
    };
  }

  private static void checkDensity(double loopDensity) {
    if (!(loopDensity > 0 && loopDensity <= 10)) {
      throw new IllegalArgumentException("loop density must be in (0, 10] cycles per spin (got " + loopDensity + ")");
    }
  }

  /**
   * Loops on any simple graph (its structure {@code graph}; its values are ignored), walked with
   * the neighbours in the order {@code order} gives (the dense lattice instances keep theirs). The
   * loops' couplings are summed on the graph's own edge array: memory is the graph's, however many
   * loops are drawn. A walk that reaches a dead end (a unit whose
   * only neighbour is the one it came from) is abandoned and redrawn; a graph where walks keep
   * failing (a forest, almost) is refused.
   *
   * @throws IllegalArgumentException on a density out of range or a graph with too few cycles
   */
  public static SparseInstance onGraph(SparseCouplings graph, Neighbours order, double loopDensity, long seed) {
    checkDensity(loopDensity);
    int n = graph.units();
    SplittableRandom rng = new SplittableRandom(seed);
    double[] sums = new double[graph.entries()];
    int loops = (int) Math.max(1, Math.round(loopDensity * n));
    int[] position = new int[n];
    java.util.Arrays.fill(position, -1);
    int[] path = new int[n + 1];
    double energy = 0;
    long totalLength = 0;
    int[] neighbours = new int[Math.max(1, order.maxDegree())];
    long failures = 0;
    long maxFailures = 1000L + 100L * loops;
    for (int c = 0; c < loops; c++) {
      int length = 0;
      int v = rng.nextInt(n);
      int previous = -1;
      int start = -1;
      while (true) {
        position[v] = length;
        path[length++] = v;
        int count = order.of(v, neighbours);
        if (count == 0 || (count == 1 && neighbours[0] == previous)) {
          break; // dead end: no way on without backtracking
        }
        int next;
        do { // non-backtracking: never straight back along the edge just walked
          next = neighbours[rng.nextInt(count)];
        } while (next == previous);
        previous = v;
        v = next;
        if (position[v] >= 0) {
          start = position[v];
          break;
        }
      }
      if (start < 0) {
        for (int k = 0; k < length; k++) {
          position[path[k]] = -1;
        }
        if (++failures > maxFailures) {
          throw new IllegalArgumentException("the graph has too few cycles for planted loops (" + failures
              + " walks ended in dead ends)");
        }
        c--;
        continue;
      }
      int len = length - start; // the cycle path[start .. length-1], closed back to path[start]
      int negative = rng.nextInt(len);
      for (int e = 0; e < len; e++) {
        int a = path[start + e];
        int b = path[start + (e + 1) % len];
        double w = e == negative ? -1 : 1;
        int ab = graph.find(a, b);
        if (ab < 0) {
          throw new IllegalArgumentException("the walk order leaves the graph at (" + a + ", " + b + ")");
        }
        sums[ab] += w;
        sums[graph.find(b, a)] += w;
      }
      energy -= len - 2;
      totalLength += len;
      for (int k = 0; k < length; k++) {
        position[path[k]] = -1;
      }
    }
    byte[] g = new byte[n];
    for (int i = 0; i < n; i++) {
      g[i] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return new SparseInstance(gauged(graph, sums, g), g, energy, loops, (double) totalLength / loops);
  }

  /** The couplings g_i g_j · sums on the graph's edges, zero sums dropped. */
  private static SparseCouplings gauged(SparseCouplings graph, double[] sums, byte[] g) {
    int n = graph.units();
    int[] start = graph.rowStart();
    int[] cols = graph.columns();
    int kept = 0;
    for (double v : sums) {
      kept += v != 0 ? 1 : 0;
    }
    int[] newStart = new int[n + 1];
    int[] newCols = new int[kept];
    double[] values = new double[kept];
    int at = 0;
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        if (sums[k] != 0) {
          newCols[at] = cols[k];
          values[at++] = sums[k] * g[i] * g[cols[k]];
        }
      }
      newStart[i + 1] = at;
    }
    return SparseCouplings.of(n, newStart, newCols, values, "planted");
  }

  /** The 2d neighbours of site {@code v} on the periodic lattice, into {@code out}; returns 2d. */
  static int neighbours(int v, int dimensions, int side, int[] out) {
    return SparseGraphs.latticeNeighbours(v, dimensions, side, out);
  }
}
