package org.ebmsim.dynamics.dbm;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.blas.SubsetSumTable;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * Alternating block Gibbs for a {@link Dbm}: given the even layers, the odd layers are
 * conditionally independent (and so are the even ones given the odd), so a sweep updates all odd
 * layers, then all even layers, each from the fields its two neighbours send. Layers are named
 * "visible", "h1", "h2", …; the energy of a chain is the joint E(s) over all layers. The weight
 * operands for BLAS are made once per GEMM implementation and shared.
 */
public final class DbmSampling implements Sampling {
  /** Temperature standing in for T → 0 in zero-temperature block updates. */
  public static final double ZERO_TEMPERATURE = 1e-9;

  private final Dbm dbm;
  private final LayerLayout layout;
  private final Map<Gemm, Gemm.FloatOperand[]> operands = new IdentityHashMap<>();

  public DbmSampling(Dbm dbm) {
    this.dbm = dbm;
    List<LayerShape> shapes = new ArrayList<>();
    for (int l = 0; l < dbm.layers(); l++) {
      shapes.add(LayerShape.of(l == 0 ? "visible" : "h" + l, dbm.size(l), dbm.units(), l == 0));
    }
    this.layout = new LayerLayout(shapes);
  }

  public Dbm dbm() {
    return dbm;
  }

  /**
   * Subset-sum tables ({@link SubsetSumTable}) of the products between layers, made on first use:
   * {@code up[l]} for {@code s_l W_l}, {@code down[l]} for {@code s_{l+1} W_lᵀ}; an entry is null
   * when its table would exceed {@link SubsetSumTable#MAX_BYTES} (that product goes through BLAS).
   * Kernels use them only where {@link SubsetSumTable#wanted} (by default: when BLAS is not native).
   */
  record Tables(SubsetSumTable[] up, SubsetSumTable[] down) {}

  private Tables tables;

  synchronized Tables tables() {
    if (tables == null) {
      int pairs = dbm.layers() - 1;
      SubsetSumTable[] up = new SubsetSumTable[pairs];
      SubsetSumTable[] down = new SubsetSumTable[pairs];
      float low = (float) dbm.low();
      for (int l = 0; l < pairs; l++) {
        int a = dbm.size(l);
        int b = dbm.size(l + 1);
        up[l] = SubsetSumTable.fits(a, b) ? SubsetSumTable.of(dbm.weightsF[l], a, b, false, low, 1f) : null;
        down[l] = SubsetSumTable.fits(b, a) ? SubsetSumTable.of(dbm.weightsF[l], b, a, true, low, 1f) : null;
      }
      tables = new Tables(up, down);
    }
    return tables;
  }

  /** Bytes of the {@link #tables} sessions will make ({@link SubsetSumTable#wantedBySessions}), made yet or not. */
  public long tableBytes() {
    if (!SubsetSumTable.wantedBySessions()) {
      return 0;
    }
    long bytes = 0;
    for (int l = 0; l + 1 < dbm.layers(); l++) {
      int a = dbm.size(l);
      int b = dbm.size(l + 1);
      bytes += (SubsetSumTable.fits(a, b) ? SubsetSumTable.bytes(a, b) : 0)
          + (SubsetSumTable.fits(b, a) ? SubsetSumTable.bytes(b, a) : 0);
    }
    return bytes;
  }

  /** W_0 … W_{L−1} in {@code gemm}'s memory, made on first use. */
  synchronized Gemm.FloatOperand[] operands(Gemm gemm) {
    return operands.computeIfAbsent(gemm, g -> {
      Gemm.FloatOperand[] out = new Gemm.FloatOperand[dbm.layers() - 1];
      for (int l = 0; l < out.length; l++) {
        out[l] = g.operand(dbm.weightsF[l]);
      }
      return out;
    });
  }

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    int layers = dbm.layers();
    int[] odd = new int[layers / 2];
    int[] even = new int[(layers + 1) / 2];
    for (int l = 0, o = 0, e = 0; l < layers; l++) {
      if (l % 2 == 1) {
        odd[o++] = l;
      } else {
        even[e++] = l;
      }
    }
    return new int[][] {odd, even};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return EnumSet.of(SamplerKind.GIBBS, SamplerKind.DETERMINISTIC);
  }

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
    float low = (float) dbm.low();
    float[] v = out.floats();
    int n = out.units();
    for (int i = 0; i < n; i++) {
      v[row * n + i] = rng.nextBoolean() ? 1f : low;
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new DbmKernel(this, layer, setup);
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    double[][] s = new double[chain.size()][];
    for (int l = 0; l < s.length; l++) {
      s[l] = rowValues(chain.get(l));
    }
    return dbm.energy(s);
  }

  static double[] rowValues(LayerBlock block) {
    double[] v = new double[block.units()];
    for (int i = 0; i < v.length; i++) {
      v[i] = block.get(0, i);
    }
    return v;
  }

  @Override
  public String energyMeaning() {
    return "E(s) = -Σ_l b_lᵀs_l - Σ_l s_lᵀW_l s_(l+1) over all layers";
  }

  /** The reported energy is the whole state's E with law ∝ e^{−E/T}: replica exchange uses it as is. */
  @Override
  public java.util.Optional<org.ebmsim.dynamics.sampling.TemperingEnergy> temperingEnergy() {
    return java.util.Optional.of(new org.ebmsim.dynamics.sampling.TemperingEnergy.Reported());
  }
}
