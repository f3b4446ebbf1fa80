package org.ebmsim.dynamics.modern.attnbm;

import java.util.SplittableRandom;

/**
 * Ground truth for the AttnBM tests, computed independently of the production code: the energy
 * written out directly, the β-tuple expansion summed naively over all p^β ordered tuples, and
 * trapezoid quadrature of {@code e^{−βE}} in one and two dimensions (spectrally accurate for these
 * smooth, Gaussian-tailed integrands).
 */
final class AttnBmReference {
  final int n;
  final int p;
  final double[] xi;
  final double[] b;
  final double[] c;
  final double beta;

  AttnBmReference(int n, int p, double[] xi, double[] b, double[] c, double beta) {
    this.n = n;
    this.p = p;
    this.xi = xi.clone();
    this.b = b.clone();
    this.c = c.clone();
    this.beta = beta;
  }

  static AttnBmReference random(int n, int p, double scale, double beta, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] xi = new double[n * p];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = scale * (2 * rng.nextDouble() - 1);
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.5 * (2 * rng.nextDouble() - 1);
    }
    double[] c = new double[p];
    for (int mu = 0; mu < p; mu++) {
      c[mu] = 0.5 * (2 * rng.nextDouble() - 1);
    }
    return new AttnBmReference(n, p, xi, b, c, beta);
  }

  AttnBm model() {
    return AttnBm.of(n, p, xi, b, c, beta);
  }

  /** ½‖v − b‖² − log Σ_μ exp(ξ_μ·(v − b) + c_μ), summed directly (values are small here). */
  double energy(double[] v) {
    double half = 0;
    for (int i = 0; i < n; i++) {
      half += (v[i] - b[i]) * (v[i] - b[i]);
    }
    double sum = 0;
    for (int mu = 0; mu < p; mu++) {
      double h = c[mu];
      for (int i = 0; i < n; i++) {
        h += xi[mu * n + i] * (v[i] - b[i]);
      }
      sum += Math.exp(h);
    }
    return 0.5 * half - Math.log(sum);
  }

  /** Ordered β-tuples: index t in [0, p^β) read in base p. */
  int tuples() {
    int k = (int) beta;
    int t = 1;
    for (int j = 0; j < k; j++) {
      t *= p;
    }
    return t;
  }

  int member(int tuple, int j) {
    for (int l = 0; l < j; l++) {
      tuple /= p;
    }
    return tuple % p;
  }

  /** S_τ = Σ_j ξ_{μ_j}. */
  double[] tupleSum(int tuple) {
    int k = (int) beta;
    double[] s = new double[n];
    for (int j = 0; j < k; j++) {
      int mu = member(tuple, j);
      for (int i = 0; i < n; i++) {
        s[i] += xi[mu * n + i];
      }
    }
    return s;
  }

  /** a_τ = ‖S_τ‖²/(2β) + C_τ for one ordered tuple. */
  double tupleLogWeight(int tuple) {
    int k = (int) beta;
    double[] s = tupleSum(tuple);
    double norm2 = 0;
    for (double x : s) {
      norm2 += x * x;
    }
    double bias = 0;
    for (int j = 0; j < k; j++) {
      bias += c[member(tuple, j)];
    }
    return norm2 / (2 * beta) + bias;
  }

  /** Normalized weights over the p^β ordered tuples. */
  double[] tupleWeights() {
    int t = tuples();
    double[] a = new double[t];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < t; j++) {
      a[j] = tupleLogWeight(j);
      max = Math.max(max, a[j]);
    }
    double sum = 0;
    for (int j = 0; j < t; j++) {
      a[j] = Math.exp(a[j] - max);
      sum += a[j];
    }
    for (int j = 0; j < t; j++) {
      a[j] /= sum;
    }
    return a;
  }

  /** log Z = (N/2) log(2π/β) + log Σ_{ordered τ} e^{a_τ} (paper eq. 24). */
  double naiveLogPartition() {
    int t = tuples();
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < t; j++) {
      max = Math.max(max, tupleLogWeight(j));
    }
    double sum = 0;
    for (int j = 0; j < t; j++) {
      sum += Math.exp(tupleLogWeight(j) - max);
    }
    return 0.5 * n * Math.log(2 * Math.PI / beta) + max + Math.log(sum);
  }

  /** Mixture mean b + Σ_τ w_τ S_τ/β over ordered tuples. */
  double[] naiveMean() {
    double[] w = tupleWeights();
    double[] m = b.clone();
    for (int t = 0; t < w.length; t++) {
      double[] s = tupleSum(t);
      for (int i = 0; i < n; i++) {
        m[i] += w[t] * s[i] / beta;
      }
    }
    return m;
  }

  /** Mixture second raw moment E[v vᵀ] = Σ_τ w_τ (μ_τ μ_τᵀ + I/β), N × N. */
  double[] naiveSecondMoment() {
    double[] w = tupleWeights();
    double[] m2 = new double[n * n];
    for (int t = 0; t < w.length; t++) {
      double[] s = tupleSum(t);
      for (int i = 0; i < n; i++) {
        double mi = b[i] + s[i] / beta;
        for (int j = 0; j < n; j++) {
          m2[i * n + j] += w[t] * mi * (b[j] + s[j] / beta);
        }
        m2[i * n + i] += w[t] / beta;
      }
    }
    return m2;
  }

  /**
   * ∂ log Z/∂ξ_μ by differentiating the naive ordered-tuple sum term by term:
   * Σ_τ w_τ n_μ(τ) S_τ/β (p × N), and ∂ log Z/∂c_μ = Σ_τ w_τ n_μ(τ).
   */
  double[][] naiveLogPartitionGradient() {
    double[] w = tupleWeights();
    double[] dXi = new double[p * n];
    double[] dC = new double[p];
    int k = (int) beta;
    for (int t = 0; t < w.length; t++) {
      double[] s = tupleSum(t);
      for (int j = 0; j < k; j++) {
        int mu = member(t, j);
        dC[mu] += w[t];
        for (int i = 0; i < n; i++) {
          dXi[mu * n + i] += w[t] * s[i] / beta;
        }
      }
    }
    return new double[][] {dXi, dC};
  }

  /** Trapezoid grid from the components' extent ± 14 standard deviations (1/√β). */
  double[] grid(int axis, double step) {
    double lo = b[axis];
    double hi = b[axis];
    // every component mean b + S_τ/β lies within b ± max_μ |ξ_μi|
    double reach = 0;
    for (int mu = 0; mu < p; mu++) {
      reach = Math.max(reach, Math.abs(xi[mu * n + axis]));
    }
    lo -= reach + 14 / Math.sqrt(beta);
    hi += reach + 14 / Math.sqrt(beta);
    int points = (int) Math.ceil((hi - lo) / step) + 1;
    double[] g = new double[points];
    for (int j = 0; j < points; j++) {
      g[j] = lo + j * step;
    }
    return g;
  }

  /** log ∫ e^{−βE(v)} dv by the trapezoid rule (N = 1 or 2). */
  double quadratureLogPartition(double step) {
    return Math.log(quadrature(step, v -> 1.0)) ;
  }

  /** ∫ f(v) e^{−βE(v)} dv by the trapezoid rule (N = 1 or 2). */
  double quadrature(double step, java.util.function.ToDoubleFunction<double[]> f) {
    if (n == 1) {
      double[] g = grid(0, step);
      double sum = 0;
      double[] v = new double[1];
      for (double x : g) {
        v[0] = x;
        sum += f.applyAsDouble(v) * Math.exp(-beta * energy(v));
      }
      return sum * step; // the end points contribute e^{−100}: plain sum = trapezoid
    }
    if (n == 2) {
      double[] g0 = grid(0, step);
      double[] g1 = grid(1, step);
      double sum = 0;
      double[] v = new double[2];
      for (double x : g0) {
        for (double y : g1) {
          v[0] = x;
          v[1] = y;
          sum += f.applyAsDouble(v) * Math.exp(-beta * energy(v));
        }
      }
      return sum * step * step;
    }
    throw new IllegalStateException("quadrature only in 1 or 2 dimensions");
  }

  /** softmax_μ(ξ(v − b) + c). */
  double softmax(double[] v, int mu) {
    double[] h = new double[p];
    double max = Double.NEGATIVE_INFINITY;
    for (int nu = 0; nu < p; nu++) {
      h[nu] = c[nu];
      for (int i = 0; i < n; i++) {
        h[nu] += xi[nu * n + i] * (v[i] - b[i]);
      }
      max = Math.max(max, h[nu]);
    }
    double sum = 0;
    for (int nu = 0; nu < p; nu++) {
      sum += Math.exp(h[nu] - max);
    }
    return Math.exp(h[mu] - max) / sum;
  }
}
