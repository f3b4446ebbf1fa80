package org.ebmsim.dynamics.rbm;

import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * Block Gibbs sampling of an {@link Rbm}: a sweep samples the hidden layer from the visible
 * layer's hidden input, then the visible layer from the hidden layer's product (phases
 * {@code {{1}, {0}}}). The energy of a chain is the free energy F(v) of its visible state, which
 * the visible kernel gets from the hidden input it computes anyway. The weight operands for BLAS
 * are made once per GEMM implementation and shared by every batch.
 */
public final class RbmSampling implements Sampling {
  /**
   * Temperature standing in for T → 0 in zero-temperature (deterministic) block updates:
   * conditionals become steps (|field|/T overflows no float for fields below 1e29) and Gaussian
   * units collapse onto their means.
   */
  public static final double ZERO_TEMPERATURE = 1e-9;

  private final Rbm rbm;
  private final LayerLayout layout;
  private final Map<Gemm, Operands> operands = new IdentityHashMap<>();

  /** The weights in a GEMM implementation's memory: W_h for the hidden input, W for H·Wᵀ. */
  record Operands(Gemm.FloatOperand hiddenWeights, Gemm.FloatOperand weights) {}

  public RbmSampling(Rbm rbm) {
    this.rbm = rbm;
    this.layout = LayerLayout.of(LayerShape.of("visible", rbm.visibleUnits(), rbm.visibleType(), true,
        rbm.maxVisibleValue()),
        LayerShape.of("hidden", rbm.hiddenUnits(), rbm.hiddenType(), false));
  }

  public Rbm rbm() {
    return rbm;
  }

  /** Computed once: the RBM is immutable. */
  private volatile double maxTemperature = Double.NaN;

  @Override
  public double maxTemperature() {
    double t = maxTemperature;
    if (Double.isNaN(t)) {
      t = rbm.maxSamplingTemperature();
      maxTemperature = t;
    }
    return t;
  }

  /** The model's subset-sum tables ({@link Rbm#tables}). */
  Rbm.Tables tables() {
    return rbm.tables();
  }

  /** Bytes of the subset-sum tables this model's sampling makes, whether made yet or not. */
  public long tableBytes() {
    return rbm.tableBytes();
  }

  /** The operands for {@code gemm}, made on first use (native memory for OpenBLAS). */
  synchronized Operands operands(Gemm gemm) {
    return operands.computeIfAbsent(gemm, g -> {
      Gemm.FloatOperand h = g.operand(rbm.hiddenFieldWeights());
      Gemm.FloatOperand w = rbm.hiddenFieldWeights() == rbm.weightsF ? h : g.operand(rbm.weightsF);
      return new Operands(h, w);
    });
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    return new int[][] {{1}, {0}};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return EnumSet.of(SamplerKind.GIBBS, SamplerKind.DETERMINISTIC);
  }

  /**
   * True: chain groups get the configured batch height. Subset-sum products
   * ({@link Rbm#tables}) would give the same bits for any grouping, but like GEMMs they want tall
   * batches (each product streams the whole table once per call, whatever its height).
   */
  @Override
  public boolean usesBlas() {
    return true;
  }

  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofFloats(layout.layer(layer), chains);
  }

  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    if (layer == 0) {
      rbm.randomVisible(rng, out.floats(), row * rbm.visibleUnits());
    } else {
      rbm.randomHidden(rng, out.floats(), row * rbm.hiddenUnits());
    }
  }

  @Override
  public boolean clampable(int layer) {
    return layer == 0;
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return layer == 0 ? new RbmVisibleKernel(this, setup) : new RbmHiddenKernel(this, setup);
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    LayerBlock v = chain.get(layout.indexOf(layout.visible().name()));
    double[] visible = new double[v.units()];
    for (int i = 0; i < visible.length; i++) {
      visible[i] = v.get(0, i);
    }
    return rbm.freeEnergy(visible);
  }

  @Override
  public String energyMeaning() {
    return "free energy F(v) of the visible state, p(v) ∝ e^{-F(v)} (hidden units summed or integrated out)";
  }

  /**
   * The joint energy of (v, h), not the free energy the chains report: F(v) sums h out at T = 1
   * only, while the kernels at T sample (v, h) jointly ∝ e^{−E(v,h)/T} ({@link Rbm#samplingEnergy}).
   */
  @Override
  public java.util.Optional<org.ebmsim.dynamics.sampling.TemperingEnergy> temperingEnergy() {
    return java.util.Optional.of(new org.ebmsim.dynamics.sampling.TemperingEnergy.FromStates((layers, out) -> {
      LayerBlock visible = layers.get(0);
      LayerBlock hidden = layers.get(1);
      double[] v = new double[rbm.visible];
      double[] h = new double[rbm.hidden];
      float[] vf = visible.floats();
      float[] hf = hidden.floats();
      for (int c = 0; c < visible.rows(); c++) {
        for (int i = 0; i < v.length; i++) {
          v[i] = vf[c * v.length + i];
        }
        for (int j = 0; j < h.length; j++) {
          h[j] = hf[c * h.length + j];
        }
        out[c] = rbm.samplingEnergy(v, h);
      }
    }));
  }
}
