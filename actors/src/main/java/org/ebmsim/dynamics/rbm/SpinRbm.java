package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Binary–binary RBM with units in {−1,+1}: {@code E(s,h) = −bᵀs − cᵀh − sᵀWh}. Flipping a unit
 * changes the energy by twice its field, hence the factor 2 (MATH.md §1):
 * {@code P(h_j=+1|s) = σ(2(c_j + (Wᵀs)_j))}, {@code P(s_i=+1|h) = σ(2(b_i + (Wh)_i))},
 * {@code F(s) = −bᵀs − Σ_j log(2 cosh(c_j + (Wᵀs)_j))}. Fields are {@code c + Wᵀs} and {@code b + Wh}.
 */
public final class SpinRbm extends Rbm {

  private SpinRbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias) {
    super(visible, hidden, weights, visibleBias, hiddenBias);
  }

  /** Validates and copies the parameters (as {@link BinaryRbm#of}). */
  public static SpinRbm of(int visibleUnits, int hiddenUnits, double[] weights, double[] visibleBias,
      double[] hiddenBias) {
    return new SpinRbm(visibleUnits, hiddenUnits, weights, visibleBias, hiddenBias);
  }

  @Override
  public double energy(double[] s, double[] h) {
    checkVisible(s);
    checkHidden(h);
    return -dot(visibleBias, s) - dot(hiddenBias, h) - coupling(s, h);
  }

  @Override
  public double freeEnergy(double[] s) {
    checkVisible(s);
    double[] u = hiddenInput(s);
    double f = -dot(visibleBias, s);
    for (double x : u) {
      f -= LogSpace.logTwoCosh(x);
    }
    return f;
  }

  @Override
  public ValueType visibleType() {
    return ValueType.SPIN;
  }

  @Override
  public ValueType hiddenType() {
    return ValueType.SPIN;
  }

  /** {@code P_t(h_j = +1 | s) = σ(2 x_j / t)}. */
  @Override
  void sampleHidden(float[] x, int fromRow, int toRow, double t, SplittableRandom[] rngs, float[] out) {
    UnitSampling.spin(x, hiddenBiasF, fromRow, toRow, hidden, 1.0 / t, rngs, null, out);
  }

  /** {@code P_t(s_i = +1 | h) = σ(2(b_i + (Wh)_i) / t)}. */
  @Override
  void sampleVisible(float[] wh, int fromRow, int toRow, double t, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.spin(wh, visibleBiasF, fromRow, toRow, visible, 1.0 / t, rngs, clamped, out);
  }

  /** {@code F(s) = −bᵀs − Σ_j log(2 cosh x_j)}. */
  @Override
  void freeEnergies(float[] v, float[] x, int rows, double[] out) {
    for (int r = 0; r < rows; r++) {
      double f = -dot(visibleBias, v, r * visible);
      int xo = r * hidden;
      for (int j = 0; j < hidden; j++) {
        f -= LogSpace.logTwoCoshOfFloat(x[xo + j] + hiddenBiasF[j]);
      }
      out[r] = f;
    }
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = rng.nextBoolean() ? 1f : -1f;
    }
  }

  @Override
  void randomHidden(SplittableRandom rng, float[] out, int offset) {
    for (int j = 0; j < hidden; j++) {
      out[offset + j] = rng.nextBoolean() ? 1f : -1f;
    }
  }

  /** Either layer: {@code log w(x) = ownBiasᵀx + Σ_m log(2 cosh field_m)}. */
  @Override
  RbmEnumeration.Terms enumerationTerms(boolean visibleLayer) {
    double[] own = visibleLayer ? visibleBias : hiddenBias;
    return new RbmEnumeration.Terms(-1, (x, f) -> {
      double s = dot(own, x);
      for (double v : f) {
        s += LogSpace.logTwoCosh(v);
      }
      return s;
    }, 0);
  }

  @Override
  void addConditionalVisibleMoments(double[] field, double p, double[] first, double[] second) {
    for (int i = 0; i < visible; i++) {
      first[i] += p * Math.tanh(field[i]);
      second[i] += p;
    }
  }

  /** The base-rate path ({@link SpinRbmAisPath}); null biases mean the uniform base. */
  @Override
  public AisPath aisPath(double[] baseVisibleBias, Gemm gemm) {
    return SpinRbmAisPath.of(this, baseVisibleBias == null ? BaseRates.uniform(visible) : baseVisibleBias, gemm);
  }

  @Override
  public boolean acceptsBaseRates() {
    return true;
  }

  @Override
  RbmTrainingRule trainingRule() {
    return new SpinRbmTrainingRule(this);
  }
}
