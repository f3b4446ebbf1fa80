package org.ebmsim.dynamics.train.boltzmann;

import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * {@code log p*(v) = log Σ_h e^{−E(v,h)}} of a Boltzmann machine with hidden units (±1 spins,
 * W symmetric with zero diagonal, first V units visible), exact by visiting the 2^H hidden states
 * in Gray-code order: flipping hidden unit k changes the exponent by {@code −2 h_k g_k}, g_k its
 * field from the bias, the visible units and the other hidden units. Hidden units may couple to
 * each other, so nothing cheaper sums them out in general; beyond {@link #MAX_HIDDEN} the
 * pseudo-likelihood is reported as NaN.
 */
final class BoltzmannFreeEnergy {
  static final int MAX_HIDDEN = 16;
  /** Most hidden states visited by one pseudo-likelihood before it reports NaN instead. */
  static final double MAX_WORK = 2e9;

  private final int n;
  private final int visible;
  private final int hidden;
  private final double[] w;
  private final double[] b;
  private final double[] c;
  private final double[] g;
  private final double[] h;
  private final double[] terms;

  BoltzmannFreeEnergy(int n, int visible, double[] w, double[] b) {
    this.n = n;
    this.visible = visible;
    this.hidden = n - visible;
    this.w = w;
    this.b = b;
    this.c = new double[hidden];
    this.g = new double[hidden];
    this.h = new double[hidden];
    this.terms = hidden <= MAX_HIDDEN ? new double[1 << hidden] : null;
  }

  /** log p*(v) for one visible state (length V, ±1). */
  double logUnnormalized(double[] v) {
    double t0 = 0;
    for (int i = 0; i < visible; i++) {
      t0 += b[i] * v[i];
      for (int j = i + 1; j < visible; j++) {
        t0 += w[i * n + j] * v[i] * v[j];
      }
    }
    for (int k = 0; k < hidden; k++) {
      double ck = b[visible + k];
      int row = (visible + k) * n;
      for (int i = 0; i < visible; i++) {
        ck += w[row + i] * v[i];
      }
      c[k] = ck;
      h[k] = -1;
    }
    // start at h = all −1
    double t = 0;
    for (int k = 0; k < hidden; k++) {
      t -= c[k];
      for (int l = k + 1; l < hidden; l++) {
        t += w[(visible + k) * n + visible + l];
      }
    }
    for (int k = 0; k < hidden; k++) {
      double gk = c[k];
      for (int l = 0; l < hidden; l++) {
        if (l != k) {
          gk -= w[(visible + k) * n + visible + l];
        }
      }
      g[k] = gk;
    }
    int states = 1 << hidden;
    terms[0] = t;
    for (int code = 1; code < states; code++) {
      int k = Integer.numberOfTrailingZeros(code);
      t -= 2 * h[k] * g[k];
      double delta = -2 * h[k];
      h[k] = -h[k];
      int row = (visible + k) * n + visible;
      for (int l = 0; l < hidden; l++) {
        if (l != k) {
          g[l] += delta * w[row + l];
        }
      }
      terms[code] = t;
    }
    return t0 + LogSpace.logSumExp(terms, 0, states);
  }

  /** Mean over rows of {@code Σ_i log p(v_i | v_−i)}, or NaN beyond the enumeration limits. */
  double pseudoLogLikelihood(float[] rows, int count) {
    if (terms == null || count == 0
        || (double) count * (visible + 1) * Math.pow(2, hidden) * hidden > MAX_WORK) {
      return Double.NaN;
    }
    double[] v = new double[visible];
    double total = 0;
    for (int r = 0; r < count; r++) {
      for (int i = 0; i < visible; i++) {
        v[i] = rows[r * visible + i];
      }
      double here = logUnnormalized(v);
      for (int i = 0; i < visible; i++) {
        v[i] = -v[i];
        double flipped = logUnnormalized(v);
        v[i] = -v[i];
        total -= LogSpace.softplus(flipped - here);
      }
    }
    return total / count;
  }
}
