package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;

/**
 * Graph generators: periodic square and cubic lattices, Chimera C(m, n, t), random graphs of a
 * given mean degree; each returns the graph's structure as a CSR whose values are placeholders,
 * to be given coupling values by {@link #withLaw} (or by the planted loops).
 */
public final class SparseGraphs {
  private SparseGraphs() {}

  /** Units of a lattice of side L in d dimensions, L^d. */
  public static long latticeUnits(int dimensions, int side) {
    long n = 1;
    for (int k = 0; k < dimensions; k++) {
      n *= side;
    }
    return n;
  }

  /**
   * The periodic hypercubic lattice: unit v = Σ_d x_d L^d, neighbours x_d ± 1 (mod L).
   *
   * @throws IllegalArgumentException unless d ∈ {2, 3} and 3 ≤ L with L^d < 2^31
   */
  public static SparseCouplings lattice(int dimensions, int side) {
    checkLattice(dimensions, side);
    int n = (int) latticeUnits(dimensions, side);
    EdgeList edges = new EdgeList(n);
    int stride = 1;
    for (int d = 0; d < dimensions; d++) {
      for (int v = 0; v < n; v++) {
        int x = (v / stride) % side;
        int up = v - x * stride + ((x + 1) % side) * stride;
        edges.add(v, up, 1);
      }
      stride *= side;
    }
    return edges.toCouplings();
  }

  /** Throws unless the lattice is one this generator makes. */
  public static void checkLattice(int dimensions, int side) {
    if (dimensions != 2 && dimensions != 3) {
      throw new IllegalArgumentException("dimensions must be 2 or 3 (got " + dimensions + ")");
    }
    if (side < 3) {
      throw new IllegalArgumentException("side must be >= 3: a periodic side of 2 repeats edges (got " + side + ")");
    }
    if (latticeUnits(dimensions, side) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("side^dimensions is too many units (side " + side + ")");
    }
  }

  /** The 2d neighbours of unit v of the periodic lattice, in the order ±1 along each axis. */
  public static int latticeNeighbours(int v, int dimensions, int side, int[] out) {
    int stride = 1;
    int k = 0;
    for (int d = 0; d < dimensions; d++) {
      int coordinate = (v / stride) % side;
      int base = v - coordinate * stride;
      out[k++] = base + ((coordinate + 1) % side) * stride;
      out[k++] = base + ((coordinate + side - 1) % side) * stride;
      stride *= side;
    }
    return k;
  }

  /** Units of Chimera C(m, n, t): 2·t·m·n. */
  public static long chimeraUnits(int rows, int columns, int shore) {
    return 2L * shore * rows * columns;
  }

  /**
   * Chimera C(m, n, t): unit ((r·n + c)·2 + s)·t + k is unit k of shore s (0 vertical, 1
   * horizontal) of cell (r, c); K_{t,t} inside each cell, vertical unit k to the same unit of the
   * cell below, horizontal unit k to the same unit of the cell to the right (open boundaries).
   */
  public static SparseCouplings chimera(int rows, int columns, int shore) {
    if (rows < 1 || columns < 1 || shore < 1) {
      throw new IllegalArgumentException("Chimera needs rows, columns, shore >= 1 (got " + rows + ", " + columns
          + ", " + shore + ")");
    }
    if (chimeraUnits(rows, columns, shore) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Chimera C(" + rows + ", " + columns + ", " + shore + ") has too many units");
    }
    int n = (int) chimeraUnits(rows, columns, shore);
    EdgeList edges = new EdgeList(n);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int cell = (r * columns + c) * 2 * shore;
        for (int a = 0; a < shore; a++) {
          for (int b = 0; b < shore; b++) {
            edges.add(cell + a, cell + shore + b, 1);
          }
        }
        for (int k = 0; k < shore; k++) {
          if (r + 1 < rows) {
            edges.add(cell + k, ((r + 1) * columns + c) * 2 * shore + k, 1);
          }
          if (c + 1 < columns) {
            edges.add(cell + shore + k, (r * columns + c + 1) * 2 * shore + shore + k, 1);
          }
        }
      }
    }
    return edges.toCouplings();
  }

  /**
   * A random graph: each unit draws degree/2 partners uniformly among the others (a repeated pair
   * is one edge), mean degree about {@code degree}.
   */
  public static SparseCouplings random(int units, int degree, long seed) {
    if (units < 3) {
      throw new IllegalArgumentException("a random graph needs units >= 3 (got " + units + ")");
    }
    if (degree < 2 || degree % 2 != 0 || degree > Math.min(units - 1, 64)) {
      throw new IllegalArgumentException("degree must be even and in [2, min(units - 1, 64)] (got " + degree + ")");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    EdgeList edges = new EdgeList(units);
    for (int i = 0; i < units; i++) {
      for (int k = 0; k < degree / 2; k++) {
        int j = rng.nextInt(units - 1);
        edges.add(i, j >= i ? j + 1 : j, 1);
      }
    }
    return edges.toCouplings();
  }

  /**
   * The same graph with values drawn from {@code law}: edges {i, j}, i < j, in row-major order,
   * each from one stream seeded by {@code seed}; J_ji = J_ij.
   */
  public static SparseCouplings withLaw(SparseCouplings graph, CouplingLaw law, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = graph.units();
    int[] start = graph.rowStart();
    int[] cols = graph.columns();
    double[] values = new double[cols.length];
    for (int i = 0; i < n; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        int j = cols[k];
        if (j > i) {
          double w = law.draw(rng);
          values[k] = w;
          values[graph.find(j, i)] = w;
        }
      }
    }
    return SparseCouplings.of(n, start, cols, values, "graph");
  }
}
