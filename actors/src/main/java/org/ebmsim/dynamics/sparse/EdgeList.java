package org.ebmsim.dynamics.sparse;

import java.util.Arrays;

/**
 * Edges {i, j} with values, collected by generators and turned into a {@link SparseCouplings}:
 * values on a repeated edge add up (planted loops overlap), and edges whose sum is exactly 0 are
 * dropped. Primitive arrays grown by doubling; no object per edge.
 */
public final class EdgeList {
  private final int units;
  private long[] keys = new long[16]; // (min << 32) | max
  private double[] values = new double[16];
  private int size;

  public EdgeList(int units) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1 (got " + units + ")");
    }
    this.units = units;
  }

  public int units() {
    return units;
  }

  /** Adds {@code value} to J_ij = J_ji (i ≠ j). */
  public void add(int i, int j, double value) {
    if (i == j || i < 0 || j < 0 || i >= units || j >= units) {
      throw new IllegalArgumentException("edge (" + i + ", " + j + ") is not between two distinct units of " + units);
    }
    if (size == keys.length) {
      int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * size);
      if (grown <= size) {
        throw new IllegalStateException("too many edges");
      }
      keys = Arrays.copyOf(keys, grown);
      values = Arrays.copyOf(values, grown);
    }
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    keys[size] = ((long) a << 32) | b;
    values[size++] = value;
  }

  /** Edges added so far (repeats counted). */
  public int size() {
    return size;
  }

  /** Bytes a list of {@code edges} edges and its CSR take at most while building. */
  public static long buildBytes(long units, long edges) {
    return 16L * edges * 2 + SparseCouplings.bytesFor(units, 2 * edges) + 8L * units;
  }

  /** The symmetric CSR of the summed edges (sorting them; the list is left sorted and merged). */
  public SparseCouplings toCouplings() {
    // sort keys with values by a primitive index sort on the packed key
    long[] k = Arrays.copyOf(keys, size);
    double[] v = Arrays.copyOf(values, size);
    sortByKey(k, v);
    int m = 0;
    for (int e = 0; e < size; e++) {
      if (m > 0 && k[m - 1] == k[e]) {
        v[m - 1] += v[e];
      } else {
        k[m] = k[e];
        v[m++] = v[e];
      }
    }
    int[] degree = new int[units + 1];
    int kept = 0;
    for (int e = 0; e < m; e++) {
      if (v[e] != 0) {
        degree[(int) (k[e] >>> 32)]++;
        degree[(int) k[e]]++;
        kept++;
      }
    }
    int[] start = new int[units + 1];
    for (int i = 0; i < units; i++) {
      start[i + 1] = start[i] + degree[i];
    }
    int[] fill = Arrays.copyOf(start, units);
    int[] cols = new int[2 * kept];
    double[] vals = new double[2 * kept];
    // keys ascend by (a, b): row a receives b in ascending order; row b receives a in ascending a
    for (int e = 0; e < m; e++) {
      if (v[e] == 0) {
        continue;
      }
      int a = (int) (k[e] >>> 32);
      int b = (int) k[e];
      cols[fill[a]] = b;
      vals[fill[a]++] = v[e];
      cols[fill[b]] = a;
      vals[fill[b]++] = v[e];
    }
    // row b got its entries with a < b in ascending order, but interleaved with its own (b, c>b)
    // entries only after all a < b rows: keys sorted by a first, so every (a, b) with a < b comes
    // before (b, c) — each row is ascending already
    return SparseCouplings.of(units, start, cols, vals, "edges");
  }

  /** Sorts {@code k} ascending, permuting {@code v} alike (LSD radix sort on the 64-bit keys). */
  private static void sortByKey(long[] k, double[] v) {
    int n = k.length;
    long[] k2 = new long[n];
    double[] v2 = new double[n];
    int[] count = new int[1 << 16];
    for (int shift = 0; shift < 64; shift += 16) {
      Arrays.fill(count, 0);
      for (int e = 0; e < n; e++) {
        count[(int) (k[e] >>> shift) & 0xFFFF]++;
      }
      int sum = 0;
      for (int b = 0; b < count.length; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int e = 0; e < n; e++) {
        int b = (int) (k[e] >>> shift) & 0xFFFF;
        int at = count[b]++;
        k2[at] = k[e];
        v2[at] = v[e];
      }
      System.arraycopy(k2, 0, k, 0, n);
      System.arraycopy(v2, 0, v, 0, n);
    }
  }
}
