package org.ebmsim.family.vmf;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.modern.vmf.VmfKernel;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.SingleLayerSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/** What the engine sees of a model C: one real layer of directions, sampled exactly (GIBBS). */
final class VmfLayout implements SingleLayerSampling {
  private final double[] eta;
  private final double beta;
  private final LayerLayout layout;

  VmfLayout(double[] eta, double beta) {
    this.eta = eta;
    this.beta = beta;
    this.layout = LayerLayout.of(LayerShape.of("visible", eta.length, ValueType.REAL, true));
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
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  /** A uniform direction: a normalised standard normal vector. */
  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    int n = out.units();
    double[] x = new double[n];
    double sq = 0;
    while (sq == 0) {
      sq = 0;
      for (int i = 0; i < n; i++) {
        x[i] = rng.nextGaussian();
        sq += x[i] * x[i];
      }
    }
    double s = 1 / Math.sqrt(sq);
    float[] f = out.floats();
    for (int i = 0; i < n; i++) {
      f[row * n + i] = (float) (x[i] * s);
    }
  }

  /** A direction cannot keep some coordinates fixed and stay on the sphere. */
  @Override
  public boolean clampable(int layer) {
    return false;
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new VmfKernel(eta, beta, layout.layer(layer), setup);
  }

  @Override
  public String energyMeaning() {
    return "E(v) = −ηᵀv/‖v‖, η = Σ_μ ξ_μ; law ∝ e^{−βE/T} on the sphere (von Mises–Fisher)";
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    return VmfKernel.energy(eta, chain.get(0).floats(), 0);
  }
}
