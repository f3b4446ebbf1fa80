package org.ebmsim.dynamics.planted;

import java.util.SplittableRandom;

/**
 * Frustrated-loop planting (Hen et al. 2015) on a periodic hypercubic lattice of side L in d
 * dimensions, in the convention {@code E = −Σ_{i<j} W_ij s_i s_j}: random cycles are drawn as
 * non-backtracking random walks closed at their first self-intersection; on each cycle every edge
 * gets coupling +1 but one random edge, which gets −1; the loops' couplings add up. Each cycle then
 * has minimum energy −(len − 2), reached by the all-up state on every cycle at once, so all-up is a
 * ground state with energy {@code E₀ = −Σ (len − 2)}. A random gauge {@code s_i → g_i s_i},
 * {@code W_ij → g_i g_j W_ij} hides it: the planted ground state becomes g (and −g, the field being zero).
 * More loops per spin make harder instances.
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
    if (!(loopDensity > 0 && loopDensity <= 10)) {
      throw new IllegalArgumentException("loop density must be in (0, 10] cycles per spin (got " + loopDensity + ")");
    }
    long n64 = 1;
    for (int k = 0; k < dimensions; k++) {
      n64 *= side;
    }
    if (n64 > 46_340) { // N² couplings in one dense array
      throw new IllegalArgumentException("L^d = " + n64 + " units is too many for dense couplings");
    }
    int n = (int) n64;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] j = new double[n * n];
    int loops = (int) Math.max(1, Math.round(loopDensity * n));
    int[] position = new int[n];
    java.util.Arrays.fill(position, -1);
    int[] path = new int[n + 1];
    double energy = 0;
    long totalLength = 0;
    int[] neighbours = new int[2 * dimensions];
    for (int c = 0; c < loops; c++) {
      int length = 0;
      int v = rng.nextInt(n);
      int previous = -1;
      int start;
      while (true) {
        position[v] = length;
        path[length++] = v;
        int count = neighbours(v, dimensions, side, neighbours);
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
      int len = length - start; // the cycle path[start .. length-1], closed back to path[start]
      int negative = rng.nextInt(len);
      for (int e = 0; e < len; e++) {
        int a = path[start + e];
        int b = path[start + (e + 1) % len];
        double w = e == negative ? -1 : 1;
        j[a * n + b] += w;
        j[b * n + a] += w;
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
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        j[a * n + b] *= g[a] * g[b];
      }
    }
    return new Instance(n, j, g, energy, loops, (double) totalLength / loops);
  }

  /** The 2d neighbours of site {@code v} on the periodic lattice, into {@code out}; returns 2d. */
  static int neighbours(int v, int dimensions, int side, int[] out) {
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
}
