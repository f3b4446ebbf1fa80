package org.ebmsim.dynamics.ising;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Sampling of an {@link IsingModel} whose first {@code visibleUnits} units are visible: one layer
 * of spins when all are visible (a Hopfield network), else a visible and a hidden layer (a
 * Boltzmann machine) swept one after the other, the visible first, each from the field the other
 * puts on it. The energy of a chain is E(s) over all units. The layer couplings are built once
 * and shared by every batch.
 */
public final class IsingSampling implements Sampling {
  private final LayerLayout layout;
  private final LayerCouplings[] layers;
  private final IsingModel model;
  private final ElementwiseKernels kernels = Kernels.get();

  public IsingSampling(IsingModel model, int visibleUnits) {
    this.model = model;
    int n = model.units();
    if (visibleUnits < 1 || visibleUnits > n) {
      throw new IllegalArgumentException("visible units must be in [1, " + n + "] (got " + visibleUnits + ")");
    }
    if (visibleUnits == n) {
      this.layout = LayerLayout.of(LayerShape.of("visible", n, ValueType.SPIN, true));
      this.layers = new LayerCouplings[] {LayerCouplings.single(model)};
    } else {
      this.layout = LayerLayout.of(LayerShape.of("visible", visibleUnits, ValueType.SPIN, true),
          LayerShape.of("hidden", n - visibleUnits, ValueType.SPIN, false));
      this.layers = LayerCouplings.visibleHidden(model, visibleUnits);
    }
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    return layers.length == 1 ? new int[][] {{0}} : new int[][] {{0}, {1}};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return EnumSet.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS, SamplerKind.DETERMINISTIC);
  }

  @Override
  public boolean usesBlas() {
    return false;
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
    int partner = layers.length == 1 ? -1 : 1 - layer;
    return new IsingKernel(layer, layout.layer(layer), layers[layer], partner, layer == 1, setup);
  }

  /**
   * The model's energy of the chain's spins in float64 from the float64 couplings: the kernels add
   * float32 coupling rows at each flip (see {@link LayerCouplings#internalFloat}), so the energies
   * they track are within about 1e-7 relative between full recomputations, and shown states are
   * re-evaluated here.
   */
  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    int n = model.units();
    byte[] spins = new byte[n];
    int at = 0;
    for (LayerBlock layer : chain) {
      System.arraycopy(layer.bytes(), 0, spins, at, layer.units());
      at += layer.units();
    }
    // E = −½ sᵀWs − bᵀs as IsingModel#energy defines it, with sᵀW summed row by row on SIMD lanes:
    // chain groups re-evaluate their best state at every report, and the scalar double loop
    // (a reduction C2 does not vectorise) cost ~4 ms at N = 2000, more than the sweep it reports on
    double[] w = model.weightsShared();
    double[] b = model.biasShared();
    double[] sw = new double[n];
    for (int i = 0; i < n; i++) {
      kernels.addScaled(w, i * n, spins[i], sw, 0, n);
    }
    double quadratic = 0;
    double linear = 0;
    for (int j = 0; j < n; j++) {
      quadratic += spins[j] * sw[j];
      linear += b[j] * spins[j];
    }
    return -0.5 * quadratic - linear;
  }

  @Override
  public String energyMeaning() {
    return "E(s) = -½ sᵀWs - bᵀs over all units";
  }

  /** Bytes the per-layer couplings hold beyond the model itself. */
  public long heapBytes(IsingModel model) {
    long total = 0;
    for (LayerCouplings l : layers) {
      total += l.heapBytes();
    }
    // a single layer shares the model's double arrays when its diagonal is zero; its float32 copy
    // of the couplings is its own
    return layers.length == 1 && model.zeroDiagonal()
        ? (layers[0].internalFloat() == null ? 0 : 4L * model.units() * model.units()) + 64 : total;
  }

  /** The reported energy is the whole state's E with law ∝ e^{−E/T}: replica exchange uses it as is. */
  @Override
  public java.util.Optional<org.ebmsim.dynamics.sampling.TemperingEnergy> temperingEnergy() {
    return java.util.Optional.of(new org.ebmsim.dynamics.sampling.TemperingEnergy.Reported());
  }
}
