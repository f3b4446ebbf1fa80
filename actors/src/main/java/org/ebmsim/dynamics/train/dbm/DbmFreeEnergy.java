package org.ebmsim.dynamics.train.dbm;

import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * {@code log p*(v) = log Σ_h e^{−E(v,h)}} of a deep Boltzmann machine at T = 1, exact. Given v the
 * hidden layers form a chain whose odd and even members are conditionally independent given each
 * other, so one parity class (the one with fewer units) is enumerated and the other summed
 * analytically: {@code log φ(z) = log(1 + eᶻ)} for bits, {@code log 2cosh z} for spins. A DBM with
 * one hidden layer (an RBM) enumerates nothing.
 */
final class DbmFreeEnergy {
  /** Largest parity class enumerated per visible state. */
  static final int MAX_ENUMERATED_UNITS = 12;
  /** Most multiply-adds a pseudo-likelihood may cost before it reports NaN instead. */
  static final double MAX_WORK = 2e9;

  private final Dbm dbm;
  private final int layers;
  private final int[] sizes;
  private final boolean spins;
  private final double low;
  private final int firstEnumerated; // 1 (odd hidden layers) or 2 (even hidden layers)
  private final int enumerated;
  private final double[][] w;
  private final double[][] b;

  DbmFreeEnergy(Dbm dbm) {
    this.dbm = dbm;
    this.layers = dbm.layers();
    this.sizes = dbm.sizes();
    this.spins = dbm.low() < 0;
    this.low = dbm.low();
    int odd = 0;
    int even = 0;
    for (int l = 1; l < layers; l++) {
      if (l % 2 == 1) {
        odd += sizes[l];
      } else {
        even += sizes[l];
      }
    }
    this.firstEnumerated = even <= odd ? 2 : 1;
    this.enumerated = Math.min(odd, even);
    this.w = new double[layers - 1][];
    for (int l = 0; l + 1 < layers; l++) {
      w[l] = dbm.weights(l);
    }
    this.b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      b[l] = dbm.bias(l);
    }
  }

  boolean tractable() {
    return enumerated <= MAX_ENUMERATED_UNITS;
  }

  /** log p*(v) for one visible state (length n_0). */
  double logUnnormalized(double[] v) {
    double linear = 0;
    for (int i = 0; i < sizes[0]; i++) {
      linear += b[0][i] * v[i];
    }
    double[] c1 = b[1].clone(); // b_1 + v W_0
    int n1 = sizes[1];
    for (int i = 0; i < sizes[0]; i++) {
      if (v[i] != 0) {
        for (int j = 0; j < n1; j++) {
          c1[j] += v[i] * w[0][i * n1 + j];
        }
      }
    }
    double[][] h = new double[layers][];
    for (int l = 1; l < layers; l++) {
      h[l] = new double[sizes[l]];
    }
    int states = 1 << enumerated;
    double[] terms = new double[states];
    for (int code = 0; code < states; code++) {
      int bit = 0;
      double t = 0;
      for (int l = firstEnumerated; l < layers; l += 2) {
        double[] bias = l == 1 ? c1 : b[l];
        for (int i = 0; i < sizes[l]; i++, bit++) {
          h[l][i] = ((code >>> bit) & 1) == 1 ? 1 : low;
          t += bias[i] * h[l][i];
        }
      }
      for (int m = 3 - firstEnumerated; m < layers; m += 2) {
        int n = sizes[m];
        for (int i = 0; i < n; i++) {
          double z = m == 1 ? c1[i] : b[m][i];
          if (m - 1 >= 1) { // from below: h_{m−1} W_{m−1}
            double[] below = h[m - 1];
            for (int k = 0; k < below.length; k++) {
              z += below[k] * w[m - 1][k * n + i];
            }
          }
          if (m + 1 < layers) { // from above: W_m h_{m+1}
            double[] above = h[m + 1];
            int na = above.length;
            for (int k = 0; k < na; k++) {
              z += w[m][i * na + k] * above[k];
            }
          }
          t += spins ? LogSpace.logTwoCosh(z) : LogSpace.softplus(z);
        }
      }
      terms[code] = t;
    }
    return linear + LogSpace.logSumExp(terms);
  }

  /**
   * Mean over rows of {@code Σ_i log p(v_i | v_−i)}; NaN when the enumeration would be too large
   * (more than {@link #MAX_ENUMERATED_UNITS} units in the smaller parity class of hidden layers, or
   * more than {@link #MAX_WORK} operations for these rows) — no cheaper exact form exists then.
   */
  double pseudoLogLikelihood(float[] rows, int count) {
    if (!tractable()) {
      return Double.NaN;
    }
    long params = 0;
    for (double[] x : w) {
      params += x.length;
    }
    double work = (double) count * (sizes[0] + 1) * Math.pow(2, enumerated) * (params + dbm.totalUnits());
    if (work > MAX_WORK || count == 0) {
      return Double.NaN;
    }
    int n0 = sizes[0];
    double[] v = new double[n0];
    double total = 0;
    for (int r = 0; r < count; r++) {
      for (int i = 0; i < n0; i++) {
        v[i] = rows[r * n0 + i];
      }
      double here = logUnnormalized(v);
      for (int i = 0; i < n0; i++) {
        double keep = v[i];
        v[i] = spins ? -keep : 1 - keep;
        double flipped = logUnnormalized(v);
        v[i] = keep;
        // log p(v_i | v_−i) = here − log(e^here + e^flipped) = −softplus(flipped − here)
        total -= LogSpace.softplus(flipped - here);
      }
    }
    return total / count;
  }
}
