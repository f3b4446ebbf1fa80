package org.ebmsim.dynamics.sparse;

import java.util.Arrays;

/**
 * A proper colouring of a graph (no edge inside a colour class), computed once per model: units
 * of one class are conditionally independent given the others, so a chromatic Gibbs sweep may
 * update a class in any order (or in parallel). A bipartite graph (lattices of even side,
 * Chimera) gets its 2-colouring by breadth-first search; any other graph a greedy colouring in
 * order of decreasing degree (Welsh–Powell), which uses at most max degree + 1 colours.
 *
 * <p>{@link #order()} lists the units class by class, ascending within a class;
 * {@code order[classStart[c] .. classStart[c+1])} is class c.
 */
public final class GraphColouring {
  private final int[] colourOf;
  private final int[] order;
  private final int[] classStart;

  private GraphColouring(int[] colourOf, int colours) {
    this.colourOf = colourOf;
    int n = colourOf.length;
    this.classStart = new int[colours + 1];
    for (int c : colourOf) {
      classStart[c + 1]++;
    }
    for (int c = 0; c < colours; c++) {
      classStart[c + 1] += classStart[c];
    }
    this.order = new int[n];
    int[] fill = Arrays.copyOf(classStart, colours);
    for (int i = 0; i < n; i++) {
      order[fill[colourOf[i]]++] = i;
    }
  }

  /** The colouring of the graph with rows {@code rowStart} and neighbours {@code columns} (n units). */
  public static GraphColouring of(int n, int[] rowStart, int[] columns) {
    int[] two = bipartite(n, rowStart, columns);
    if (two != null) {
      int colours = 0;
      for (int c : two) {
        colours = Math.max(colours, c + 1);
      }
      return new GraphColouring(two, Math.max(1, colours));
    }
    return greedy(n, rowStart, columns);
  }

  /** The colouring of a symmetric CSR's graph. */
  public static GraphColouring of(SparseCouplings g) {
    return of(g.units(), g.rowStart(), g.columns());
  }

  /** A 2-colouring by BFS (0/1 per component, isolated units 0), or null if an odd cycle exists. */
  private static int[] bipartite(int n, int[] rowStart, int[] columns) {
    int[] colour = new int[n];
    Arrays.fill(colour, -1);
    int[] queue = new int[Math.max(1, n)];
    for (int s = 0; s < n; s++) {
      if (colour[s] >= 0) {
        continue;
      }
      colour[s] = 0;
      int head = 0;
      int tail = 0;
      queue[tail++] = s;
      while (head < tail) {
        int v = queue[head++];
        for (int k = rowStart[v]; k < rowStart[v + 1]; k++) {
          int w = columns[k];
          if (colour[w] < 0) {
            colour[w] = 1 - colour[v];
            queue[tail++] = w;
          } else if (colour[w] == colour[v]) {
            return null;
          }
        }
      }
    }
    return colour;
  }

  /** Welsh–Powell: units by decreasing degree (ties by index), each the smallest colour free among its neighbours. */
  private static GraphColouring greedy(int n, int[] rowStart, int[] columns) {
    int maxDegree = 0;
    for (int i = 0; i < n; i++) {
      maxDegree = Math.max(maxDegree, rowStart[i + 1] - rowStart[i]);
    }
    // counting sort by degree, descending; stable in the index
    int[] count = new int[maxDegree + 2];
    for (int i = 0; i < n; i++) {
      count[maxDegree - (rowStart[i + 1] - rowStart[i]) + 1]++;
    }
    for (int d = 0; d <= maxDegree; d++) {
      count[d + 1] += count[d];
    }
    int[] byDegree = new int[n];
    for (int i = 0; i < n; i++) {
      byDegree[count[maxDegree - (rowStart[i + 1] - rowStart[i])]++] = i;
    }
    int[] colour = new int[n];
    Arrays.fill(colour, -1);
    int[] usedBy = new int[maxDegree + 2]; // usedBy[c] == v+1: colour c is taken by a neighbour of v
    int colours = 1;
    for (int v : byDegree) {
      for (int k = rowStart[v]; k < rowStart[v + 1]; k++) {
        int c = colour[columns[k]];
        if (c >= 0) {
          usedBy[c] = v + 1;
        }
      }
      int c = 0;
      while (usedBy[c] == v + 1) {
        c++;
      }
      colour[v] = c;
      colours = Math.max(colours, c + 1);
    }
    return new GraphColouring(colour, colours);
  }

  /** Colour of each unit. */
  public int[] colourOf() {
    return colourOf;
  }

  /** Units class by class (read only). */
  public int[] order() {
    return order;
  }

  /** Class c is {@code order[classStart[c] .. classStart[c+1])} (read only). */
  public int[] classStart() {
    return classStart;
  }

  public int colours() {
    return classStart.length - 1;
  }

  /** True if no edge joins two units of one class (a check for tests and validation). */
  public boolean isProper(int[] rowStart, int[] columns) {
    for (int i = 0; i < colourOf.length; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        if (colourOf[columns[k]] == colourOf[i]) {
          return false;
        }
      }
    }
    return true;
  }

  public long heapBytes() {
    return 8L * colourOf.length + 4L * classStart.length + 32;
  }
}
