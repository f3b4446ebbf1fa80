package org.ebmsim.dynamics.harmonium;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.SummedOutLayerKernel;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The real hidden units of a batch of harmonium chains: draws each h_μ from
 * {@code p(h | I_μ) ∝ exp(−(β/T) g(h; I_μ))} ({@link HiddenSampler}) from the overlaps the visible
 * layer sends, and sends back {@code u_i = Σ_μ ξ_μi f(h_μ)}. Energy term 0 (a chain's energy is
 * the visible free energy); hidden changes are not counted in flip rates. Chain c draws from
 * stream {@code STREAM_LAYER_BASE + 1} of its global index.
 */
final class HarmoniumHiddenKernel implements SummedOutLayerKernel {
  private final Harmonium model;
  private final int chains;
  private final int n;
  private final int p;
  private final LayerBlock view;
  private final float[] h;
  private final SplittableRandom[] rngs;
  private final HiddenSampler sampler;
  private final double[] row;
  private double[] inputs;

  HarmoniumHiddenKernel(Harmonium model, KernelSetup setup) {
    this.model = model;
    this.chains = setup.chains();
    this.n = model.visibleUnits();
    this.p = model.hiddenUnits();
    this.view = setup.initial();
    this.h = view.floats();
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + 1, setup.firstChain(), chains);
    this.sampler = new HiddenSampler(model.potential());
    this.row = new double[n];
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
    return new int[] {0};
  }

  @Override
  public void receive(int source, FieldBlock field) {
    inputs = field.doubles();
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    double b = model.inverseTemperature() / temperature;
    for (int c = from; c < to; c++) {
      SplittableRandom rng = rngs[c];
      for (int mu = 0; mu < p; mu++) {
        h[c * p + mu] = (float) sampler.draw(inputs[c * p + mu], b, rng);
      }
    }
    return 0;
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    double[] o = out.doubles();
    for (int c = from; c < to; c++) {
      model.visibleField(h, c * p, row);
      System.arraycopy(row, 0, o, c * n, n);
    }
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofDoubles(chains, n);
  }


  @Override
  public LayerBlock states() {
    return view;
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
