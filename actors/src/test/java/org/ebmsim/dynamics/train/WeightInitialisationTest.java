package org.ebmsim.dynamics.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.mapping.ProjectionHopfield;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The data initialisations against their closed forms. */
class WeightInitialisationTest {
  final Gemm gemm = Gemm.nativeOrFallback(1);

  /** {0,1} rows of 3 classes: noisy copies of 3 prototypes; labels = the prototype. */
  static float[] binaryData(int rows, int cols, int[] labels, int[][] protos, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % protos.length;
      for (int c = 0; c < cols; c++) {
        x[r * cols + c] = protos[labels[r]][c] ^ (rng.nextDouble() < 0.2 ? 1 : 0);
      }
    }
    return x;
  }

  static int[][] prototypes(int k, int cols, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] p = new int[k][cols];
    for (int a = 0; a < k; a++) {
      for (int c = 0; c < cols; c++) {
        p[a][c] = rng.nextInt(2);
      }
    }
    return p;
  }

  /** Class means of {0,1} data with 20% noise recover the prototypes as ±1 patterns (column per class). */
  @Test
  void classPatterns_areSignsOfCentredClassMeans() {
    int rows = 300;
    int cols = 20;
    int[] labels = new int[rows];
    int[][] protos = prototypes(3, cols, 1);
    float[] x = binaryData(rows, cols, labels, protos, 2);
    double[] xi = WeightInitialisation.classPatterns(x, rows, cols, labels, 3, 1, 0, gemm);
    for (int k = 0; k < 3; k++) {
      for (int c = 0; c < cols; c++) {
        assertEquals(2 * protos[k][c] - 1, xi[c * 3 + k], "class " + k + " unit " + c);
      }
    }
  }

  /** Two sub-prototypes per class, Ward with k = 2 finds both (in either order). */
  @Test
  void subPatterns_byWard_recoverSubPrototypes() {
    int cols = 30;
    int[][] protos = prototypes(4, cols, 3); // classes 0: protos 0,1; class 1: protos 2,3
    int rows = 200;
    SplittableRandom rng = new SplittableRandom(4);
    float[] x = new float[rows * cols];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      int proto = r % 4;
      labels[r] = proto / 2;
      for (int c = 0; c < cols; c++) {
        x[r * cols + c] = protos[proto][c] ^ (rng.nextDouble() < 0.05 ? 1 : 0);
      }
    }
    double[] xi = WeightInitialisation.classPatterns(x, rows, cols, labels, 2, 2, 5, gemm);
    for (int k = 0; k < 2; k++) {
      java.util.Set<String> want = new java.util.HashSet<>();
      java.util.Set<String> got = new java.util.HashSet<>();
      for (int g = 0; g < 2; g++) {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cols; c++) {
          a.append(2 * protos[2 * k + g][c] - 1).append(',');
          b.append((int) xi[c * 4 + 2 * k + g]).append(',');
        }
        want.add(a.toString());
        got.add(b.toString());
      }
      assertEquals(want, got, "class " + k);
    }
  }

  /** Projection: W has orthonormal columns and WWᵀ = ξ(ξᵀξ)⁻¹ξᵀ; Hebbian: WWᵀ = ξξᵀ/N. */
  @Test
  void projectionAndHebbian_reproduceTheirCouplings() {
    int n = 24;
    int p = 5;
    SplittableRandom rng = new SplittableRandom(6);
    double[] xi = new double[n * p];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? 1 : -1;
    }
    double[] q = WeightInitialisation.projection(xi, n, p);
    double[] j = ProjectionHopfield.couplings(xi, n, p);
    double[] h = WeightInitialisation.hebbian(xi, n, p);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double qq = 0;
        double hh = 0;
        double xx = 0;
        for (int m = 0; m < p; m++) {
          qq += q[a * p + m] * q[b * p + m];
          hh += h[a * p + m] * h[b * p + m];
          xx += xi[a * p + m] * xi[b * p + m];
        }
        assertEquals(j[a * n + b], qq, 1e-12);
        assertEquals(xx / n, hh, 1e-12);
      }
    }
    for (int m = 0; m < p; m++) {
      for (int m2 = 0; m2 < p; m2++) {
        double s = 0;
        for (int a = 0; a < n; a++) {
          s += q[a * p + m] * q[a * p + m2];
        }
        assertEquals(m == m2 ? 1 : 0, s, 1e-12);
      }
    }
    double[] dependent = xi.clone();
    for (int a = 0; a < n; a++) {
      dependent[a * p + 1] = dependent[a * p];
    }
    assertThrows(IllegalArgumentException.class, () -> WeightInitialisation.projection(dependent, n, p));
  }

  /**
   * PCA: orthonormal columns equal (up to sign) to the leading right singular vectors of the
   * centred data from EJML's SVD, in order of decreasing singular value.
   */
  @Test
  void principalComponents_matchSvdOfCentredData() {
    int rows = 200;
    int cols = 12;
    int count = 4;
    SplittableRandom rng = new SplittableRandom(7);
    float[] x = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      double f1 = 3 * rng.nextGaussian();
      double f2 = 2 * rng.nextGaussian();
      for (int c = 0; c < cols; c++) {
        x[r * cols + c] = (float) (1 + f1 * Math.sin(c + 1) + f2 * Math.cos(2 * c) + 0.5 * rng.nextGaussian());
      }
    }
    double[] pcs = PrincipalComponents.top(x, rows, cols, count, gemm);
    double[] mean = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        mean[c] += x[r * cols + c] / (double) rows;
      }
    }
    DMatrixRMaj centred = new DMatrixRMaj(rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        centred.set(r, c, x[r * cols + c] - mean[c]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, false, true, true);
    svd.decompose(centred);
    DMatrixRMaj v = svd.getV(null, false);
    double[] sv = svd.getSingularValues();
    Integer[] order = new Integer[sv.length];
    for (int k = 0; k < sv.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sv[b], sv[a]));
    for (int m = 0; m < count; m++) {
      double dot = 0;
      for (int c = 0; c < cols; c++) {
        dot += pcs[c * count + m] * v.get(c, order[m]);
      }
      assertEquals(1, Math.abs(dot), 1e-9, "component " + m + " vs right singular vector");
      for (int m2 = 0; m2 < count; m2++) {
        double s = 0;
        for (int c = 0; c < cols; c++) {
          s += pcs[c * count + m] * pcs[c * count + m2];
        }
        assertEquals(m == m2 ? 1 : 0, s, 1e-12);
      }
    }
  }

  /** Random weights: the requested spread (sample sd within 3% over 40 000 draws) and the seed's stream. */
  @Test
  void random_hasItsSpreadAndIsSeeded() {
    double[] w = WeightInitialisation.random(200, 200, 0.1, 8);
    double s = 0;
    for (double x : w) {
      s += x * x;
    }
    assertEquals(0.1, Math.sqrt(s / w.length), 0.003);
    assertArrayEquals(w, WeightInitialisation.random(200, 200, 0.1, 8));
  }
}
