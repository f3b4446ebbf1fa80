package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * Binary–Gaussian RBM of Smart &amp; Zilman (the Hopfield-equivalent RBM): N visible spins s ∈ {−1,+1},
 * p real hidden λ, Hamiltonian {@code H(s,λ) = ½‖λ − c‖² − bᵀs − sᵀWλ} and law {@code ∝ exp(−βH)}.
 *
 * <p>Conditionals: {@code λ | s ~ N(c + Wᵀs, 1/β)} (the hidden field is the mean {@code c + Wᵀs});
 * {@code P(s_i=+1 | λ) = σ(2β(b_i + (Wλ)_i))} (the visible field is {@code b + Wλ}). Integrating λ out
 * gives the Ising model {@code H(s) = −bᵀs − ½‖Wᵀs‖² − cᵀWᵀs} with couplings {@code J = WWᵀ}
 * (self-couplings kept), and {@code Z_visible = Σ_s e^{−βH(s)} = Z_joint·(β/2π)^{p/2}}.
 * {@link #freeEnergy} is {@code βH(s)}, so it pairs with {@code Z_visible}.
 */
public final class BinaryGaussianRbm extends Rbm {
  private final double inverseTemperature;
  private final double hiddenSd;

  private BinaryGaussianRbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias,
      double inverseTemperature) {
    super(visible, hidden, weights, visibleBias, hiddenBias);
    Checks.positiveFinite("inverseTemperature", inverseTemperature);
    this.inverseTemperature = inverseTemperature;
    this.hiddenSd = 1 / Math.sqrt(inverseTemperature);
  }

  /**
   * Validates and copies the parameters.
   *
   * @param weights W, row-major N × p
   * @param visibleBias b (length N) or null for zeros
   * @param hiddenBias c (length p) or null for zeros
   * @param inverseTemperature β, finite and > 0
   */
  public static BinaryGaussianRbm of(int visibleUnits, int hiddenUnits, double[] weights, double[] visibleBias,
      double[] hiddenBias, double inverseTemperature) {
    return new BinaryGaussianRbm(visibleUnits, hiddenUnits, weights, visibleBias, hiddenBias, inverseTemperature);
  }

  /** β. */
  public double inverseTemperature() {
    return inverseTemperature;
  }

  /** {@code log Z_visible − log Z_joint = (p/2) log(β/2π)}. */
  public double logVisibleOverJoint() {
    return 0.5 * hidden * Math.log(inverseTemperature / (2 * Math.PI));
  }

  /** {@code H(s,λ) = ½‖λ − c‖² − bᵀs − sᵀWλ}. */
  @Override
  public double energy(double[] s, double[] lambda) {
    checkVisible(s);
    checkHidden(lambda);
    double q = 0;
    for (int m = 0; m < hidden; m++) {
      double d = lambda[m] - hiddenBias[m];
      q += d * d;
    }
    return 0.5 * q - dot(visibleBias, s) - coupling(s, lambda);
  }

  /** The marginal Ising Hamiltonian {@code H(s) = −bᵀs − ½‖Wᵀs‖² − cᵀWᵀs}. */
  public double isingEnergy(double[] s) {
    checkVisible(s);
    double[] cu = hiddenInput(s); // c + Wᵀs
    // −½‖u‖² − cᵀu = −½‖c+u‖² + ½‖c‖²
    double h = -dot(visibleBias, s) + 0.5 * dot(hiddenBias, hiddenBias);
    for (double x : cu) {
      h -= 0.5 * x * x;
    }
    return h;
  }

  /** {@code F(s) = β H(s)}. */
  @Override
  public double freeEnergy(double[] s) {
    return inverseTemperature * isingEnergy(s);
  }

  /** The couplings {@code J = WWᵀ} (N × N, row-major) of the marginal Ising model. */
  public double[] couplings() {
    double[] j = new double[visible * visible];
    for (int a = 0; a < visible; a++) {
      for (int b = 0; b < visible; b++) {
        double s = 0;
        for (int m = 0; m < hidden; m++) {
          s += weights[a * hidden + m] * weights[b * hidden + m];
        }
        j[a * visible + b] = s;
      }
    }
    return j;
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
    return false;
  }

  @Override
  void sampleHiddenFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, float[] out) {
    UnitSampling.gaussian(field, bias, rows, hidden, null, hiddenSd, rngs, null, out);
  }

  @Override
  void sampleVisibleFromField(float[] field, float[] bias, int rows, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.spin(field, bias, rows, visible, inverseTemperature, rngs, clamped, out);
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = rng.nextBoolean() ? 1f : -1f;
    }
  }
}
