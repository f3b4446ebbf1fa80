package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * One layer of a {@link SparseNetwork} for a batch of chains: chromatic sweeps
 * ({@link ChromaticSweep}) over byte states, fields read off the CSR rows. A network with hidden
 * units is two such layers, each receiving the field {@code Σ_j J_ij s_j} of the other over the
 * couplings between them (the visible layer first, as for the dense Boltzmann machine).
 *
 * <p>Each chain's internal energy is kept by adding the ΔE of its flips, and recomputed from the
 * states at sweeps that are multiples of {@value #RECOMPUTE_EVERY} (per chain, so a chain's
 * numbers never depend on how the batch is split); integer couplings make it exact anyway. Chain
 * c of layer l draws from stream {@code STREAM_LAYER_BASE + l} of its global index.
 */
public final class SparseKernel implements LayerKernel {
  /** Sweeps between recomputations of the tracked energies (float drift with real couplings). */
  public static final int RECOMPUTE_EVERY = 64;

  private final LayerShape shape;
  private final SparseLayer layer;
  private final SparseLayer partner; // null for a single layer
  private final int[] targets;
  private final boolean reportsCoupling;
  private final int units;
  private final int chains;
  private final byte[] states;
  private final double[] energies;
  private final ChromaticSweep sweep;
  private final SplittableRandom[] rngs;
  private final LayerBlock view;
  private final ClampMask clamps;
  private final double[] delta = new double[1];
  private double[] external; // partner's field, chains × units, or null

  SparseKernel(int index, LayerShape shape, SparseLayer layer, SparseLayer partner, int partnerIndex,
      boolean reportsCoupling, KernelSetup setup) {
    this.shape = shape;
    this.layer = layer;
    this.partner = partner;
    this.targets = partner == null ? new int[0] : new int[] {partnerIndex};
    this.reportsCoupling = reportsCoupling;
    this.units = layer.units();
    this.chains = setup.chains();
    this.states = setup.initial().bytes();
    byte low = layer.low();
    for (int k = 0; k < states.length; k++) {
      if (states[k] != low && states[k] != 1) {
        throw new IllegalArgumentException("initial state entries must be " + low + " or 1 (got " + states[k]
            + " at chain " + k / units + ", unit " + k % units + ")");
      }
    }
    this.energies = new double[chains];
    this.sweep = new ChromaticSweep(layer, setup.sampler());
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + index, setup.firstChain(),
        chains);
    this.view = LayerBlock.wrap(shape, chains, states);
    this.clamps = new ClampMask(units);
  }

  @Override
  public LayerShape shape() {
    return shape;
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public void prepare(int from, int to) {
    recompute(from, to);
  }

  private void recompute(int from, int to) {
    for (int c = from; c < to; c++) {
      energies[c] = layer.internalEnergy(states, c * units);
    }
  }

  @Override
  public int[] targets() {
    return targets.clone();
  }

  @Override
  public void receive(int source, FieldBlock field) {
    external = field.doubles();
  }

  @Override
  public long update(int from, int to, long sweepIndex, double temperature) {
    if (sweepIndex % RECOMPUTE_EVERY == 0) {
      recompute(from, to);
    }
    double beta = 1.0 / temperature;
    boolean[] mask = clamps.mask();
    long flips = 0;
    for (int c = from; c < to; c++) {
      delta[0] = 0;
      flips += sweep.sweep(states, c * units, external, rngs[c], beta, mask, delta);
      energies[c] += delta[0];
    }
    return flips;
  }

  /** out[c, j] = Σ_i J_ji s_i over this layer's units i, for partner unit j. */
  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    SparseCouplings.Block b = partner.inbound();
    double[] o = out.doubles();
    int pu = partner.units();
    for (int c = from; c < to; c++) {
      int base = c * units;
      int outBase = c * pu;
      for (int j = 0; j < pu; j++) {
        o[outBase + j] = b.field(states, base, j);
      }
    }
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofDoubles(chains, partner.units());
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      double e = energies[c];
      if (reportsCoupling) {
        int base = c * units;
        double coupling = 0;
        for (int i = 0; i < units; i++) {
          coupling += states[base + i] * external[base + i];
        }
        e -= coupling;
      }
      out[c] += e;
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
    byte v = (byte) value;
    for (int c = 0; c < chains; c++) {
      states[c * units + unit] = v;
    }
    recompute(0, chains);
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
   * At multiples of {@value #RECOMPUTE_EVERY}: the tracked energies (which carry the rounding of
   * their increments) are recomputed from the states there; the fields sent are always computed
   * in full.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return sweeps % RECOMPUTE_EVERY == 0;
  }
}
