package org.ebmsim.dynamics.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The FFT autocovariances, single and paired, against the direct O(n²) sum. */
class AutocovarianceTest {

  private static double[] direct(double[] x, int from, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[from + i];
    }
    mean /= n;
    double[] g = new double[n];
    for (int t = 0; t < n; t++) {
      double s = 0;
      for (int i = 0; i + t < n; i++) {
        s += (x[from + i] - mean) * (x[from + i + t] - mean);
      }
      g[t] = s / n;
    }
    return g;
  }

  @Test
  void singleAndPaired_equalTheDirectSum() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int n : new int[] {1, 2, 3, 7, 8, 64, 100, 513}) {
      double[] x = new double[2 * n + 1];
      double v = 0;
      for (int i = 0; i < x.length; i++) {
        v = 0.7 * v + rng.nextGaussian();
        x[i] = v + 5; // an offset the centring must remove
      }
      double[] a = direct(x, 0, n);
      double[] b = direct(x, n + 1, n);
      double[] single = Autocovariance.of(x, 0, n);
      double[][] pair = Autocovariance.ofPair(x, 0, n + 1, n);
      for (int t = 0; t < n; t++) {
        double tol = 1e-10 * (1 + Math.abs(a[0]) + Math.abs(b[0]));
        assertEquals(a[t], single[t], tol, "n " + n + " lag " + t);
        assertEquals(a[t], pair[0][t], tol, "n " + n + " lag " + t + " (first of the pair)");
        assertEquals(b[t], pair[1][t], tol, "n " + n + " lag " + t + " (second of the pair)");
      }
    }
  }
}
