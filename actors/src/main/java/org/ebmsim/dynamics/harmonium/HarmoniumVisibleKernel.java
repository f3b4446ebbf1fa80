package org.ebmsim.dynamics.harmonium;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.UnitSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The visible spins of a batch of harmonium chains: samples {@code P(σ_i=+1 | h) = σ(2(β/T) u_i)}
 * from the field {@code u_i = Σ_μ ξ_μi f(h_μ)} the hidden layer sends, and sends back the overlaps
 * {@code I_μ = ξ_μ·σ}; its energy term is the free energy F(σ) from those overlaps. Chain c draws
 * from stream {@code STREAM_LAYER_BASE} of its global index, one {@code nextLong()} per free unit
 * per sweep, so a chain's draws do not depend on the batch it is in.
 */
final class HarmoniumVisibleKernel implements LayerKernel {
  private final Harmonium model;
  private final int chains;
  private final int n;
  private final int p;
  private final LayerBlock view;
  private final float[] sigma;
  private final SplittableRandom[] rngs;
  private final ClampMask clamps;
  private final HiddenSampler scratch;
  private final double[] inputs;
  private final double[] energies;
  private final boolean[] stale;
  private double[] field;

  HarmoniumVisibleKernel(Harmonium model, KernelSetup setup) {
    this.model = model;
    this.chains = setup.chains();
    this.n = model.visibleUnits();
    this.p = model.hiddenUnits();
    this.view = setup.initial();
    this.sigma = view.floats();
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), chains);
    this.clamps = new ClampMask(n);
    this.scratch = new HiddenSampler(model.potential());
    this.inputs = new double[p];
    this.energies = new double[chains];
    this.stale = new boolean[chains];
    java.util.Arrays.fill(stale, true);
  }

  @Override
  public LayerShape shape() {
    return view.shape();
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public int[] targets() {
    return new int[] {1};
  }

  @Override
  public void receive(int source, FieldBlock block) {
    field = block.doubles();
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    double gain = 2 * model.inverseTemperature() / temperature;
    boolean[] clamped = clamps.mask();
    long flips = 0;
    for (int c = from; c < to; c++) {
      SplittableRandom rng = rngs[c];
      int base = c * n;
      for (int i = 0; i < n; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        float s = UnitSampling.bernoulliLogit(gain * field[base + i], rng) ? 1f : -1f;
        flips += s != sigma[base + i] ? 1 : 0;
        sigma[base + i] = s;
      }
      stale[c] = true;
    }
    return flips;
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    double[] o = out.doubles();
    for (int c = from; c < to; c++) {
      model.inputs(sigma, c * n, inputs);
      System.arraycopy(inputs, 0, o, c * p, p);
    }
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofDoubles(chains, p);
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    for (int c = from; c < to; c++) {
      if (stale[c]) {
        model.inputs(sigma, c * n, inputs);
        energies[c] = model.freeEnergyOfInputs(inputs, scratch);
        stale[c] = false;
      }
      out[c] += energies[c];
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
    for (int c = 0; c < chains; c++) {
      sigma[c * n + unit] = (float) value;
      stale[c] = true;
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

  /** The chains' streams: with the states, all of the kernel's history. */
  @Override
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /**
   * Any sweep: the fields are recomputed from the partner's states when it sends them, energies
   * from the states when read, and {@link HiddenSampler} holds scratch grids only.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
