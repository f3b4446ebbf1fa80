package org.ebmsim.dynamics.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.junit.jupiter.api.Test;

/** Ward clustering against known clusters and against the greedy definition on small inputs. */
class WardClusteringTest {
  final Gemm gemm = Gemm.nativeOrFallback(1);

  /** Three blobs 10 apart with unit spread, rows interleaved: recovered exactly. */
  @Test
  void wellSeparatedClusters_areRecovered() {
    SplittableRandom rng = new SplittableRandom(1);
    int rows = 90;
    int cols = 5;
    double[] x = new double[rows * cols];
    int[] truth = new int[rows];
    for (int r = 0; r < rows; r++) {
      truth[r] = r % 3;
      for (int c = 0; c < cols; c++) {
        x[r * cols + c] = (c == truth[r] ? 10 : 0) + rng.nextGaussian();
      }
    }
    assertArrayEquals(truth, WardClustering.cluster(x, rows, cols, 3, gemm));
  }

  /**
   * Greedy Ward by its definition (merge the pair whose union least increases the total
   * within-cluster sum of squares, recomputed from the rows) gives the same partition at every k,
   * on 5 random sets of 25 rows.
   */
  @Test
  void matchesGreedyDefinition_onRandomData() {
    for (long seed = 0; seed < 5; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      int rows = 25;
      int cols = 3;
      double[] x = new double[rows * cols];
      for (int k = 0; k < x.length; k++) {
        x[k] = rng.nextGaussian();
      }
      List<List<Integer>> clusters = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        clusters.add(new ArrayList<>(List.of(r)));
      }
      while (clusters.size() > 1) {
        int k = clusters.size();
        assertEquals(canonical(clusters, rows), canonical(WardClustering.cluster(x, rows, cols, k, gemm)),
            "seed " + seed + ", k " + k);
        int bi = -1;
        int bj = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
          for (int j = i + 1; j < k; j++) {
            List<Integer> u = new ArrayList<>(clusters.get(i));
            u.addAll(clusters.get(j));
            double cost = sse(x, cols, u) - sse(x, cols, clusters.get(i)) - sse(x, cols, clusters.get(j));
            if (cost < best) {
              best = cost;
              bi = i;
              bj = j;
            }
          }
        }
        clusters.get(bi).addAll(clusters.remove(bj));
      }
    }
  }

  private static double sse(double[] x, int cols, List<Integer> rows) {
    double s = 0;
    for (int c = 0; c < cols; c++) {
      double mean = 0;
      for (int r : rows) {
        mean += x[r * cols + c];
      }
      mean /= rows.size();
      for (int r : rows) {
        double d = x[r * cols + c] - mean;
        s += d * d;
      }
    }
    return s;
  }

  private static String canonical(List<List<Integer>> clusters, int rows) {
    int[] labels = new int[rows];
    for (int k = 0; k < clusters.size(); k++) {
      for (int r : clusters.get(k)) {
        labels[r] = k;
      }
    }
    return canonical(labels);
  }

  /** Labels renumbered by first appearance. */
  private static String canonical(int[] labels) {
    int[] map = new int[labels.length + 1];
    java.util.Arrays.fill(map, -1);
    int next = 0;
    StringBuilder s = new StringBuilder();
    for (int l : labels) {
      if (map[l] < 0) {
        map[l] = next++;
      }
      s.append(map[l]).append(' ');
    }
    return s.toString();
  }

  @Test
  void invalidArguments_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> WardClustering.cluster(new double[6], 3, 2, 4, gemm));
    assertThrows(IllegalArgumentException.class, () -> WardClustering.cluster(new double[6], 3, 2, 0, gemm));
    int big = WardClustering.MAX_ROWS + 1;
    assertThrows(IllegalArgumentException.class, () -> WardClustering.cluster(new double[big], big, 1, 2, gemm));
  }
}
