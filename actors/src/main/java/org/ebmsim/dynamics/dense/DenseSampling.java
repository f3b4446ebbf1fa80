package org.ebmsim.dynamics.dense;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.SingleLayerSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Sampling of a {@link DenseMemory}: one visible layer of ±1 spins, one phase, every update rule
 * (heat-bath, Metropolis, zero-temperature asynchronous). The energy of a chain is E(σ) computed
 * in float64 from its integer overlaps, so no re-evaluation is needed.
 */
public final class DenseSampling implements SingleLayerSampling {
  private final DenseMemory memory;
  private final LayerLayout layout;

  public DenseSampling(DenseMemory memory) {
    this.memory = memory;
    this.layout = LayerLayout.of(LayerShape.of("visible", memory.units(), ValueType.SPIN, true));
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }


  @Override
  public Set<SamplerKind> samplers() {
    return EnumSet.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS, SamplerKind.DETERMINISTIC);
  }


  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofBytes(layout.layer(layer), chains);
  }

  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    byte[] b = out.bytes();
    int n = out.units();
    int base = row * n;
    for (int i = 0; i < n; i++) {
      b[base + i] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new DenseKernel(memory, layout.layer(layer), setup);
  }

  @Override
  public long extraBytesPerChain() {
    return 4L * memory.count() + 4;
  }

  @Override
  public String energyMeaning() {
    return memory.function().energyFormula();
  }

  /** The reported energy is the whole state's E with law ∝ e^{−E/T}: replica exchange uses it as is. */
  @Override
  public java.util.Optional<org.ebmsim.dynamics.sampling.TemperingEnergy> temperingEnergy() {
    return java.util.Optional.of(new org.ebmsim.dynamics.sampling.TemperingEnergy.Reported());
  }
}
