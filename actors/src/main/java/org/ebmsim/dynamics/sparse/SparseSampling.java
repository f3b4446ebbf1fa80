package org.ebmsim.dynamics.sparse;

import java.util.EnumSet;
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

/**
 * Sampling of a {@link SparseNetwork}: one layer when every unit is visible, else a visible and a
 * hidden layer swept one after the other (visible first), each from the field the other puts on
 * it; each layer is swept chromatically. The layers (couplings split, colourings, integer copies)
 * are built once and shared by every batch.
 */
public final class SparseSampling implements Sampling {
  private final SparseNetwork network;
  private final LayerLayout layout;
  private final SparseLayer[] layers;
  /** The ±J form for {@link SamplerKind#METROPOLIS_MULTISPIN}, or null when the network has none. */
  private final MultiSpinCouplings multiSpin;
  private final String multiSpinProblem;

  public SparseSampling(SparseNetwork network) {
    this.network = network;
    int n = network.units();
    int v = network.visibleUnits();
    if (v == n) {
      this.layout = LayerLayout.of(LayerShape.of("visible", n, network.values(), true));
      this.layers = new SparseLayer[] {new SparseLayer(network, 0, n, -1, -1)};
    } else {
      this.layout = LayerLayout.of(LayerShape.of("visible", v, network.values(), true),
          LayerShape.of("hidden", n - v, network.values(), false));
      this.layers = new SparseLayer[] {new SparseLayer(network, 0, v, v, n), new SparseLayer(network, v, n, 0, v)};
    }
    this.multiSpinProblem = MultiSpinCouplings.problem(network).orElse(null);
    this.multiSpin = multiSpinProblem == null ? MultiSpinCouplings.of(network) : null;
  }

  /**
   * Why {@link SamplerKind#METROPOLIS_MULTISPIN} is not offered for this network, or empty when
   * it is (spins, all visible, no biases, every coupling ±J of one magnitude).
   */
  public java.util.Optional<String> multiSpinProblem() {
    return java.util.Optional.ofNullable(multiSpinProblem);
  }

  @Override
  public java.util.Optional<String> samplerProblem(SamplerKind kind) {
    if (kind == SamplerKind.METROPOLIS_MULTISPIN && multiSpinProblem != null) {
      return java.util.Optional.of(multiSpinProblem);
    }
    return Sampling.super.samplerProblem(kind);
  }

  /** The layers' shared data (for tests and benchmarks). */
  public SparseLayer layer(int index) {
    return layers[index];
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
    EnumSet<SamplerKind> kinds = EnumSet.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS, SamplerKind.DETERMINISTIC);
    if (multiSpin != null) {
      kinds.add(SamplerKind.METROPOLIS_MULTISPIN);
    }
    return kinds;
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
    byte low = network.low();
    for (int i = 0; i < n; i++) {
      b[base + i] = rng.nextBoolean() ? (byte) 1 : low;
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    if (setup.sampler() == SamplerKind.METROPOLIS_MULTISPIN) {
      if (multiSpin == null) {
        throw new IllegalArgumentException("the multi-spin kernel cannot sample this network: " + multiSpinProblem);
      }
      return new MultiSpinKernel(layout.layer(0), multiSpin, setup);
    }
    if (layers.length == 1) {
      return new SparseKernel(0, layout.layer(0), layers[0], null, -1, false, setup);
    }
    return new SparseKernel(layer, layout.layer(layer), layers[layer], layers[1 - layer], 1 - layer, layer == 1,
        setup);
  }

  /** The network's energy of the chain's units in float64 (tracked energies drift with real couplings). */
  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    byte[] s = new byte[network.units()];
    int at = 0;
    for (LayerBlock layer : chain) {
      System.arraycopy(layer.bytes(), 0, s, at, layer.units());
      at += layer.units();
    }
    return network.energy(s, 0);
  }

  /**
   * Every layer is sampled (hidden units too, never summed out) and the layers' energy terms add
   * up to E(s) over all units: the reported energy is the joint one replica exchange needs.
   */
  @Override
  public java.util.Optional<org.ebmsim.dynamics.sampling.TemperingEnergy> temperingEnergy() {
    return java.util.Optional.of(new org.ebmsim.dynamics.sampling.TemperingEnergy.Reported());
  }

  @Override
  public String energyMeaning() {
    return "E(s) = -½ sᵀJs - bᵀs over all units (sparse J)";
  }

  /** Bytes the layers hold beyond the network. */
  public long heapBytes() {
    long total = 0;
    for (SparseLayer l : layers) {
      total += l.heapBytes(layers.length == 1);
    }
    return total + (multiSpin == null ? 0 : multiSpin.heapBytes());
  }

  /** Bytes the layers of {@code network}'s size will hold, before they are built (an upper bound). */
  public static long estimateBytes(long units, long entries) {
    // colouring (order + colour + BFS queue transient), biases, integer copies, a split copy of the CSR,
    // the multi-spin kernel's bond signs (a byte per entry)
    return 16L * units + 8L * units + 2 * entries + SparseCouplings.bytesFor(units, entries) + 320;
  }
}
