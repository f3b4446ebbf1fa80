package org.ebmsim.dynamics.modern.continuous;

/**
 * The modern Hopfield update and energy written out plainly in double precision, one query at a
 * time, straight from the formulas (no GEMM, no float32): the reference the batched float32 path
 * is compared with. Patterns are read from the network (float32 values, exact in double).
 */
final class DoubleReference {
  private final ModernHopfield network;
  private final int p;
  private final int n;
  private final double beta;

  DoubleReference(ModernHopfield network) {
    this.network = network;
    this.p = network.patternCount();
    this.n = network.units();
    this.beta = network.inverseTemperature();
  }

  /** {@code softmax(β ξ v)_μ}, max-shifted. */
  double[] weights(double[] v) {
    double[] z = logits(v);
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int mu = 0; mu < p; mu++) {
      z[mu] = Math.exp(z[mu] - max);
      sum += z[mu];
    }
    for (int mu = 0; mu < p; mu++) {
      z[mu] /= sum;
    }
    return z;
  }

  /** {@code ξᵀ softmax(β ξ v)}. */
  double[] update(double[] v) {
    double[] w = weights(v);
    double[] out = new double[n];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        out[i] += w[mu] * network.pattern(mu, i);
      }
    }
    return out;
  }

  /** {@code −β⁻¹ log Σ_μ exp(β ξ_μ·v) + ½ vᵀv + β⁻¹ log p + ½ M²}. */
  double energy(double[] v) {
    double[] z = logits(v);
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (double x : z) {
      sum += Math.exp(x - max);
    }
    double maxNorm2 = 0;
    for (int mu = 0; mu < p; mu++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += (double) network.pattern(mu, i) * network.pattern(mu, i);
      }
      maxNorm2 = Math.max(maxNorm2, s);
    }
    double vv = 0;
    for (double x : v) {
      vv += x * x;
    }
    return -(max + Math.log(sum)) / beta + 0.5 * vv + Math.log(p) / beta + 0.5 * maxNorm2;
  }

  private double[] logits(double[] v) {
    double[] z = new double[p];
    for (int mu = 0; mu < p; mu++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += network.pattern(mu, i) * v[i];
      }
      z[mu] = beta * s;
    }
    return z;
  }
}
