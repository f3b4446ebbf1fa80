package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * A restricted Boltzmann machine: visible layer (N units), hidden layer (p units), weights W
 * (N × p, row-major: {@code W[i*p + j]} couples visible i to hidden j) and the two biases.
 *
 * <p>Immutable; parameters are validated and copied on construction and kept in float64 for exact
 * computations plus float32 copies for sampling. The layers exchange only fields:
 * the hidden field is {@code V·W_h + c} and the visible field {@code H·Wᵀ + b} for a batch
 * (chains × units) of states, where {@code W_h = W} except for {@link GaussianBernoulliRbm}
 * ({@code W_h = diag(1/σ²) W}). What a field means (logit, mean, ...) is fixed by the variant; use
 * {@link BlockGibbsSampler} to sample.
 */
public abstract sealed class Rbm permits BinaryRbm, SpinRbm, BinaryGaussianRbm, GaussianBernoulliRbm {
  final int visible;
  final int hidden;
  final double[] weights;
  final double[] visibleBias;
  final double[] hiddenBias;
  final float[] weightsF;
  final float[] visibleBiasF;
  final float[] hiddenBiasF;

  Rbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias) {
    Checks.positiveUnits("visibleUnits", visible);
    Checks.positiveUnits("hiddenUnits", hidden);
    this.visible = visible;
    this.hidden = hidden;
    this.weights = Checks.weights(weights, visible, hidden);
    this.visibleBias = Checks.finiteVector("visibleBias", visibleBias, visible);
    this.hiddenBias = Checks.finiteVector("hiddenBias", hiddenBias, hidden);
    this.weightsF = toFloat(this.weights);
    this.visibleBiasF = toFloat(this.visibleBias);
    this.hiddenBiasF = toFloat(this.hiddenBias);
  }

  static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      f[k] = (float) x[k];
    }
    return f;
  }

  public final int visibleUnits() {
    return visible;
  }

  public final int hiddenUnits() {
    return hidden;
  }

  /** A copy of W, row-major visible × hidden. */
  public final double[] weights() {
    return weights.clone();
  }

  /** W_ij. */
  public final double weight(int i, int j) {
    return weights[i * hidden + j];
  }

  /** A copy of b. */
  public final double[] visibleBias() {
    return visibleBias.clone();
  }

  /** A copy of c. */
  public final double[] hiddenBias() {
    return hiddenBias.clone();
  }

  /**
   * The energy {@code E(v, h)} of one joint state; the law is {@code ∝ exp(−β E)} with β = 1 except
   * for {@link BinaryGaussianRbm}, whose energy is its Hamiltonian H.
   */
  public abstract double energy(double[] visible, double[] hidden);

  /**
   * The dimensionless free energy {@code F(v)}, with {@code p(v) = e^{−F(v)} / Z_visible}
   * (hidden units summed or integrated out, temperature included).
   */
  public abstract double freeEnergy(double[] visible);

  /** True if visible units take the values {@code {−1,+1}}, false if {@code {0,1}} or real. */
  public abstract boolean spinVisible();

  /** True if visible units are discrete (binary or spin), false if real-valued. */
  public abstract boolean discreteVisible();

  /** True if hidden units are discrete (binary or spin), false if real-valued. */
  public abstract boolean discreteHidden();

  /** Weights used for the hidden field {@code V·W_h + c} (N × p). */
  float[] hiddenFieldWeights() {
    return weightsF;
  }

  /**
   * Draws hidden units from the hidden field {@code field + bias} (bias added per column in float,
   * or nothing if {@code bias} is null); modifies {@code out} and the rngs.
   */
  abstract void sampleHiddenFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, float[] out);

  /**
   * Draws visible units from the visible field {@code field + bias} (as for the hidden layer),
   * leaving clamped units of {@code out} as they are.
   */
  abstract void sampleVisibleFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs,
      boolean[] clamped, float[] out);

  /** Draws an initial visible state (independent of W) into {@code out[offset .. offset+N)}. */
  abstract void randomVisible(SplittableRandom rng, float[] out, int offset);

  /** {@code (Wᵀv)_j + c_j} for one visible state, in float64. */
  final double[] hiddenInput(double[] v) {
    double[] u = hiddenBias.clone();
    for (int i = 0; i < visible; i++) {
      double vi = v[i];
      if (vi == 0) {
        continue;
      }
      int row = i * hidden;
      for (int j = 0; j < hidden; j++) {
        u[j] += vi * weights[row + j];
      }
    }
    return u;
  }

  final void checkVisible(double[] v) {
    if (v == null || v.length != visible) {
      throw new IllegalArgumentException("visible state must have " + visible + " entries (got "
          + (v == null ? "null" : v.length) + ")");
    }
  }

  final void checkHidden(double[] h) {
    if (h == null || h.length != hidden) {
      throw new IllegalArgumentException("hidden state must have " + hidden + " entries (got "
          + (h == null ? "null" : h.length) + ")");
    }
  }

  /** {@code vᵀWh}. */
  final double coupling(double[] v, double[] h) {
    double s = 0;
    for (int i = 0; i < visible; i++) {
      if (v[i] == 0) {
        continue;
      }
      int row = i * hidden;
      double wi = 0;
      for (int j = 0; j < hidden; j++) {
        wi += weights[row + j] * h[j];
      }
      s += v[i] * wi;
    }
    return s;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
