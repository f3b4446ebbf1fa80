package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.blas.SubsetSumTable;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The visible layer of a batch of RBM chains: samples v from the hidden layer's product
 * {@code H·Wᵀ} (bias added in the sampling loop), then computes {@code x = V·W_h} with one GEMM
 * straight into the field block it sends to the hidden layer (which adds c in its sampling
 * loop); the free energies F(v) are read from the same x, and only when asked for (a softplus per
 * hidden unit costs about a third of a sweep). Writing x nowhere else keeps a sweep's working set
 * (W, both layers, both fields) as small as the sampler's before the engine rewrite: with 784 × 500
 * float weights it fits a 2 MB L2 cache, and every extra copy measurably slowed the GEMMs.
 * Chain c draws from stream {@code STREAM_LAYER_BASE} of its global index.
 */
final class RbmVisibleKernel implements LayerKernel {
  private final Rbm rbm;
  private final Gemm gemm;
  private final Gemm.FloatOperand hiddenWeights;
  private final SubsetSumTable table; // null: V·W_h through BLAS
  private final SubsetSumTable.Scratch scratch;
  private final int chains;
  private final float[] v;
  private final LayerBlock view;
  private final SplittableRandom[] rngs;
  private final boolean zeroTemperature;
  /**
   * V·W_h of the current states: the last field block written (never written again by this kernel;
   * engines send or reuse blocks, they do not change them), or {@link #own} when energies were
   * asked for before any field was sent.
   */
  private float[] x;
  private float[] own;
  private final double[] freeEnergies;
  private final float[] before; // the states before an update, to count flips
  private float[] wh;
  private final ClampMask clamps;
  private boolean fieldStale = true;
  private boolean energiesStale = true;

  RbmVisibleKernel(RbmSampling sampling, KernelSetup setup) {
    this.rbm = sampling.rbm();
    this.gemm = setup.gemm();
    this.table = SubsetSumTable.wanted(gemm) ? sampling.tables().hiddenInput() : null;
    this.hiddenWeights = table == null ? sampling.operands(gemm).hiddenWeights() : null;
    this.scratch = table == null ? null : table.newScratch(setup.chains());
    this.chains = setup.chains();
    this.view = setup.initial();
    this.v = view.floats();
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), chains);
    this.zeroTemperature = setup.sampler() == SamplerKind.DETERMINISTIC;
    this.freeEnergies = new double[chains];
    this.before = new float[v.length];
    this.clamps = new ClampMask(rbm.visible);
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
  public void receive(int source, FieldBlock field) {
    wh = field.floats();
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    int lo = from * rbm.visible;
    int hi = to * rbm.visible;
    System.arraycopy(v, lo, before, lo, hi - lo);
    rbm.sampleVisible(wh, from, to, zeroTemperature ? RbmSampling.ZERO_TEMPERATURE : temperature, rngs, clamps.mask(),
        v);
    long flips = 0;
    for (int k = lo; k < hi; k++) {
      flips += v[k] != before[k] ? 1 : 0;
    }
    fieldStale = true;
    energiesStale = true;
    return flips;
  }

  /** x = V·W_h into {@code target}, which becomes x (by the subset-sum table when v is two-valued). */
  private void computeField(float[] target) {
    int nv = rbm.visible;
    int nh = rbm.hidden;
    if (table != null) {
      table.multiply(v, nv, 0, chains, target, nh, scratch);
    } else {
      gemm.sgemm(false, false, chains, nh, nv, 1f, v, nv, hiddenWeights, nh, 0f, target, nh);
    }
    x = target;
    fieldStale = false;
  }

  /** F(v) from x, when the states changed since they were last computed. */
  private void refreshEnergies() {
    if (fieldStale) {
      if (own == null) {
        own = new float[chains * rbm.hidden];
      }
      computeField(own);
    }
    if (energiesStale) {
      rbm.freeEnergies(v, x, chains, freeEnergies);
      energiesStale = false;
    }
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    if (fieldStale) {
      computeField(out.floats());
    } else if (x != out.floats()) {
      System.arraycopy(x, 0, out.floats(), 0, x.length);
    }
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofFloats(chains, rbm.hidden);
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    refreshEnergies();
    for (int c = from; c < to; c++) {
      out[c] += freeEnergies[c];
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
      v[c * rbm.visible + unit] = (float) value;
    }
    clamps.clamp(unit);
    fieldStale = true;
    energiesStale = true;
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
  }

  @Override
  public boolean rowIndependent() {
    return false;
  }

  @Override
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /**
   * Any sweep boundary: the states and streams are all the history; the field x and the free
   * energies are recomputed from v by the same product on the same batch (subset-sum table or
   * GEMM, scratch only; the engine primes them).
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
