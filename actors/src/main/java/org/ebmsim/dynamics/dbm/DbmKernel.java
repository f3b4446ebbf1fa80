package org.ebmsim.dynamics.dbm;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.blas.SubsetSumTable;
import org.ebmsim.dynamics.sampling.ClampMask;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.UnitSampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Layer l of a batch of DBM chains. It receives the field of the layer below,
 * {@code s_{l−1} W_{l−1}}, and of the layer above, {@code s_{l+1} W_lᵀ} (chains × n_l, no bias),
 * samples every unit from {@code z = b_l + below + above} at temperature T (binary:
 * {@code P(1) = σ(z/T)}, spins: {@code P(+1) = σ(2z/T)}) and sends {@code s_l W_{l−1}ᵀ} down and
 * {@code s_l W_l} up, one GEMM each.
 *
 * <p>Energy terms: every coupling joins an odd and an even layer, so even layers (updated in the
 * last phase) report {@code −b·s − s·(below + above)} and odd layers only {@code −b·s}; their sum
 * after a sweep is E(s). Chain c draws from stream {@code STREAM_LAYER_BASE + l} of its global index.
 */
final class DbmKernel implements LayerKernel {
  private final Dbm dbm;
  private final int layer;
  private final LayerShape shape;
  private final Gemm gemm;
  private final Gemm.FloatOperand below; // W_{l−1}, n_{l−1} × n_l, or null (no layer below, or a table)
  private final Gemm.FloatOperand above; // W_l, n_l × n_{l+1}, or null (no layer above, or a table)
  private final SubsetSumTable down; // s_l W_{l−1}ᵀ by table, or null (BLAS or no layer below)
  private final SubsetSumTable up; // s_l W_l by table, or null
  private final SubsetSumTable.Scratch downScratch;
  private final SubsetSumTable.Scratch upScratch;
  private final int[] targets;
  private final int chains;
  private final int n;
  private final float[] s;
  private final LayerBlock view;
  private final SplittableRandom[] rngs;
  private final boolean zeroTemperature;
  private final boolean spins;
  private final boolean countsCouplings;
  private float[] fromBelow;
  private float[] fromAbove;
  private final float[] z;
  private final ClampMask clamps;

  DbmKernel(DbmSampling sampling, int layer, KernelSetup setup) {
    this.dbm = sampling.dbm();
    this.layer = layer;
    this.shape = sampling.layout().layer(layer);
    this.gemm = setup.gemm();
    DbmSampling.Tables tables = SubsetSumTable.wanted(gemm) ? sampling.tables() : null;
    this.down = tables != null && layer > 0 ? tables.down()[layer - 1] : null;
    this.up = tables != null && layer + 1 < dbm.layers() ? tables.up()[layer] : null;
    // the GEMM operands (a copy of every W) only for a product no table serves
    boolean needsBelow = layer > 0 && down == null;
    boolean needsAbove = layer + 1 < dbm.layers() && up == null;
    Gemm.FloatOperand[] ops = needsBelow || needsAbove ? sampling.operands(gemm) : null;
    this.below = needsBelow ? ops[layer - 1] : null;
    this.above = needsAbove ? ops[layer] : null;
    this.downScratch = down == null ? null : down.newScratch(setup.chains());
    this.upScratch = up == null ? null : up.newScratch(setup.chains());
    this.targets = layer == 0 ? new int[] {1} : layer + 1 < dbm.layers() ? new int[] {layer - 1, layer + 1}
        : new int[] {layer - 1};
    this.chains = setup.chains();
    this.n = dbm.size(layer);
    this.view = setup.initial();
    this.s = view.floats();
    this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + layer, setup.firstChain(),
        chains);
    this.zeroTemperature = setup.sampler() == SamplerKind.DETERMINISTIC;
    this.spins = dbm.units() == ValueType.SPIN;
    this.countsCouplings = layer % 2 == 0;
    this.z = new float[chains * n];
    this.clamps = new ClampMask(n);
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
  public int[] targets() {
    return targets.clone();
  }

  @Override
  public void receive(int source, FieldBlock field) {
    if (source == layer - 1) {
      fromBelow = field.floats();
    } else {
      fromAbove = field.floats();
    }
  }

  /** {@code z = below + above} (no bias; the sampling loop adds it). */
  private void sumFields() {
    if (fromBelow != null) {
      System.arraycopy(fromBelow, 0, z, 0, z.length);
    } else {
      Arrays.fill(z, 0f);
    }
    if (fromAbove != null) {
      for (int k = 0; k < z.length; k++) {
        z[k] += fromAbove[k];
      }
    }
  }

  @Override
  public long update(int from, int to, long sweep, double temperature) {
    sumFields();
    float[] before = s.clone();
    double gain = 1.0 / (zeroTemperature ? DbmSampling.ZERO_TEMPERATURE : temperature);
    if (spins) {
      UnitSampling.spin(z, dbm.biasesF[layer], from, to, n, gain, rngs, clamps.mask(), s);
    } else {
      UnitSampling.bernoulli(z, dbm.biasesF[layer], from, to, n, gain, rngs, clamps.mask(), s);
    }
    long flips = 0;
    for (int k = 0; k < s.length; k++) {
      flips += s[k] != before[k] ? 1 : 0;
    }
    return flips;
  }

  @Override
  public void fieldOn(int target, int from, int to, FieldBlock out) {
    if (target == layer - 1) {
      int m = dbm.size(layer - 1);
      // s_l W_{l−1}ᵀ: (chains × n_l)·(n_l × n_{l−1}), W_{l−1} stored n_{l−1} × n_l
      if (down != null) {
        down.multiply(s, n, 0, chains, out.floats(), m, downScratch);
      } else {
        gemm.sgemm(false, true, chains, m, n, 1f, s, n, below, n, 0f, out.floats(), m);
      }
    } else {
      int m = dbm.size(layer + 1);
      if (up != null) {
        up.multiply(s, n, 0, chains, out.floats(), m, upScratch);
      } else {
        gemm.sgemm(false, false, chains, m, n, 1f, s, n, above, m, 0f, out.floats(), m);
      }
    }
  }

  @Override
  public FieldBlock newField(int target) {
    return FieldBlock.ofFloats(chains, dbm.size(target));
  }

  @Override
  public void addEnergies(int from, int to, double[] out) {
    double[] b = dbm.bias(layer);
    for (int c = from; c < to; c++) {
      int base = c * n;
      double e = 0;
      for (int i = 0; i < n; i++) {
        double si = s[base + i];
        double field = b[i];
        if (countsCouplings) {
          field += (fromBelow == null ? 0 : fromBelow[base + i]) + (fromAbove == null ? 0 : fromAbove[base + i]);
        }
        e -= si * field;
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
    for (int c = 0; c < chains; c++) {
      s[c * n + unit] = (float) value;
    }
    clamps.clamp(unit);
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
   * Any sweep boundary: the fields it sends are recomputed from the states by the same products
   * (subset-sum tables or GEMMs, scratch only) when primed.
   */
  @Override
  public boolean resumableAfter(long sweeps) {
    return true;
  }
}
