package org.ebmsim.dynamics.train.boltzmann;

import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * Ground truth for a small Boltzmann machine with hidden units, by visiting every joint state
 * with {@link IsingModel#energy} (test code, independent of the trainer). States: bit u of the
 * index set ⇔ s_u = +1.
 */
final class ExactBoltzmann {
  private final IsingModel model;
  private final int n;
  private final int visible;

  ExactBoltzmann(IsingModel model, int visible) {
    this.model = model;
    this.n = model.units();
    this.visible = visible;
  }

  private byte[] state(int code) {
    byte[] s = new byte[n];
    for (int u = 0; u < n; u++) {
      s[u] = (byte) (((code >>> u) & 1) == 1 ? 1 : -1);
    }
    return s;
  }

  /** −E of every joint state; diagonal constants cancel in every ratio used here. */
  private double[] negativeEnergies() {
    double[] out = new double[1 << n];
    for (int code = 0; code < out.length; code++) {
      out[code] = -model.energy(state(code));
    }
    return out;
  }

  private int visibleCode(float[] data, int row) {
    int code = 0;
    for (int i = 0; i < visible; i++) {
      if (data[row * visible + i] > 0) {
        code |= 1 << i;
      }
    }
    return code;
  }

  double meanLogLikelihood(float[] data, int rows) {
    double[] e = negativeEnergies();
    double logZ = LogSpace.logSumExp(e);
    int hiddenStates = 1 << (n - visible);
    double sum = 0;
    double[] t = new double[hiddenStates];
    for (int r = 0; r < rows; r++) {
      int v = visibleCode(data, r);
      for (int h = 0; h < hiddenStates; h++) {
        t[h] = e[v | (h << visible)];
      }
      sum += LogSpace.logSumExp(t) - logZ;
    }
    return sum / rows;
  }

  /** {gW (N × N, zero diagonal), gb} of the mean log-likelihood of the rows. */
  double[][] gradient(float[] data, int rows) {
    double[] e = negativeEnergies();
    double logZ = LogSpace.logSumExp(e);
    double[] gw = new double[n * n];
    double[] gb = new double[n];
    int hiddenStates = 1 << (n - visible);
    double[] t = new double[hiddenStates];
    for (int r = 0; r < rows; r++) {
      int v = visibleCode(data, r);
      for (int h = 0; h < hiddenStates; h++) {
        t[h] = e[v | (h << visible)];
      }
      double norm = LogSpace.logSumExp(t);
      for (int h = 0; h < hiddenStates; h++) {
        add(state(v | (h << visible)), Math.exp(t[h] - norm) / rows, gw, gb);
      }
    }
    for (int code = 0; code < e.length; code++) {
      add(state(code), -Math.exp(e[code] - logZ), gw, gb);
    }
    return new double[][] {gw, gb};
  }

  private void add(byte[] s, double p, double[] gw, double[] gb) {
    for (int i = 0; i < n; i++) {
      gb[i] += p * s[i];
      for (int j = 0; j < n; j++) {
        if (i != j) {
          gw[i * n + j] += p * s[i] * s[j];
        }
      }
    }
  }
}
