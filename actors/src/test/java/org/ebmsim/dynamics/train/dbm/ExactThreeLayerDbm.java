package org.ebmsim.dynamics.train.dbm;

import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * Ground truth for a 3-layer DBM (v, h1, h2) small enough to enumerate h1: given h1 the layers v
 * and h2 are independent, so every expectation is a sum over the 2^{n1} states of h1 with v and h2
 * summed analytically. Written independently of the trainer (test code only).
 */
final class ExactThreeLayerDbm {
  private final int n0;
  private final int n1;
  private final int n2;
  private final boolean spins;
  private final double low;
  private final double[] w0;
  private final double[] w1;
  private final double[] b0;
  private final double[] b1;
  private final double[] b2;

  ExactThreeLayerDbm(Dbm dbm) {
    if (dbm.layers() != 3) {
      throw new IllegalArgumentException("3 layers expected");
    }
    n0 = dbm.size(0);
    n1 = dbm.size(1);
    n2 = dbm.size(2);
    spins = dbm.low() < 0;
    low = dbm.low();
    w0 = dbm.weights(0);
    w1 = dbm.weights(1);
    b0 = dbm.bias(0);
    b1 = dbm.bias(1);
    b2 = dbm.bias(2);
  }

  private double logPhi(double z) {
    return spins ? LogSpace.logTwoCosh(z) : LogSpace.softplus(z);
  }

  private double mean(double z) {
    return spins ? Math.tanh(z) : LogSpace.sigmoid(z);
  }

  private double[] h1(int code) {
    double[] h = new double[n1];
    for (int j = 0; j < n1; j++) {
      h[j] = ((code >>> j) & 1) == 1 ? 1 : low;
    }
    return h;
  }

  private double[] fieldV(double[] h) {
    double[] z = b0.clone();
    for (int i = 0; i < n0; i++) {
      for (int j = 0; j < n1; j++) {
        z[i] += w0[i * n1 + j] * h[j];
      }
    }
    return z;
  }

  private double[] fieldH2(double[] h) {
    double[] z = b2.clone();
    for (int k = 0; k < n2; k++) {
      for (int j = 0; j < n1; j++) {
        z[k] += h[j] * w1[j * n2 + k];
      }
    }
    return z;
  }

  /** log of Σ_{h2} e^{h1·(b1 + v W0) + h2·(b2 + h1 W1)} for a given v and h1, minus b0·v. */
  private double logWeightGivenV(double[] v, double[] h) {
    double t = 0;
    for (int j = 0; j < n1; j++) {
      double c = b1[j];
      for (int i = 0; i < n0; i++) {
        c += v[i] * w0[i * n1 + j];
      }
      t += c * h[j];
    }
    for (double z : fieldH2(h)) {
      t += logPhi(z);
    }
    return t;
  }

  double logPartition() {
    int states = 1 << n1;
    double[] t = new double[states];
    for (int code = 0; code < states; code++) {
      double[] h = h1(code);
      double s = 0;
      for (int j = 0; j < n1; j++) {
        s += b1[j] * h[j];
      }
      for (double z : fieldV(h)) {
        s += logPhi(z);
      }
      for (double z : fieldH2(h)) {
        s += logPhi(z);
      }
      t[code] = s;
    }
    return LogSpace.logSumExp(t);
  }

  double logUnnormalized(double[] v) {
    int states = 1 << n1;
    double[] t = new double[states];
    for (int code = 0; code < states; code++) {
      t[code] = logWeightGivenV(v, h1(code));
    }
    double s = 0;
    for (int i = 0; i < n0; i++) {
      s += b0[i] * v[i];
    }
    return s + LogSpace.logSumExp(t);
  }

  /** Mean log p(v) over rows (row-major, n0 columns). */
  double meanLogLikelihood(float[] data, int rows) {
    double logZ = logPartition();
    double sum = 0;
    double[] v = new double[n0];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n0; i++) {
        v[i] = data[r * n0 + i];
      }
      sum += logUnnormalized(v) - logZ;
    }
    return sum / rows;
  }

  /** Exact gradient of the mean log-likelihood of {@code rows} rows: {gW0, gW1, gb0, gb1, gb2}. */
  double[][] gradient(float[] data, int rows) {
    double[] gw0 = new double[n0 * n1];
    double[] gw1 = new double[n1 * n2];
    double[] gb0 = new double[n0];
    double[] gb1 = new double[n1];
    double[] gb2 = new double[n2];
    int states = 1 << n1;
    // data term
    double[] v = new double[n0];
    double[] t = new double[states];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n0; i++) {
        v[i] = data[r * n0 + i];
        gb0[i] += v[i] / rows;
      }
      for (int code = 0; code < states; code++) {
        t[code] = logWeightGivenV(v, h1(code));
      }
      double norm = LogSpace.logSumExp(t);
      for (int code = 0; code < states; code++) {
        double p = Math.exp(t[code] - norm) / rows;
        double[] h = h1(code);
        double[] z2 = fieldH2(h);
        for (int j = 0; j < n1; j++) {
          gb1[j] += p * h[j];
          for (int i = 0; i < n0; i++) {
            gw0[i * n1 + j] += p * v[i] * h[j];
          }
          for (int k = 0; k < n2; k++) {
            gw1[j * n2 + k] += p * h[j] * mean(z2[k]);
          }
        }
        for (int k = 0; k < n2; k++) {
          gb2[k] += p * mean(z2[k]);
        }
      }
    }
    // model term
    double logZ = logPartition();
    for (int code = 0; code < states; code++) {
      double[] h = h1(code);
      double[] zv = fieldV(h);
      double[] z2 = fieldH2(h);
      double s = 0;
      for (int j = 0; j < n1; j++) {
        s += b1[j] * h[j];
      }
      for (double z : zv) {
        s += logPhi(z);
      }
      for (double z : z2) {
        s += logPhi(z);
      }
      double p = Math.exp(s - logZ);
      for (int j = 0; j < n1; j++) {
        gb1[j] -= p * h[j];
        for (int i = 0; i < n0; i++) {
          gw0[i * n1 + j] -= p * mean(zv[i]) * h[j];
        }
        for (int k = 0; k < n2; k++) {
          gw1[j * n2 + k] -= p * h[j] * mean(z2[k]);
        }
      }
      for (int i = 0; i < n0; i++) {
        gb0[i] -= p * mean(zv[i]);
      }
      for (int k = 0; k < n2; k++) {
        gb2[k] -= p * mean(z2[k]);
      }
    }
    return new double[][] {gw0, gw1, gb0, gb1, gb2};
  }
}
