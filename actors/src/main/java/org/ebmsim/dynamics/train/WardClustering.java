package org.ebmsim.dynamics.train;

import java.util.Arrays;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * Agglomerative clustering with Ward linkage (Euclidean): repeatedly merge the two clusters whose
 * union least increases the within-cluster sum of squares, until k clusters remain.
 *
 * <p>Algorithm: the nearest-neighbour chain on the condensed matrix of squared distances, updated
 * by the Lance–Williams formula for Ward,
 * {@code d(i∪j, m) = ((n_i+n_m) d(i,m) + (n_j+n_m) d(j,m) − n_m d(i,j)) / (n_i+n_j+n_m)}
 * (with squared Euclidean starting distances, {@code d(i,j) = 2 n_i n_j/(n_i+n_j)·‖μ_i − μ_j‖²},
 * twice the increase in the sum of squares). Ward's linkage is reducible, so the chain finds the
 * same merges as the greedy algorithm, in another order; sorting them by height and applying the
 * {@code rows − k} lowest gives the k-cluster cut. O(rows²) time and memory (a float64 per pair),
 * (plus a rows² Gram matrix while the distances are formed), hence {@link #MAX_ROWS}. Stateless.
 */
public final class WardClustering {
  /** Most rows clustered at once (the pair matrix is then 16 MB). */
  public static final int MAX_ROWS = 2000;

  private WardClustering() {}

  /**
   * Cluster labels 0..k−1 of the rows of {@code x} (row-major rows × cols), numbered in order of
   * each cluster's first row. Deterministic: ties go to the lower index.
   *
   * @throws IllegalArgumentException if k is not in [1, rows] or rows exceeds {@link #MAX_ROWS}
   */
  public static int[] cluster(double[] x, int rows, int cols, int k, Gemm gemm) {
    if (rows < 1 || x.length != (long) rows * cols) {
      throw new IllegalArgumentException("need rows × cols values, at least one row (got " + x.length + " for "
          + rows + " × " + cols + ")");
    }
    if (k < 1 || k > rows) {
      throw new IllegalArgumentException("cannot cut " + rows + " rows into " + k + " clusters");
    }
    if (rows > MAX_ROWS) {
      throw new IllegalArgumentException("Ward clustering of " + rows + " rows exceeds the limit of " + MAX_ROWS
          + " (O(rows²) memory); subsample first");
    }
    double[] d = squaredDistances(x, rows, cols, gemm);
    int merges = rows - 1;
    int[] left = new int[merges];
    int[] right = new int[merges];
    double[] height = new double[merges];
    nearestNeighbourChain(d, rows, left, right, height);
    Integer[] order = new Integer[merges];
    for (int m = 0; m < merges; m++) {
      order[m] = m;
    }
    Arrays.sort(order, (a, b) -> Double.compare(height[a], height[b])); // stable: ties keep chain order
    int[] parent = new int[rows];
    for (int i = 0; i < rows; i++) {
      parent[i] = i;
    }
    for (int m = 0; m < rows - k; m++) {
      int a = find(parent, left[order[m]]);
      int b = find(parent, right[order[m]]);
      parent[Math.max(a, b)] = Math.min(a, b);
    }
    int[] labels = new int[rows];
    int[] labelOfRoot = new int[rows];
    Arrays.fill(labelOfRoot, -1);
    int next = 0;
    for (int i = 0; i < rows; i++) {
      int r = find(parent, i);
      if (labelOfRoot[r] < 0) {
        labelOfRoot[r] = next++;
      }
      labels[i] = labelOfRoot[r];
    }
    return labels;
  }

  /**
   * Condensed {@code ‖x_i − x_j‖²} from the Gram matrix {@code XXᵀ} (one dgemm: 2000 rows of 784
   * columns take 1.6·10⁹ multiply-adds, seconds in plain loops), clamped at 0 against the
   * cancellation of {@code ‖x_i‖² + ‖x_j‖² − 2x_i·x_j}.
   */
  private static double[] squaredDistances(double[] x, int rows, int cols, Gemm gemm) {
    double[] gram = new double[rows * rows];
    gemm.dgemm(false, true, rows, rows, cols, 1.0, x, cols, x, cols, 0.0, gram, rows);
    double[] d = new double[rows * (rows - 1) / 2];
    for (int i = 0; i < rows; i++) {
      for (int j = i + 1; j < rows; j++) {
        d[index(i, j, rows)] = Math.max(0, gram[i * rows + i] + gram[j * rows + j] - 2 * gram[i * rows + j]);
      }
    }
    return d;
  }

  /**
   * All rows − 1 merges; a merge of slots a and b keeps the union in slot min(a, b). Slot s's
   * cluster always contains row s, so a merge is also the union of the clusters of rows a and b.
   */
  private static void nearestNeighbourChain(double[] d, int rows, int[] left, int[] right, double[] height) {
    boolean[] active = new boolean[rows];
    Arrays.fill(active, true);
    int[] size = new int[rows];
    Arrays.fill(size, 1);
    int[] chain = new int[rows];
    int top = 0;
    int firstActive = 0;
    for (int m = 0; m < rows - 1; m++) {
      while (true) {
        if (top == 0) {
          while (!active[firstActive]) {
            firstActive++;
          }
          chain[top++] = firstActive;
        }
        int a = chain[top - 1];
        int previous = top >= 2 ? chain[top - 2] : -1;
        int b = previous;
        double best = previous >= 0 ? d[index(a, previous, rows)] : Double.POSITIVE_INFINITY;
        for (int j = 0; j < rows; j++) {
          if (j == a || !active[j]) {
            continue;
          }
          double dj = d[index(a, j, rows)];
          if (dj < best) {
            best = dj;
            b = j;
          }
        }
        if (b == previous) {
          top -= 2;
          int keep = Math.min(a, b);
          int gone = Math.max(a, b);
          left[m] = keep;
          right[m] = gone;
          height[m] = best;
          int na = size[a];
          int nb = size[b];
          for (int j = 0; j < rows; j++) {
            if (j == a || j == b || !active[j]) {
              continue;
            }
            int nj = size[j];
            double updated = ((na + nj) * d[index(a, j, rows)] + (nb + nj) * d[index(b, j, rows)] - nj * best)
                / (na + nb + nj);
            d[index(keep, j, rows)] = updated;
          }
          active[gone] = false;
          size[keep] = na + nb;
          break;
        }
        chain[top++] = b;
      }
    }
  }

  private static int index(int i, int j, int n) {
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return a * n - a * (a + 1) / 2 + (b - a - 1);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
