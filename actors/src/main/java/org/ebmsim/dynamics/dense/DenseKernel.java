package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.SingleLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The single ±1 layer of a {@link DenseMemory} for a batch of chains: single-unit updates
 * (heat-bath, Metropolis or zero-temperature asynchronous) with O(p) incremental overlaps.
 *
 * <p>Overlaps are rebuilt from the spins at sweeps that are multiples of {@value #RECOMPUTE_EVERY}
 * (per chain, so a chain's trajectory does not depend on how the batch is split). Chain c draws
 * from stream {@code STREAM_LAYER_BASE} of its global index.
 */
public final class DenseKernel implements SingleLayerKernel {
  /** Sweeps between full rebuilds of the overlaps (O(N·p) per chain, the cost of one sweep). */
  public static final int RECOMPUTE_EVERY = 64;

  private final LayerShape shape;
  private final DenseChains chains;
  private final DenseSweep sweep;
  private final SplittableRandom[] rngs;
  private final LayerBlock view;
  private final ClampMask clamps;

  DenseKernel(DenseMemory memory, LayerShape shape, KernelSetup setup) {
    this.shape = shape;
    this.chains = new DenseChains(memory, setup.chains(), setup.initial().bytes(), false); // overlaps: prepare()
    this.sweep = switch (setup.sampler()) {
      case GIBBS -> new DenseGibbsSweep();
      case METROPOLIS -> new DenseMetropolisSweep();
      case DETERMINISTIC -> new DenseAsynchronousSweep();
      case METROPOLIS_MULTISPIN -> throw new IllegalArgumentException("dense models have no multi-spin kernel");
    };
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(),
        setup.chains());
    this.view = LayerBlock.wrap(shape, setup.chains(), chains.spins());
    this.clamps = new ClampMask(shape.units());
  }

  /** The chains (for tests and benchmarks). */
  DenseChains denseChains() {
    return chains;
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return chains.chains();
  }

  @Override
  public void prepare(int from, int to) {
    chains.recompute(from, to);
  }



  @Override
  public long update(int from, int to, long sweepIndex, double temperature) {
    if (sweepIndex % RECOMPUTE_EVERY == 0) {
      chains.recompute(from, to);
    }
    return sweep.sweep(chains, from, to, 1.0 / temperature, rngs, clamps.mask());
  }



  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      out[c] += chains.energy(c);
    }
  }

  @Override
  public LayerBlock states() {
    return view;
  }

  @Override
  public int freeUnits() {
    return clamps.free();
  }

  @Override
  public void clamp(int unit, double value) {
    for (int c = 0; c < chains.chains(); c++) {
      chains.set(c, unit, (byte) value);
    }
    clamps.clamp(unit);
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
  }

  @Override
  public boolean rowIndependent() {
    return true;
  }

  @Override
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /** Any sweep boundary: overlaps are integers, rebuilt exactly from the spins by {@link #prepare}. */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
