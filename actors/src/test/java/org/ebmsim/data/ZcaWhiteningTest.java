package org.ebmsim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.errors.InvalidRequestException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class ZcaWhiteningTest {
  private static final Gemm GEMM = Gemm.nativeOrFallback(1);
  private static final int ROWS = 4000;
  private static final int COLS = 6;

  /** Gaussian rows mixed by a fixed matrix, shifted: strongly correlated, unequal variances, non-zero means. */
  private static Dataset correlated(long seed) {
    Random random = new Random(seed);
    double[][] mix = new double[COLS][COLS];
    for (int i = 0; i < COLS; i++) {
      for (int j = 0; j < COLS; j++) {
        mix[i][j] = random.nextGaussian() * (j + 1);
      }
    }
    float[] v = new float[ROWS * COLS];
    double[] z = new double[COLS];
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < COLS; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < COLS; i++) {
        double s = 3 * i;
        for (int j = 0; j < COLS; j++) {
          s += mix[i][j] * z[j];
        }
        v[r * COLS + i] = (float) s;
      }
    }
    return new Dataset(ROWS, COLS, v, null, 0, 0, new int[0]);
  }

  /** Column means and covariance (divided by n), in double, straight from the definition. */
  private static DMatrixRMaj covariance(Dataset d, double[] meanOut) {
    int n = d.rows();
    int c = d.cols();
    for (int j = 0; j < c; j++) {
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += d.value(r, j);
      }
      meanOut[j] = s / n;
    }
    DMatrixRMaj cov = new DMatrixRMaj(c, c);
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        double s = 0;
        for (int r = 0; r < n; r++) {
          s += (d.value(r, i) - meanOut[i]) * (d.value(r, j) - meanOut[j]);
        }
        cov.set(i, j, s / n);
      }
    }
    return cov;
  }

  @Test
  void whitenedCovariance_isTheIdentity_andMeansAreZero_forASmallEpsilon() {
    Dataset white = ZcaWhitening.whiten(correlated(3), 1e-6, GEMM);
    double[] mean = new double[COLS];
    DMatrixRMaj cov = covariance(white, mean);
    for (int i = 0; i < COLS; i++) {
      assertEquals(0, mean[i], 1e-4, "mean of column " + i);
      for (int j = 0; j < COLS; j++) {
        // float32 arithmetic on values of size ~10: entries within 1e-3 of the identity
        assertEquals(i == j ? 1 : 0, cov.get(i, j), 1e-3, "covariance (" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void withALargeEpsilon_theWhitenedCovariance_isUDiagLambdaOverLambdaPlusEpsilonUt() {
    Dataset d = correlated(5);
    double[] mean = new double[COLS];
    DMatrixRMaj c = covariance(d, mean);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(COLS, true, true);
    eig.decompose(c.copy());
    double epsilon = 0;
    for (int k = 0; k < COLS; k++) {
      epsilon += eig.getEigenvalue(k).getReal() / COLS; // ε of the size of a typical eigenvalue
    }
    DMatrixRMaj expected = new DMatrixRMaj(COLS, COLS);
    for (int k = 0; k < COLS; k++) {
      double lambda = eig.getEigenvalue(k).getReal();
      DMatrixRMaj u = eig.getEigenVector(k);
      DMatrixRMaj outer = new DMatrixRMaj(COLS, COLS);
      CommonOps_DDRM.multTransB(lambda / (lambda + epsilon), u, u, outer);
      CommonOps_DDRM.addEquals(expected, outer);
    }
    DMatrixRMaj got = covariance(ZcaWhitening.whiten(d, epsilon, GEMM), mean);
    for (int i = 0; i < COLS; i++) {
      for (int j = 0; j < COLS; j++) {
        assertEquals(expected.get(i, j), got.get(i, j), 1e-3, "(" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void whitening_isBitIdenticalForTheSameInput_andRefusesABadEpsilon() {
    Dataset d = correlated(9);
    assertArrayEquals(ZcaWhitening.whiten(d, 0.01, GEMM).values(), ZcaWhitening.whiten(d, 0.01, GEMM).values());
    assertThrows(InvalidRequestException.class, () -> ZcaWhitening.whiten(d, 0, GEMM));
    assertThrows(InvalidRequestException.class, () -> ZcaWhitening.whiten(d, Double.NaN, GEMM));
  }
}
