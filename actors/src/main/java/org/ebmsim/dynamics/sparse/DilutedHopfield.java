package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;

/**
 * A diluted Hopfield network: p random ±1 patterns stored by the Hebbian rule restricted to a
 * random sparse graph, {@code J_ij = (1/degree) Σ_μ ξ_μi ξ_μj} on its edges.
 *
 * @param couplings J on the graph's edges (some may be 0)
 * @param patterns p × N row-major ±1
 */
public record DilutedHopfield(SparseCouplings couplings, int count, byte[] patterns) {
  /** Patterns from {@code seed}, the graph from a stream split off it. */
  public static DilutedHopfield of(int units, int degree, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("patterns must be >= 1 (got " + count + ")");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    SparseCouplings graph = SparseGraphs.random(units, degree, rng.nextLong());
    byte[] xi = new byte[Math.multiplyExact(count, units)];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    int[] start = graph.rowStart();
    int[] cols = graph.columns();
    double[] values = new double[cols.length];
    for (int i = 0; i < units; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        int j = cols[k];
        int sum = 0;
        for (int mu = 0; mu < count; mu++) {
          sum += xi[mu * units + i] * xi[mu * units + j];
        }
        values[k] = (double) sum / degree;
      }
    }
    return new DilutedHopfield(SparseCouplings.of(units, start, cols, values, "diluted_hopfield"), count, xi);
  }
}
