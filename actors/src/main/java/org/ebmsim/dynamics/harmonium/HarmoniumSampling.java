package org.ebmsim.dynamics.harmonium;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Block Gibbs sampling of a {@link Harmonium}, like an RBM: layer 0 the ±1 visible spins, layer 1
 * the real hidden units, phases {@code {{1}, {0}}} (hidden given visible, then visible given
 * hidden). A chain's energy is the visible free energy. The kernels loop in plain Java (no BLAS),
 * so chain ranges are independent and any batch split gives the same numbers. At temperature T
 * both conditionals use β/T.
 */
public final class HarmoniumSampling implements Sampling {
  private final Harmonium model;
  private final LayerLayout layout;

  public HarmoniumSampling(Harmonium model) {
    this.model = model;
    this.layout = LayerLayout.of(LayerShape.of("visible", model.visibleUnits(), ValueType.SPIN, true),
        LayerShape.of("hidden", model.hiddenUnits(), ValueType.REAL, false));
  }

  public Harmonium model() {
    return model;
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    return new int[][] {{1}, {0}};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return Set.of(SamplerKind.GIBBS);
  }

  @Override
  public boolean usesBlas() {
    return false;
  }

  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  /** Visible: uniform ±1. Hidden: a draw from p(h | σ = 0) at β, i.e. from the law with no input. */
  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    float[] f = out.floats();
    int n = out.units();
    if (layer == 0) {
      for (int i = 0; i < n; i++) {
        f[row * n + i] = rng.nextBoolean() ? 1f : -1f;
      }
    } else {
      HiddenSampler s = new HiddenSampler(model.potential());
      for (int i = 0; i < n; i++) {
        f[row * n + i] = (float) s.draw(0, model.inverseTemperature(), rng);
      }
    }
  }

  @Override
  public boolean clampable(int layer) {
    return layer == 0;
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return layer == 0 ? new HarmoniumVisibleKernel(model, setup) : new HarmoniumHiddenKernel(model, setup);
  }

  /** Per chain: the two float64 fields (N + p) the kernels exchange. */
  @Override
  public long extraBytesPerChain() {
    return 8L * (model.visibleUnits() + model.hiddenUnits());
  }

  @Override
  public String energyMeaning() {
    return "free energy F(σ) = −Σ_μ [log Z(ξ_μ·σ) − log Z(0)], Z(I) = ∫ exp(−β[h f(h) − F(h) − f(h) I]) dh"
        + " (hidden units integrated out; p(σ) ∝ e^{−F(σ)})";
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    LayerBlock v = chain.get(0);
    double[] sigma = new double[v.units()];
    for (int i = 0; i < sigma.length; i++) {
      sigma[i] = v.get(0, i);
    }
    return model.freeEnergy(sigma, new HiddenSampler(model.potential()));
  }
}
