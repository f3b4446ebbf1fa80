package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

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
  public boolean spinVisible() {
    return false;
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
    UnitSampling.bernoulli(field, bias, rows, hidden, 1.0, rngs, null, out);
  }

  @Override
  void sampleVisibleFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.bernoulli(field, bias, rows, visible, 1.0, rngs, clamped, out);
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = rng.nextBoolean() ? 1f : 0f;
    }
  }
}
