package org.ebmsim.dynamics.train.boltzmann;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * Rows of ±1 states of a fully connected Boltzmann machine advanced by sequential heat-bath Gibbs
 * sweeps at T = 1, {@code P(s_i = +1) = σ(2 h_i)}, {@code h_i = Σ_{j≠i} W_ij s_j + b_i} (MATH §1).
 * Hidden units may couple to each other, so units are updated one at a time; each chain keeps its
 * local fields and a flip adds {@code ±2 W_{·i}} to them (O(N) per flip instead of O(N) per unit
 * visited). Fields are recomputed from scratch by one GEMM at the start of every phase, which also
 * bounds round-off drift.
 */
final class HeatBathChains {
  private final int units;
  private final Gemm gemm;
  private float[] fieldScratch = new float[0];

  HeatBathChains(int units, Gemm gemm) {
    this.units = units;
    this.gemm = gemm;
  }

  /** {@code fields = S W + b} (W float32 mirror with zero diagonal) for {@code rows} chains. */
  void computeFields(float[] spins, int rows, float[] wf, double[] bias, double[] fields) {
    int n = units;
    if (fieldScratch.length < rows * n) {
      fieldScratch = new float[rows * n];
    }
    gemm.sgemm(false, false, rows, n, n, 1f, spins, n, wf, n, 0f, fieldScratch, n);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        fields[r * n + i] = fieldScratch[r * n + i] + bias[i];
      }
    }
  }

  /**
   * {@code sweeps} sweeps over units {@code first .. units-1} in index order (first = V clamps the
   * visible units) of {@code rows} chains; {@code w} is the float64 master (zero diagonal).
   */
  void sweep(float[] spins, double[] fields, int rows, int first, int sweeps, double[] w,
      SplittableRandom random) {
    int n = units;
    for (int s = 0; s < sweeps; s++) {
      for (int r = 0; r < rows; r++) {
        int base = r * n;
        for (int i = first; i < n; i++) {
          double up = 1 / (1 + Math.exp(-2 * fields[base + i]));
          float next = random.nextDouble() < up ? 1f : -1f;
          if (next != spins[base + i]) {
            spins[base + i] = next;
            double delta = 2 * next;
            int row = i * n; // W symmetric: column i = row i
            for (int j = 0; j < n; j++) {
              fields[base + j] += delta * w[row + j];
            }
          }
        }
      }
    }
  }

  long heapBytes() {
    return 4L * fieldScratch.length + 32;
  }
}
