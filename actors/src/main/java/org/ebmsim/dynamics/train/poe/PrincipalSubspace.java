package org.ebmsim.dynamics.train.poe;

/**
 * An expert's weights from its class's rows without sampling: the top-p principal directions of
 * the uncentered second moment {@code SᵀS / n} (orthonormal columns, N × p). The feature
 * {@code ‖sᵀW‖²} is then the squared length of s inside the class's principal subspace — the
 * projection Hopfield network whose patterns span that subspace, and what the mapping paper's
 * PCA-initialized experts start from. Found by orthogonal (subspace) iteration from a fixed start,
 * re-orthonormalized by modified Gram–Schmidt each step: deterministic.
 */
public final class PrincipalSubspace {
  private PrincipalSubspace() {}

  /** N × p (row-major) orthonormal top-p directions of the rows' second moment; 1 ≤ p ≤ N. */
  public static double[] topDirections(float[] rows, int count, int units, int p, int iterations) {
    if (p < 1 || p > units) {
      throw new IllegalArgumentException("p must be in [1, " + units + "] (got " + p + ")");
    }
    double[] c = new double[units * units];
    for (int r = 0; r < count; r++) {
      for (int i = 0; i < units; i++) {
        double si = rows[r * units + i];
        if (si == 0) {
          continue;
        }
        for (int j = 0; j < units; j++) {
          c[i * units + j] += si * rows[r * units + j];
        }
      }
    }
    double[] q = new double[units * p];
    for (int i = 0; i < units; i++) { // a fixed, full-rank start: columns of a shifted identity plus a ramp
      for (int j = 0; j < p; j++) {
        q[i * p + j] = (i == j ? 1 : 0) + 1e-3 * ((i * 31 + j * 17) % 13);
      }
    }
    orthonormalize(q, units, p);
    double[] next = new double[units * p];
    for (int it = 0; it < iterations; it++) {
      java.util.Arrays.fill(next, 0);
      for (int i = 0; i < units; i++) {
        for (int k = 0; k < units; k++) {
          double cik = c[i * units + k];
          if (cik == 0) {
            continue;
          }
          for (int j = 0; j < p; j++) {
            next[i * p + j] += cik * q[k * p + j];
          }
        }
      }
      orthonormalize(next, units, p);
      System.arraycopy(next, 0, q, 0, q.length);
    }
    return q;
  }

  /** Modified Gram–Schmidt on the p columns of row-major N × p {@code a}, twice for stability. */
  static void orthonormalize(double[] a, int n, int p) {
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < j; k++) {
          double dot = 0;
          for (int i = 0; i < n; i++) {
            dot += a[i * p + j] * a[i * p + k];
          }
          for (int i = 0; i < n; i++) {
            a[i * p + j] -= dot * a[i * p + k];
          }
        }
        double norm = 0;
        for (int i = 0; i < n; i++) {
          norm += a[i * p + j] * a[i * p + j];
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
          throw new IllegalArgumentException("rank-deficient subspace: column " + j + " vanished");
        }
        for (int i = 0; i < n; i++) {
          a[i * p + j] /= norm;
        }
      }
    }
  }
}
