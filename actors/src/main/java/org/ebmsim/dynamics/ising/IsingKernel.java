package org.ebmsim.dynamics.ising;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * One layer of ±1 spins of an {@link IsingModel} for a batch of chains: single-site updates
 * (Gibbs, Metropolis or zero-temperature asynchronous) with O(N) incremental fields. A Hopfield
 * network is one such layer; a Boltzmann machine with hidden units is two, each receiving the
 * field {@code W_{L,P} s_P} of its partner.
 *
 * <p>Fields are recomputed from scratch at sweeps that are multiples of
 * {@value #RECOMPUTE_EVERY}, per chain, so floating-point drift is bounded and a chain's
 * trajectory does not depend on how the batch is split. The field sent to a partner layer is
 * also computed in full at the sweep just before such a multiple, so that at a multiple every
 * field a layer holds or receives is a function of the states alone: a checkpoint there is exact. Chain c of layer l draws from stream
 * {@code STREAM_LAYER_BASE + l} of its global index.
 */
public final class IsingKernel implements LayerKernel {
  /** Sweeps between full recomputations of the local fields. */
  public static final int RECOMPUTE_EVERY = 64;

  private final LayerShape shape;
  private final LayerCouplings couplings;
  private final int[] targets;
  private final boolean reportsCoupling;
  private final SpinChains state;
  private final SpinSampler sampler;
  private final SplittableRandom[] rngs;
  private final LayerBlock view;
  private final ClampMask clamps;
  private final PartnerField partnerField; // null for a single layer
  private long lastSweep = -1; // the sweep of the latest update: fields are recomputed in full after multiples

  /**
   * @param layer index of this layer in the model (selects the random stream)
   * @param partner index of the partner layer, or −1 for a single layer
   * @param reportsCoupling whether this layer's energy term includes {@code −Σ s_i ext_i} (exactly
   *     one layer of a pair does)
   */
  IsingKernel(int layer, LayerShape shape, LayerCouplings couplings, int partner, boolean reportsCoupling,
      KernelSetup setup) {
    this.shape = shape;
    this.couplings = couplings;
    this.targets = partner < 0 ? new int[0] : new int[] {partner};
    this.reportsCoupling = reportsCoupling;
    this.state = new SpinChains(couplings, setup.chains(), setup.initial().bytes(), false); // fields: prepare()
    this.sampler = switch (setup.sampler()) {
      case GIBBS -> new GibbsSampler();
      case METROPOLIS -> new MetropolisSampler();
      case DETERMINISTIC -> new AsynchronousDynamics(AsynchronousDynamics.Order.RANDOM);
      case METROPOLIS_MULTISPIN -> throw new IllegalArgumentException("Ising models have no multi-spin kernel");
    };
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + layer, setup.firstChain(),
        setup.chains());
    this.view = LayerBlock.wrap(shape, setup.chains(), state.spins());
    this.clamps = new ClampMask(shape.units());
    this.partnerField = partner < 0 ? null : new PartnerField(couplings, setup.chains());
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return state.chains();
  }

  @Override
  public void prepare(int from, int to) {
    state.recomputeFields(from, to);
  }

  @Override
  public int[] targets() {
    return targets.clone();
  }

  @Override
  public void receive(int source, FieldBlock field) {
    state.adoptExternalField(field.doubles());
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    lastSweep = sweep;
    if (sweep % RECOMPUTE_EVERY == 0) {
      state.recomputeFields(from, to);
    }
    return sampler.sweep(state, from, to, 1.0 / temperature, rngs, clamps.mask());
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    // in full after sweeps that recompute the own fields, and after the sweep before them (the
    // field a partner updated early in the next sweep then reads depends on the states alone);
    // otherwise from the changed units
    boolean full = lastSweep % RECOMPUTE_EVERY == 0 || (lastSweep + 1) % RECOMPUTE_EVERY == 0;
    partnerField.write(state, from, to, full, out.doubles());
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofDoubles(state.chains(), couplings.partnerUnits());
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      out[c] += state.internalEnergy(c) + (reportsCoupling ? state.couplingEnergy(c) : 0);
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
    for (int c = 0; c < state.chains(); c++) {
      state.set(c, unit, (byte) value);
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

  /**
   * At multiples of {@value #RECOMPUTE_EVERY}: the own fields are recomputed at the next sweep's
   * start, and the partner's field received last was computed in full (see {@link #fieldOn}).
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return sweeps % RECOMPUTE_EVERY == 0;
  }
}
