package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * Gaussian–Bernoulli RBM: real visible v with per-unit σ_i &gt; 0, hidden h ∈ {0,1},
 * {@code E(v,h) = Σ_i (v_i − b_i)²/(2σ_i²) − cᵀh − Σ_ij (v_i/σ_i²) W_ij h_j}.
 *
 * <p>{@code v | h ~ N(b + Wh, diag σ²)} (the visible field is that mean) and
 * {@code p(h_j=1|v) = σ(c_j + Σ_i W_ij v_i/σ_i²)} (the hidden field is that logit, computed with
 * {@code W_h = diag(1/σ²) W}). {@code F(v) = Σ_i (v_i − b_i)²/(2σ_i²) − Σ_j log(1 + e^{c_j + Σ_i W_ij v_i/σ_i²})}.
 */
public final class GaussianBernoulliRbm extends Rbm {
  private final double[] visibleSd;
  private final float[] hiddenFieldWeightsF;

  private GaussianBernoulliRbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias,
      double[] visibleSd) {
    super(visible, hidden, weights, visibleBias, hiddenBias);
    if (visibleSd == null || visibleSd.length != visible) {
      throw new IllegalArgumentException("visibleSd must have " + visible + " entries (got "
          + (visibleSd == null ? "null" : visibleSd.length) + ")");
    }
    for (int i = 0; i < visible; i++) {
      if (!(visibleSd[i] > 0) || !Double.isFinite(visibleSd[i])) {
        throw new IllegalArgumentException("visibleSd[" + i + "] must be finite and > 0 (got " + visibleSd[i] + ")");
      }
    }
    this.visibleSd = visibleSd.clone();
    this.hiddenFieldWeightsF = new float[visible * hidden];
    for (int i = 0; i < visible; i++) {
      double inv = 1 / (visibleSd[i] * visibleSd[i]);
      for (int j = 0; j < hidden; j++) {
        hiddenFieldWeightsF[i * hidden + j] = (float) (this.weights[i * hidden + j] * inv);
      }
    }
  }

  /**
   * Validates and copies the parameters.
   *
   * @param visibleSd σ, length N, each finite and &gt; 0
   */
  public static GaussianBernoulliRbm of(int visibleUnits, int hiddenUnits, double[] weights, double[] visibleBias,
      double[] hiddenBias, double[] visibleSd) {
    return new GaussianBernoulliRbm(visibleUnits, hiddenUnits, weights, visibleBias, hiddenBias, visibleSd);
  }

  /** A copy of σ. */
  public double[] visibleSd() {
    return visibleSd.clone();
  }

  @Override
  public double energy(double[] v, double[] h) {
    checkVisible(v);
    checkHidden(h);
    double e = -dot(hiddenBias, h);
    for (int i = 0; i < visible; i++) {
      double s2 = visibleSd[i] * visibleSd[i];
      double d = v[i] - visibleBias[i];
      double wh = 0;
      for (int j = 0; j < hidden; j++) {
        wh += weights[i * hidden + j] * h[j];
      }
      e += d * d / (2 * s2) - v[i] * wh / s2;
    }
    return e;
  }

  @Override
  public double freeEnergy(double[] v) {
    checkVisible(v);
    double[] scaled = new double[visible];
    double f = 0;
    for (int i = 0; i < visible; i++) {
      double s2 = visibleSd[i] * visibleSd[i];
      double d = v[i] - visibleBias[i];
      f += d * d / (2 * s2);
      scaled[i] = v[i] / s2;
    }
    double[] u = hiddenInput(scaled);
    for (double x : u) {
      f -= LogSpace.softplus(x);
    }
    return f;
  }

  @Override
  public boolean spinVisible() {
    return false;
  }

  @Override
  public boolean discreteVisible() {
    return false;
  }

  @Override
  public boolean discreteHidden() {
    return true;
  }

  @Override
  float[] hiddenFieldWeights() {
    return hiddenFieldWeightsF;
  }

  @Override
  void sampleHiddenFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, float[] out) {
    UnitSampling.bernoulli(field, bias, rows, hidden, 1.0, rngs, null, out);
  }

  @Override
  void sampleVisibleFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.gaussian(field, bias, rows, visible, visibleSd, 0, rngs, clamped, out);
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = (float) (visibleBias[i] + visibleSd[i] * rng.nextGaussian());
    }
  }
}
