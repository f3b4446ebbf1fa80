package org.ebmsim.dynamics.harmonium;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.UnitSampling;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.ebmsim.dynamics.train.StatefulTrainer;

/**
 * Contrastive divergence (CD-k) for the patterns ξ of a {@link Harmonium}, β and F fixed.
 *
 * <p>The log-likelihood of a row is {@code Σ_μ log Z(ξ_μ·σ) − log 𝒵} and
 * {@code ∂ log Z(I)/∂I = β E[f(h) | I]}, so {@code ∂ log p(σ)/∂ξ_μi = β (E[f(h_μ) | σ] σ_i − ⟨f(h_μ) σ_i⟩_model)}.
 * The positive phase uses {@code E[f(h) | σ]} of the data row (exactly I for F = x²/2, one draw of
 * f(h) otherwise); the negative phase runs k block Gibbs sweeps from the row (h | σ, then σ | h)
 * and takes the same statistic at the last σ. The step is {@link MomentumSgd} with the settings'
 * momentum and weight decay on ξ. Randomness comes only from the generator of each update.
 * Mutable; one thread.
 */
public final class HarmoniumCdTrainer implements StatefulTrainer {
  private final int n;
  private final int p;
  private final double beta;
  private final HiddenPotential potential;
  private final int steps;
  private final double momentum;
  private final double decay;
  private final double[] xi;
  private final double[] velocity;
  private final double[] gradient;
  private final HiddenSampler sampler;

  /**
   * @param steps k ≥ 1
   * @param momentum in [0, 1)
   * @param decay ≥ 0
   */
  public HarmoniumCdTrainer(Harmonium start, int steps, double momentum, double decay) {
    if (steps < 1 || !(momentum >= 0 && momentum < 1) || !(decay >= 0) || !Double.isFinite(decay)) {
      throw new IllegalArgumentException("CD needs k >= 1, momentum in [0, 1) and weight decay >= 0 (got k = " + steps
          + ", momentum = " + momentum + ", decay = " + decay + ")");
    }
    this.n = start.visibleUnits();
    this.p = start.hiddenUnits();
    this.beta = start.inverseTemperature();
    this.potential = start.potential();
    this.steps = steps;
    this.momentum = momentum;
    this.decay = decay;
    this.xi = start.patterns();
    this.velocity = new double[xi.length];
    this.gradient = new double[xi.length];
    this.sampler = new HiddenSampler(potential);
  }

  /**
   * One CD-k step on rows {@code rows[k·N .. (k+1)·N)} for k in {@code [0, count)} (±1 spins).
   *
   * @param rate learning rate, finite and &gt; 0
   */
  public void update(float[] rows, int count, double rate, SplittableRandom rng) {
    java.util.Arrays.fill(gradient, 0);
    Harmonium model = current();
    double[] inputs = new double[p];
    double[] field = new double[n];
    float[] sigma = new float[n];
    float[] h = new float[p];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows, r * n, sigma, 0, n);
      model.inputs(sigma, 0, inputs);
      accumulate(sigma, inputs, +1, rng);
      for (int k = 0; k < steps; k++) {
        for (int mu = 0; mu < p; mu++) {
          h[mu] = (float) sampler.draw(inputs[mu], beta, rng);
        }
        model.visibleField(h, 0, field);
        for (int i = 0; i < n; i++) {
          sigma[i] = UnitSampling.bernoulliLogit(2 * beta * field[i], rng) ? 1f : -1f;
        }
        model.inputs(sigma, 0, inputs);
      }
      accumulate(sigma, inputs, -1, rng);
    }
    double scale = beta / count;
    for (int k = 0; k < gradient.length; k++) {
      gradient[k] *= scale;
    }
    MomentumSgd.step(xi, velocity, gradient, xi.length, rate, momentum, decay);
  }

  /** gradient[μ, i] += sign · E[f(h_μ) | σ] σ_i. */
  private void accumulate(float[] sigma, double[] inputs, int sign, SplittableRandom rng) {
    for (int mu = 0; mu < p; mu++) {
      double f = potential.kind() == HiddenPotential.Kind.QUADRATIC ? inputs[mu]
          : potential.activation(sampler.draw(inputs[mu], beta, rng));
      double w = sign * f;
      int row = mu * n;
      for (int i = 0; i < n; i++) {
        gradient[row + i] += w * sigma[i];
      }
    }
  }

  /**
   * The current parameters as a model.
   *
   * @throws IllegalArgumentException if a parameter is no longer finite (training diverged)
   */
  public Harmonium current() {
    return Harmonium.of(p, n, xi, beta, potential);
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(p);
    out.writeInt(n);
    for (int k = 0; k < xi.length; k++) {
      out.writeDouble(xi[k]);
      out.writeDouble(velocity[k]);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int rp = in.readInt();
    int rn = in.readInt();
    if (rp != p || rn != n) {
      throw new IOException("state is for a " + rp + " × " + rn + " harmonium, not " + p + " × " + n);
    }
    for (int k = 0; k < xi.length; k++) {
      xi[k] = in.readDouble();
      velocity[k] = in.readDouble();
    }
  }

  @Override
  public long heapBytes() {
    return 24L * xi.length + 4L * (HiddenSampler.CELLS + 1) * 8 + 256;
  }
}
