package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Binary–binary RBM with units in {0,1}: {@code E(v,h) = −bᵀv − cᵀh − vᵀWh},
 * {@code p(h_j=1|v) = σ(c_j + (Wᵀv)_j)}, {@code p(v_i=1|h) = σ(b_i + (Wh)_i)},
 * {@code F(v) = −bᵀv − Σ_j log(1 + e^{c_j + (Wᵀv)_j})}. Fields are the logits
 * {@code c + Wᵀv} and {@code b + Wh}.
 */
public final class BinaryRbm extends Rbm {

  private BinaryRbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias) {
    super(visible, hidden, weights, visibleBias, hiddenBias);
  }

  /**
   * Validates and copies the parameters.
   *
   * @param weights row-major visibleUnits × hiddenUnits, finite
   * @param visibleBias b, length visibleUnits, or null for zeros
   * @param hiddenBias c, length hiddenUnits, or null for zeros
   * @throws IllegalArgumentException naming the field and the rule
   */
  public static BinaryRbm of(int visibleUnits, int hiddenUnits, double[] weights, double[] visibleBias,
      double[] hiddenBias) {
    return new BinaryRbm(visibleUnits, hiddenUnits, weights, visibleBias, hiddenBias);
  }

  @Override
  public double energy(double[] v, double[] h) {
    checkVisible(v);
    checkHidden(h);
    return -dot(visibleBias, v) - dot(hiddenBias, h) - coupling(v, h);
  }

  @Override
  public double freeEnergy(double[] v) {
    checkVisible(v);
    double[] u = hiddenInput(v);
    double f = -dot(visibleBias, v);
    for (double x : u) {
      f -= LogSpace.softplus(x);
    }
    return f;
  }

  @Override
  public ValueType visibleType() {
    return ValueType.BINARY;
  }

  @Override
  public ValueType hiddenType() {
    return ValueType.BINARY;
  }

  /** {@code p_t(h_j = 1 | v) = σ(x_j / t)}. */
  @Override
  void sampleHidden(float[] x, int fromRow, int toRow, double t, SplittableRandom[] rngs, float[] out) {
    UnitSampling.bernoulli(x, hiddenBiasF, fromRow, toRow, hidden, 1.0 / t, rngs, null, out);
  }

  /** {@code p_t(v_i = 1 | h) = σ((b_i + (Wh)_i) / t)}. */
  @Override
  void sampleVisible(float[] wh, int fromRow, int toRow, double t, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.bernoulli(wh, visibleBiasF, fromRow, toRow, visible, 1.0 / t, rngs, clamped, out);
  }

  /** {@code F(v) = −bᵀv − Σ_j log(1 + e^{x_j})}. */
  @Override
  void freeEnergies(float[] v, float[] x, int rows, double[] out) {
    for (int r = 0; r < rows; r++) {
      double f = -dot(visibleBias, v, r * visible);
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
      out[offset + i] = rng.nextBoolean() ? 1f : 0f;
    }
  }

  @Override
  void randomHidden(SplittableRandom rng, float[] out, int offset) {
    for (int j = 0; j < hidden; j++) {
      out[offset + j] = rng.nextBoolean() ? 1f : 0f;
    }
  }

  /** Either layer: {@code log w(x) = ownBiasᵀx + Σ_m log(1 + e^{field_m})}. */
  @Override
  RbmEnumeration.Terms enumerationTerms(boolean visibleLayer) {
    double[] own = visibleLayer ? visibleBias : hiddenBias;
    return new RbmEnumeration.Terms(0, (x, f) -> {
      double s = dot(own, x);
      for (double v : f) {
        s += LogSpace.softplus(v);
      }
      return s;
    }, 0);
  }

  @Override
  void addConditionalVisibleMoments(double[] field, double p, double[] first, double[] second) {
    for (int i = 0; i < visible; i++) {
      double m = LogSpace.sigmoid(field[i]);
      first[i] += p * m;
      second[i] += p * m;
    }
  }

  /** The base-rate path ({@link BinaryRbmAisPath}); null biases mean the uniform base. */
  @Override
  public AisPath aisPath(double[] baseVisibleBias, Gemm gemm) {
    return BinaryRbmAisPath.of(this, baseVisibleBias == null ? BaseRates.uniform(visible) : baseVisibleBias, gemm);
  }

  @Override
  public boolean acceptsBaseRates() {
    return true;
  }

  @Override
  RbmTrainingRule trainingRule() {
    return new BinaryRbmTrainingRule(this);
  }
}
