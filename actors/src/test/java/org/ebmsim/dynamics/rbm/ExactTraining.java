package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * Ground truth for RBM training (test support): toy datasets, the exact mean log-likelihood
 * {@code mean(−F(v)) − log Z_visible} by enumeration, and gradient ascent with the exact gradient
 * (model averages by enumerating one layer, in float64), written from the energies of MATH.md §3
 * independently of {@link RbmTrainer}.
 */
final class ExactTraining {
  private ExactTraining() {}

  /** The four variants with their fixed parameters (β = 1.5, σ_i in [0.6, 1.2]). */
  enum Variant {
    BINARY, SPIN, BINARY_GAUSSIAN, GAUSSIAN_BERNOULLI;

    static final double BETA = 1.5;

    double[] sigma(int n) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = 0.6 + 0.6 * i / Math.max(1, n - 1);
      }
      return s;
    }

    Rbm make(int n, int p, double[] w, double[] b, double[] c) {
      return switch (this) {
        case BINARY -> BinaryRbm.of(n, p, w, b, c);
        case SPIN -> SpinRbm.of(n, p, w, b, c);
        case BINARY_GAUSSIAN -> BinaryGaussianRbm.of(n, p, w, b, c, BETA);
        case GAUSSIAN_BERNOULLI -> GaussianBernoulliRbm.of(n, p, w, b, c, sigma(n));
      };
    }

    /** Small random weights N(0, sd²), zero biases. */
    Rbm initial(int n, int p, double sd, long seed) {
      return make(n, p, TestModels.gaussian(new SplittableRandom(seed), n * p, sd), new double[n], new double[p]);
    }

    /**
     * {@code rows} data rows: noisy copies of three fixed prototypes (bits with 10% flipped; spins
     * the same as ±1; Gaussian–Bernoulli: the prototypes as ±1 plus N(0, 0.5²) noise).
     */
    float[] data(int n, int rows, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      int[][] protos = new int[3][n];
      for (int k = 0; k < 3; k++) {
        for (int i = 0; i < n; i++) {
          protos[k][i] = rng.nextInt(2);
        }
      }
      float[] x = new float[rows * n];
      for (int r = 0; r < rows; r++) {
        int[] proto = protos[rng.nextInt(3)];
        for (int i = 0; i < n; i++) {
          int bit = proto[i] ^ (rng.nextDouble() < 0.1 ? 1 : 0);
          x[r * n + i] = switch (this) {
            case BINARY -> bit;
            case SPIN, BINARY_GAUSSIAN -> 2 * bit - 1;
            case GAUSSIAN_BERNOULLI -> (float) (2 * proto[i] - 1 + 0.5 * rng.nextGaussian());
          };
        }
      }
      return x;
    }
  }

  /** Exact mean log-likelihood per row of {@code data} (rows × N) under {@code rbm}. */
  static double meanLogLikelihood(Rbm rbm, float[] data, int rows) {
    int n = rbm.visibleUnits();
    double logZ = new RbmEnumeration().logPartition(rbm).visible();
    double sum = 0;
    double[] v = new double[n];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        v[i] = data[r * n + i];
      }
      sum -= rbm.freeEnergy(v);
    }
    return sum / rows - logZ;
  }

  /** Gradient ascent on the exact log-likelihood with momentum and weight decay, float64. */
  static final class Trainer {
    final Variant variant;
    final int n;
    final int p;
    final double[] w;
    final double[] b;
    final double[] c;
    final double[] vw;
    final double[] vb;
    final double[] vc;
    final double momentum;
    final double decay;

    Trainer(Variant variant, Rbm initial, double momentum, double decay) {
      this.variant = variant;
      this.n = initial.visibleUnits();
      this.p = initial.hiddenUnits();
      this.w = initial.weights();
      this.b = initial.visibleBias();
      this.c = initial.hiddenBias();
      this.vw = new double[n * p];
      this.vb = new double[n];
      this.vc = new double[p];
      this.momentum = momentum;
      this.decay = decay;
    }

    Rbm model() {
      return variant.make(n, p, w, b, c);
    }

    /** E[h_j | v] given the hidden input u = c + Wᵀ(a∘v). */
    double hiddenMean(double u) {
      return switch (variant) {
        case BINARY, GAUSSIAN_BERNOULLI -> 1 / (1 + Math.exp(-u));
        case SPIN -> Math.tanh(u);
        case BINARY_GAUSSIAN -> u;
      };
    }

    /** Visible scale a_i: 1/σ_i² for Gaussian–Bernoulli, else 1. */
    double[] visibleScale() {
      double[] a = new double[n];
      double[] s = variant == Variant.GAUSSIAN_BERNOULLI ? variant.sigma(n) : null;
      for (int i = 0; i < n; i++) {
        a[i] = s == null ? 1 : 1 / (s[i] * s[i]);
      }
      return a;
    }

    /** Adds weight·(a_i v_i m_j, a_i v_i, m_j) of one visible state to the sums. */
    private void addStatistics(double[] v, double weight, double[] a, double[] sw, double[] sb, double[] sc) {
      double[] m = new double[p];
      for (int j = 0; j < p; j++) {
        double u = c[j];
        for (int i = 0; i < n; i++) {
          u += w[i * p + j] * a[i] * v[i];
        }
        m[j] = hiddenMean(u);
        sc[j] += weight * m[j];
      }
      for (int i = 0; i < n; i++) {
        double av = a[i] * v[i];
        sb[i] += weight * av;
        for (int j = 0; j < p; j++) {
          sw[i * p + j] += weight * av * m[j];
        }
      }
    }

    /** One update on the given rows with the exact model averages. */
    void update(float[] data, int[] index, int from, int count, double rate) {
      double[] a = visibleScale();
      double[] dw = new double[n * p];
      double[] db = new double[n];
      double[] dc = new double[p];
      double[] v = new double[n];
      for (int r = 0; r < count; r++) {
        int row = index[from + r];
        for (int i = 0; i < n; i++) {
          v[i] = data[row * n + i];
        }
        addStatistics(v, 1.0 / count, a, dw, db, dc);
      }
      double[] mw = new double[n * p];
      double[] mb = new double[n];
      double[] mc = new double[p];
      modelStatistics(a, mw, mb, mc);
      double g = variant == Variant.BINARY_GAUSSIAN ? Variant.BETA : 1;
      for (int k = 0; k < n * p; k++) {
        vw[k] = momentum * vw[k] + rate * (g * (dw[k] - mw[k]) - decay * w[k]);
        w[k] += vw[k];
      }
      for (int i = 0; i < n; i++) {
        vb[i] = momentum * vb[i] + rate * g * (db[i] - mb[i]);
        b[i] += vb[i];
      }
      for (int j = 0; j < p; j++) {
        vc[j] = momentum * vc[j] + rate * g * (dc[j] - mc[j]);
        c[j] += vc[j];
      }
    }

    /**
     * Model averages of (a_i v_i m_j, a_i v_i, m_j): discrete visible layers by enumerating every
     * visible state with p(v) = e^{−F(v)}/Z; Gaussian–Bernoulli by enumerating the hidden bits, with
     * {@code p(h) ∝ exp(cᵀh + Σ_i ((b + Wh)_i² − b_i²)/(2σ_i²))} and {@code E[v | h] = b + Wh}, so that
     * {@code ⟨a_i v_i h_j⟩ = Σ_h p(h)(b + Wh)_i h_j / σ_i²}.
     */
    private void modelStatistics(double[] a, double[] mw, double[] mb, double[] mc) {
      if (variant == Variant.GAUSSIAN_BERNOULLI) {
        int states = 1 << p;
        double[] logw = new double[states];
        double[][] mean = new double[states][n];
        for (int k = 0; k < states; k++) {
          double lw = 0;
          for (int j = 0; j < p; j++) {
            lw += ((k >>> j) & 1) * c[j];
          }
          for (int i = 0; i < n; i++) {
            double f = b[i];
            for (int j = 0; j < p; j++) {
              f += w[i * p + j] * ((k >>> j) & 1);
            }
            mean[k][i] = f;
            lw += (f * f - b[i] * b[i]) * a[i] / 2;
          }
          logw[k] = lw;
        }
        double logZ = LogSpace.logSumExp(logw);
        for (int k = 0; k < states; k++) {
          double pk = Math.exp(logw[k] - logZ);
          for (int i = 0; i < n; i++) {
            double av = a[i] * mean[k][i];
            mb[i] += pk * av;
            for (int j = 0; j < p; j++) {
              mw[i * p + j] += pk * av * ((k >>> j) & 1);
            }
          }
          for (int j = 0; j < p; j++) {
            mc[j] += pk * ((k >>> j) & 1);
          }
        }
        return;
      }
      Rbm rbm = model();
      double low = variant == Variant.BINARY ? 0 : -1;
      int states = 1 << n;
      double[] logw = new double[states];
      double[] v = new double[n];
      for (int k = 0; k < states; k++) {
        state(k, low, v);
        logw[k] = -rbm.freeEnergy(v);
      }
      double logZ = LogSpace.logSumExp(logw);
      for (int k = 0; k < states; k++) {
        state(k, low, v);
        addStatistics(v, Math.exp(logw[k] - logZ), a, mw, mb, mc);
      }
    }

    private void state(int k, double low, double[] v) {
      for (int i = 0; i < n; i++) {
        v[i] = ((k >>> i) & 1) == 1 ? 1 : low;
      }
    }
  }
}
