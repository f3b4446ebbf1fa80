package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

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
  public boolean spinVisible() {
    return true;
  }

  @Override
  public boolean discreteVisible() {
    return true;
  }

  @Override
  public boolean discreteHidden() {
    return true;
  }

  @Override
  void sampleHiddenFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, float[] out) {
    UnitSampling.spin(field, bias, rows, hidden, 1.0, rngs, null, out);
  }

  @Override
  void sampleVisibleFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.spin(field, bias, rows, visible, 1.0, rngs, clamped, out);
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = rng.nextBoolean() ? 1f : -1f;
    }
  }
}
