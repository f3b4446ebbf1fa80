package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.ValueType;

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

  /**
   * Float32 range: v_i reaches {@code V_i + 40·σ_i·√T} with {@code V_i = |b_i| + Σ_j |W_ij|}; the
   * float32 hidden-field weights are {@code W_ij/σ_i²}; hidden unit j receives up to
   * {@code |c_j| + Σ_i (|W_ij|/σ_i²)(V_i + 40·σ_i·√T)}. Checked at the model's own temperature
   * (T = 1; its AIS path only shrinks W).
   */
  @Override
  public String float32Problem(String field) {
    double[] v = visibleReach();
    for (int i = 0; i < visible; i++) {
      double reach = v[i] + GAUSSIAN_REACH * visibleSd[i];
      if (!(reach <= MAX_FLOAT32_FIELD)) {
        return field + ".weights, " + field + ".visible_bias, " + field + ".visible_sigma: the real-valued visible unit "
            + i + " reaches |b_" + i + "| + Σ_j |W_" + i + "j| + " + GAUSSIAN_REACH + "·σ_" + i + " = " + reach
            + ", above " + MAX_FLOAT32_FIELD + ", the most a unit sampled in float32 may hold";
      }
      for (int j = 0; j < hidden; j++) {
        double w = Math.abs(weights[i * hidden + j]) / (visibleSd[i] * visibleSd[i]);
        if (!(w <= MAX_FLOAT32_FIELD)) {
          return field + ".weights[" + i + "][" + j + "], " + field + ".visible_sigma[" + i + "]: |W_" + i + j + "|/σ_"
              + i + "² = " + w + " is above " + MAX_FLOAT32_FIELD + ", the most a float32 hidden-field weight may be";
        }
      }
    }
    double[] f = hiddenFieldReach(v, 1);
    int j = argMax(f);
    if (!(f[j] <= MAX_FLOAT32_FIELD)) {
      return field + ".weights, " + field + ".visible_bias, " + field + ".hidden_bias, " + field
          + ".visible_sigma: hidden unit " + j + " can receive a field of up to |c_" + j + "| + Σ_i |W_i" + j
          + "| (|b_i| + Σ_k |W_ik| + " + GAUSSIAN_REACH + "·σ_i) / σ_i² = " + f[j] + ", above " + MAX_FLOAT32_FIELD
          + ", the most a unit sampled in float32 may receive; scale W down or σ up";
    }
    return null;
  }

  /** Per hidden unit: {@code |c_j| + Σ_i (|W_ij|/σ_i²)(V_i + 40·σ_i·s)}. */
  private double[] hiddenFieldReach(double[] v, double s) {
    double[] f = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double sum = Math.abs(hiddenBias[j]);
      for (int i = 0; i < visible; i++) {
        double sd = visibleSd[i];
        sum += Math.abs(weights[i * hidden + j]) / (sd * sd) * (v[i] + GAUSSIAN_REACH * sd * s);
      }
      f[j] = sum;
    }
    return f;
  }

  /**
   * A client's visible value r (a clamped cue unit, a data row) adds at most {@code r·Σ_i |W_ij|/σ_i²}
   * to hidden unit j's field: r is bounded so that this stays within {@link #MAX_FLOAT32_FIELD}
   * (with the sampled units' own share, at most twice that: still far inside float32).
   */
  @Override
  public double maxVisibleValue() {
    double r = Float.MAX_VALUE;
    for (int j = 0; j < hidden; j++) {
      double gain = 0;
      for (int i = 0; i < visible; i++) {
        gain += Math.abs(weights[i * hidden + j]) / (visibleSd[i] * visibleSd[i]);
      }
      if (gain > 0) {
        r = Math.min(r, (MAX_FLOAT32_FIELD - Math.abs(hiddenBias[j])) / gain);
      }
    }
    return r;
  }

  /** The largest T = s² keeping every visible value and hidden field within {@link #MAX_FLOAT32_FIELD}. */
  @Override
  public double maxSamplingTemperature() {
    double[] v = visibleReach();
    double sMax = Double.POSITIVE_INFINITY;
    for (int i = 0; i < visible; i++) {
      sMax = Math.min(sMax, (MAX_FLOAT32_FIELD - v[i]) / (GAUSSIAN_REACH * visibleSd[i]));
    }
    for (int j = 0; j < hidden; j++) {
      double rest = Math.abs(hiddenBias[j]);
      double gain = 0;
      for (int i = 0; i < visible; i++) {
        double sd = visibleSd[i];
        double w = Math.abs(weights[i * hidden + j]) / (sd * sd);
        rest += w * v[i];
        gain += w * GAUSSIAN_REACH * sd;
      }
      if (gain > 0) {
        sMax = Math.min(sMax, (MAX_FLOAT32_FIELD - rest) / gain);
      }
    }
    return sMax <= 0 ? 0 : sMax * sMax;
  }

  @Override
  public ValueType visibleType() {
    return ValueType.REAL;
  }

  @Override
  public ValueType hiddenType() {
    return ValueType.BINARY;
  }

  @Override
  float[] hiddenFieldWeights() {
    return hiddenFieldWeightsF;
  }

  /**
   * {@code p_t(h_j = 1 | v) = σ(x_j / t)} with {@code x = c + Wᵀ(v/σ²)}: at temperature t the law
   * is the same variant with σ_i√t and c/t, whose hidden field is exactly x/t.
   */
  @Override
  void sampleHidden(float[] x, int fromRow, int toRow, double t, SplittableRandom[] rngs, float[] out) {
    UnitSampling.bernoulli(x, hiddenBiasF, fromRow, toRow, hidden, 1.0 / t, rngs, null, out);
  }

  /** {@code v_i | h ~ N(b_i + (Wh)_i, σ_i² t)}. */
  @Override
  void sampleVisible(float[] wh, int fromRow, int toRow, double t, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.gaussian(wh, visibleBiasF, fromRow, toRow, visible, visibleSd, Math.sqrt(t), rngs, clamped, out);
  }

  /** {@code F(v) = Σ_i (v_i − b_i)²/(2σ_i²) − Σ_j log(1 + e^{x_j})}. */
  @Override
  void freeEnergies(float[] v, float[] x, int rows, double[] out) {
    for (int r = 0; r < rows; r++) {
      double f = 0;
      int vo = r * visible;
      for (int i = 0; i < visible; i++) {
        double d = v[vo + i] - visibleBias[i];
        f += d * d / (2 * visibleSd[i] * visibleSd[i]);
      }
      int xo = r * hidden;
      for (int j = 0; j < hidden; j++) {
        f -= LogSpace.softplusOfFloat(x[xo + j] + hiddenBiasF[j]);
      }
      out[r] = f;
    }
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = (float) (visibleBias[i] + visibleSd[i] * rng.nextGaussian());
    }
  }

  @Override
  void randomHidden(SplittableRandom rng, float[] out, int offset) {
    for (int j = 0; j < hidden; j++) {
      out[offset + j] = rng.nextBoolean() ? 1f : 0f;
    }
  }

  /**
   * The hidden bits are enumerated, v integrated: {@code log w(h) = cᵀh + Σ_i ((b+Wh)_i² − b_i²)/(2σ_i²)}
   * plus {@code Σ_i log(√(2π)σ_i)} as a constant.
   */
  @Override
  RbmEnumeration.Terms enumerationTerms(boolean visibleLayer) {
    if (visibleLayer) {
      throw new IllegalStateException("a Gaussian-Bernoulli RBM's real visible layer cannot be enumerated");
    }
    double[] inv2 = new double[visible];
    double base = 0;
    double constant = 0;
    for (int i = 0; i < visible; i++) {
      inv2[i] = 1 / (2 * visibleSd[i] * visibleSd[i]);
      base -= visibleBias[i] * visibleBias[i] * inv2[i];
      constant += RbmEnumeration.HALF_LOG_2PI + Math.log(visibleSd[i]);
    }
    double base0 = base;
    return new RbmEnumeration.Terms(0, (x, f) -> {
      double s = dot(hiddenBias, x) + base0;
      for (int i = 0; i < f.length; i++) {
        s += f[i] * f[i] * inv2[i];
      }
      return s;
    }, constant);
  }

  @Override
  void addConditionalVisibleMoments(double[] field, double p, double[] first, double[] second) {
    for (int i = 0; i < visible; i++) {
      first[i] += p * field[i];
      second[i] += p * (visibleSd[i] * visibleSd[i] + field[i] * field[i]);
    }
  }

  /** The path from the same model with W = 0 ({@link GaussianBernoulliAisPath}). */
  @Override
  public AisPath aisPath(double[] baseVisibleBias, Gemm gemm) {
    if (baseVisibleBias != null) {
      throw new IllegalArgumentException("a Gaussian-Bernoulli RBM's AIS starts from the same model with W = 0;"
          + " base rates do not apply");
    }
    return GaussianBernoulliAisPath.of(this, gemm);
  }

  @Override
  RbmTrainingRule trainingRule() {
    return new GaussianBernoulliRbmTrainingRule(this);
  }
}
