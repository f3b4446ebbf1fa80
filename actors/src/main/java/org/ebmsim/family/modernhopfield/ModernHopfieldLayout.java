package org.ebmsim.family.modernhopfield;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.modern.continuous.ModernHopfield;
import org.ebmsim.dynamics.modern.continuous.ModernHopfieldKernel;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.SingleLayerSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * What the engine sees of a modern Hopfield network: one real visible layer whose only update
 * rule is the deterministic attention update (so Complete runs in DETERMINISTIC mode and the
 * stochastic modes are refused as unavailable for the model).
 */
final class ModernHopfieldLayout implements SingleLayerSampling {
  private final ModernHopfield network;
  private final LayerLayout layout;
  private final double entryScale;

  ModernHopfieldLayout(ModernHopfield network) {
    this.network = network;
    this.layout = LayerLayout.of(LayerShape.of("visible", network.units(), ValueType.REAL, true));
    this.entryScale = network.entryScale();
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }


  @Override
  public Set<SamplerKind> samplers() {
    return Set.of(SamplerKind.DETERMINISTIC);
  }


  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  /**
   * Unknown units start from N(0, s²) with s the patterns' root-mean-square entry, so a start
   * sits at the scale of the memories whatever units they are stored in.
   */
  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    float[] f = out.floats();
    int n = out.units();
    for (int i = 0; i < n; i++) {
      f[row * n + i] = (float) (entryScale * rng.nextGaussian());
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new ModernHopfieldKernel(network, layout.layer(layer), setup.initial());
  }

  /** Per chain: the states' floats plus the kernel's p + N scratch (shared by the batch, counted per chain). */
  @Override
  public long extraBytesPerChain() {
    return 8L * network.patternCount();
  }

  @Override
  public String energyMeaning() {
    return "E(v) = −β⁻¹ log Σ_μ exp(β ξ_μ·v) + ½ vᵀv + β⁻¹ log p + ½ M² (≥ 0)";
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    float[] row = new float[network.units()];
    System.arraycopy(chain.get(0).floats(), 0, row, 0, row.length);
    return network.energy(row);
  }
}
