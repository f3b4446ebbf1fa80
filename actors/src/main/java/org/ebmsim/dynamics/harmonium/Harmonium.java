package org.ebmsim.dynamics.harmonium;

import java.util.Arrays;

/**
 * A model-A Boltzmann machine: N visible spins, p real hidden units, patterns ξ (p × N, row-major),
 * inverse temperature β and hidden Lagrangian F. Joint law
 * {@code ∝ exp(−β Σ_μ [h_μ f(h_μ) − F(h_μ) − f(h_μ) ξ_μ·σ])}; integrating h out gives
 * {@code p(σ) ∝ Π_μ Z(ξ_μ·σ)} with {@code Z(I) = ∫ e^{−β g(h; I)} dh}. The free energy
 * {@link #freeEnergy} is {@code −Σ_μ [log Z(I_μ) − log Z(0)]} (dimensionless, 0 when every overlap
 * is 0); for F = x²/2 it is {@code −β Σ_μ I_μ²/2}, the binary–Gaussian RBM's {@code βH(s)} with
 * W = ξᵀ and zero biases. Immutable.
 */
public final class Harmonium {
  private final int visible;
  private final int hidden;
  private final double[] xi;
  private final double beta;
  private final HiddenPotential potential;

  private Harmonium(int visible, int hidden, double[] xi, double beta, HiddenPotential potential) {
    this.visible = visible;
    this.hidden = hidden;
    this.xi = xi;
    this.beta = beta;
    this.potential = potential;
  }

  /**
   * Validates and copies.
   *
   * @param xi p × N row-major, finite
   * @param beta finite, &gt; 0
   */
  public static Harmonium of(int hidden, int visible, double[] xi, double beta, HiddenPotential potential) {
    if (visible < 1 || hidden < 1 || xi.length != (long) visible * hidden) {
      throw new IllegalArgumentException("patterns must be p × N with p, N ≥ 1 (got " + hidden + " × " + visible
          + " for " + xi.length + " values)");
    }
    for (int k = 0; k < xi.length; k++) {
      if (!Double.isFinite(xi[k])) {
        throw new IllegalArgumentException("pattern entry [" + k / visible + "][" + k % visible + "] is not finite");
      }
    }
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("β must be finite and > 0 (got " + beta + ")");
    }
    return new Harmonium(visible, hidden, xi.clone(), beta, potential);
  }

  public int visibleUnits() {
    return visible;
  }

  public int hiddenUnits() {
    return hidden;
  }

  public double inverseTemperature() {
    return beta;
  }

  public HiddenPotential potential() {
    return potential;
  }

  /** ξ_μi. */
  public double pattern(int mu, int i) {
    return xi[mu * visible + i];
  }

  /** A copy of ξ (p × N row-major). */
  public double[] patterns() {
    return xi.clone();
  }

  /** {@code I_μ = ξ_μ·σ} for every μ, σ at {@code sigma[offset .. offset+N)}. */
  public void inputs(float[] sigma, int offset, double[] out) {
    for (int mu = 0; mu < hidden; mu++) {
      double s = 0;
      int row = mu * visible;
      for (int i = 0; i < visible; i++) {
        s += xi[row + i] * sigma[offset + i];
      }
      out[mu] = s;
    }
  }

  /** {@code Σ_μ ξ_μi f(h_μ)} for every i, h at {@code h[offset .. offset+p)}. */
  public void visibleField(float[] h, int offset, double[] out) {
    Arrays.fill(out, 0);
    for (int mu = 0; mu < hidden; mu++) {
      double f = potential.activation(h[offset + mu]);
      int row = mu * visible;
      for (int i = 0; i < visible; i++) {
        out[i] += xi[row + i] * f;
      }
    }
  }

  /** {@code −Σ_μ [log Z(I_μ) − log Z(0)]} at the model's β, for ±1 spins σ. */
  public double freeEnergy(double[] sigma, HiddenSampler scratch) {
    if (sigma.length != visible) {
      throw new IllegalArgumentException("need " + visible + " spins (got " + sigma.length + ")");
    }
    float[] s = new float[visible];
    for (int i = 0; i < visible; i++) {
      s[i] = (float) sigma[i];
    }
    double[] in = new double[hidden];
    inputs(s, 0, in);
    return freeEnergyOfInputs(in, scratch);
  }

  /** The free energy from the overlaps I. */
  public double freeEnergyOfInputs(double[] inputs, HiddenSampler scratch) {
    double z0 = scratch.logPartition(0, beta);
    double f = 0;
    for (double in : inputs) {
      f -= scratch.logPartition(in, beta) - z0;
    }
    return f;
  }
}
