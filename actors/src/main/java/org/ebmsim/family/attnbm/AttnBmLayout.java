package org.ebmsim.family.attnbm;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * What the engine sees of an AttnBM: one real-valued visible layer and its energy, but no update
 * rule. The session engine has no chain kernel for this family (its exact sampler draws
 * independent samples from the β-tuple mixture; it is not a Markov chain over layers), so
 * {@link #samplers()} is empty and {@link AttnBmModel#samplingProblem()} makes the engine and the
 * services refuse every session before a kernel is asked for.
 */
final class AttnBmLayout implements Sampling {
  static final String NO_SESSIONS = "the attnbm family has no chain sampler in the session engine (Anneal,"
      + " Complete and EstimatePartitionFunction do not apply); use Evaluate for its exact likelihood,"
      + " Reconstruct for conditional means and one-step retrieval, ExactSummary for log Z, and Train with"
      + " EXACT_LIKELIHOOD or DENOISING_SCORE_MATCHING";

  private final AttnBm model;
  private final LayerLayout layout;

  AttnBmLayout(AttnBm model) {
    this.model = model;
    this.layout = LayerLayout.of(LayerShape.of("visible", model.visibleUnits(), ValueType.REAL, true));
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    return new int[][] {{0}};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return Set.of();
  }

  @Override
  public boolean usesBlas() {
    return false;
  }

  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  /** A standard normal state (what a chain would start from, were there one). */
  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    float[] f = out.floats();
    int n = out.units();
    for (int i = 0; i < n; i++) {
      f[row * n + i] = (float) rng.nextGaussian();
    }
  }

  /** Unreachable through the engine, which refuses this model's sessions first (see the class comment). */
  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    throw new IllegalStateException(NO_SESSIONS);
  }

  @Override
  public String energyMeaning() {
    return "E(v) = ½‖v − b‖² − log Σ_μ exp(ξ_μ·(v − b) + c_μ), law ∝ e^{−βE}";
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    float[] f = chain.get(0).floats();
    double[] v = new double[model.visibleUnits()];
    for (int i = 0; i < v.length; i++) {
      v[i] = f[i];
    }
    return model.energy(v);
  }
}
