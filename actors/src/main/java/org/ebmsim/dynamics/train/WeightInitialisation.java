package org.ebmsim.dynamics.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;

/**
 * Initial RBM weights (N × p, row-major) compared in the mapping paper (§3, MATH.md §3): random
 * N(0, σ²), Hebbian {@code W = N^{-1/2} ξ}, projection {@code W = Q} of the thin QR of ξ, and the
 * top-p principal components, where the patterns ξ come from labelled data ({@link #classPatterns}).
 * Stateless.
 */
public final class WeightInitialisation {
  private WeightInitialisation() {}

  /** {@code W_ij ~ N(0, sd²)} from {@code seed}. */
  public static double[] random(int n, int p, double sd, long seed) {
    if (!(sd > 0) || !Double.isFinite(sd)) {
      throw new IllegalArgumentException("random weights need a finite sd > 0 (got " + sd + ")");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[n * p];
    for (int k = 0; k < w.length; k++) {
      w[k] = sd * rng.nextGaussian();
    }
    return w;
  }

  /** {@code W = N^{-1/2} ξ} (the Hebbian Hopfield network {@code J = WWᵀ = ξξᵀ/N}). */
  public static double[] hebbian(double[] patterns, int n, int p) {
    double s = 1 / Math.sqrt(n);
    double[] w = new double[n * p];
    for (int k = 0; k < w.length; k++) {
      w[k] = s * patterns[k];
    }
    return w;
  }

  /**
   * {@code W = Q} of the thin QR {@code ξ = QR} with positive diag R ({@link HopfieldToRbm}), so
   * that {@code WWᵀ = ξ(ξᵀξ)⁻¹ξᵀ}, the projection Hopfield network.
   *
   * @throws IllegalArgumentException if p ≥ N or the patterns are linearly dependent
   */
  public static double[] projection(double[] patterns, int n, int p) {
    return HopfieldToRbm.map(patterns, n, p, HopfieldToRbm.Orthogonalization.QR, 1.0, null).rbm().weights();
  }

  /**
   * Patterns ξ (N × classes·perClass, row-major, one ±1 pattern per column: class 0's first, …):
   * the sign of each class's mean (perClass = 1) or of the means of the perClass Ward clusters of
   * each class ({@link WardClustering}; a class above {@link WardClustering#MAX_ROWS} rows is
   * clustered on that many rows drawn by {@code seed}). Means are centred at 0.5 for {0,1}-valued
   * data (so that a pixel on in most rows gives +1) and at 0 otherwise; a zero maps to +1.
   *
   * @param labels class of each row, in [0, classes)
   * @throws IllegalArgumentException if a class has fewer than perClass rows
   */
  public static double[] classPatterns(float[] values, int rows, int cols, int[] labels, int classes, int perClass,
      long seed, Gemm gemm) {
    if (perClass < 1) {
      throw new IllegalArgumentException("patterns per class must be >= 1 (got " + perClass + ")");
    }
    double centre = binary(values) ? 0.5 : 0;
    int p = classes * perClass;
    double[] xi = new double[cols * p];
    int[][] members = members(labels, rows, classes);
    for (int k = 0; k < classes; k++) {
      int[] rowsOfClass = members[k];
      if (rowsOfClass.length < perClass) {
        throw new IllegalArgumentException("class " + k + " has " + rowsOfClass.length + " rows, fewer than the "
            + perClass + " patterns asked of it");
      }
      int[] cluster = new int[rowsOfClass.length]; // all in cluster 0 for class means
      if (perClass > 1) {
        rowsOfClass = subsample(rowsOfClass, WardClustering.MAX_ROWS, seed + k);
        double[] x = new double[rowsOfClass.length * cols];
        for (int r = 0; r < rowsOfClass.length; r++) {
          for (int c = 0; c < cols; c++) {
            x[r * cols + c] = values[rowsOfClass[r] * cols + c];
          }
        }
        cluster = WardClustering.cluster(x, rowsOfClass.length, cols, perClass, gemm);
      }
      double[][] sums = new double[perClass][cols];
      int[] counts = new int[perClass];
      for (int r = 0; r < rowsOfClass.length; r++) {
        int g = cluster[r];
        counts[g]++;
        int o = rowsOfClass[r] * cols;
        for (int c = 0; c < cols; c++) {
          sums[g][c] += values[o + c];
        }
      }
      for (int g = 0; g < perClass; g++) {
        int column = k * perClass + g;
        for (int c = 0; c < cols; c++) {
          xi[c * p + column] = sums[g][c] / counts[g] - centre >= 0 ? 1 : -1;
        }
      }
    }
    return xi;
  }

  private static boolean binary(float[] values) {
    for (float v : values) {
      if (v != 0f && v != 1f) {
        return false;
      }
    }
    return true;
  }

  private static int[][] members(int[] labels, int rows, int classes) {
    int[] counts = new int[classes];
    for (int r = 0; r < rows; r++) {
      if (labels[r] < 0 || labels[r] >= classes) {
        throw new IllegalArgumentException("label " + labels[r] + " of row " + r + " is outside [0, " + classes + ")");
      }
      counts[labels[r]]++;
    }
    int[][] members = new int[classes][];
    for (int k = 0; k < classes; k++) {
      members[k] = new int[counts[k]];
    }
    int[] filled = new int[classes];
    for (int r = 0; r < rows; r++) {
      members[labels[r]][filled[labels[r]]++] = r;
    }
    return members;
  }

  /** At most {@code limit} of the rows, drawn without replacement by {@code seed}, in row order. */
  static int[] subsample(int[] rows, int limit, long seed) {
    if (rows.length <= limit) {
      return rows;
    }
    int[] copy = rows.clone();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int k = 0; k < limit; k++) {
      int j = k + rng.nextInt(copy.length - k);
      int t = copy[k];
      copy[k] = copy[j];
      copy[j] = t;
    }
    int[] chosen = Arrays.copyOf(copy, limit);
    Arrays.sort(chosen);
    return chosen;
  }
}
