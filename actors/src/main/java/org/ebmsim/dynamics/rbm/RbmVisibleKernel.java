package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * The visible layer of a batch of RBM chains: samples v from the hidden layer's product
 * {@code H·Wᵀ} (bias added in the sampling loop), then computes the hidden input
 * {@code x = c + V·W_h} with one GEMM; x is both the field it sends to the hidden layer and what
 * the free energies F(v) are read from. Chain c draws from stream {@code STREAM_LAYER_BASE} of
 * its global index.
 */
final class RbmVisibleKernel implements LayerKernel {
  private final Rbm rbm;
  private final Gemm gemm;
  private final Gemm.FloatOperand hiddenWeights;
  private final int chains;
  private final float[] v;
  private final LayerBlock view;
  private final SplittableRandom[] rngs;
  private final boolean zeroTemperature;
  private final float[] x;
  private final double[] freeEnergies;
  private float[] wh;
  private final ClampMask clamps;
  private boolean stale = true;

  RbmVisibleKernel(RbmSampling sampling, KernelSetup setup) {
    this.rbm = sampling.rbm();
    this.gemm = setup.gemm();
    this.hiddenWeights = sampling.operands(gemm).hiddenWeights();
    this.chains = setup.chains();
    this.view = setup.initial();
    this.v = view.floats();
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), chains);
    this.zeroTemperature = setup.sampler() == SamplerKind.DETERMINISTIC;
    this.x = new float[chains * rbm.hidden];
    this.freeEnergies = new double[chains];
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
    float[] before = v.clone();
    rbm.sampleVisible(wh, chains, zeroTemperature ? RbmSampling.ZERO_TEMPERATURE : temperature, rngs, clamps.mask(), v);
    long flips = 0;
    for (int k = 0; k < v.length; k++) {
      flips += v[k] != before[k] ? 1 : 0;
    }
    stale = true;
    return flips;
  }

  /** x = c + V·W_h and F(v) from it, when the states changed since they were last computed. */
  private void refresh() {
    if (!stale) {
      return;
    }
    int nv = rbm.visible;
    int nh = rbm.hidden;
    gemm.sgemm(false, false, chains, nh, nv, 1f, v, nv, hiddenWeights, nh, 0f, x, nh);
    float[] c = rbm.hiddenBiasF;
    for (int r = 0; r < chains; r++) {
      int base = r * nh;
      for (int j = 0; j < nh; j++) {
        x[base + j] += c[j];
      }
    }
    rbm.freeEnergies(v, x, chains, freeEnergies);
    stale = false;
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    refresh();
    System.arraycopy(x, 0, out.floats(), 0, x.length);
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofFloats(chains, rbm.hidden);
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    refresh();
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
    stale = true;
  }

  @Override
  public void release(int unit) {
    clamps.release(unit);
  }

  @Override
  public boolean rowIndependent() {
    return false;
  }
}
