package org.ebmsim.family.attnbm;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.modern.attnbm.AttnBmKernel;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.SingleLayerSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * What the engine sees of an AttnBM: one real-valued visible layer, its energy, and an exact
 * sampler as its GIBBS update ({@link AttnBmKernel}: a fresh draw from the β-tuple mixture at β/T
 * every sweep, conditioned on clamped units) at the temperatures where β/T is a positive integer
 * ({@link #temperatureProblem}); sessions at other temperatures are refused before they start.
 */
final class AttnBmLayout implements SingleLayerSampling {
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
  public Set<SamplerKind> samplers() {
    return Set.of(SamplerKind.GIBBS);
  }

  @Override
  public java.util.Optional<String> temperatureProblem(double temperature) {
    return model.samplingProblemAt(temperature);
  }


  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  /** A standard normal state (the first sweep replaces it by an exact draw). */
  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    float[] f = out.floats();
    int n = out.units();
    for (int i = 0; i < n; i++) {
      f[row * n + i] = (float) rng.nextGaussian();
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new AttnBmKernel(model, layout.layer(layer), setup);
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
