package org.ebmsim.dynamics.simd;

/**
 * The element-wise passes over float32 batches that follow a GEMM in block Gibbs sampling and RBM
 * training. Both implementations ({@link ScalarKernels}, {@link VectorKernels}) return identical
 * bits for identical arguments; the scalar one is the definition.
 */
public interface ElementwiseKernels {

  /** {@code out[oo+k] = σ(x[xo+k] + bias[k])} for k in [0, len), σ = {@link FloatExp#sigmoid}. */
  void sigmoid(float[] x, int xo, float[] bias, float[] out, int oo, int len);

  /** {@code out[oo+k] = 1 if CounterUniform.at(key, k) < p[po+k] else 0} for k in [0, len). */
  void bernoulli(float[] p, int po, float[] out, int oo, int len, long key);

  /**
   * {@code out[oo+k] = 1 if CounterUniform.at(key, k) < σ(z[zo+k] + bias[k]) else 0}: the draw of
   * {@link #bernoulli} from logits, without storing the means.
   */
  void bernoulliLogit(float[] z, int zo, float[] bias, float[] out, int oo, int len, long key);

  /**
   * {@code sum[j] += Σ_r x[offset + r·cols + j]} over {@code rows} rows, accumulated in double row
   * after row; if {@code factor} is not 1, each x entry is then replaced by {@code x·factor} (its
   * unscaled value is what is summed).
   */
  void addColumns(float[] x, int offset, int rows, int cols, double[] sum, float factor);

  /**
   * {@code y[yo+j] = fma(x[xo+j], a, y[yo+j])} for j in [0, len): the incremental field update of
   * single-site samplers (one row of couplings times the change of one unit), rounded once per
   * entry.
   */
  void addScaled(double[] x, int xo, double a, double[] y, int yo, int len);

  /** {@link #addScaled(double[], int, double, double[], int, int)} with float32 x, widened exactly to double. */
  void addScaled(float[] x, int xo, double a, double[] y, int yo, int len);

  /** Columns of one slab of a subset-sum table ({@link org.ebmsim.dynamics.blas.SubsetSumTable}). */
  int SLAB = 32;

  /**
   * One row of a subset-sum product, one slab wide: {@code out[oo+j] = Σ_g table[base + offsets[from+g] + j]}
   * for j in [0, {@link #SLAB}) over g in [0, groups), summed in float in four interleaved partial
   * sums (s_q over the groups g ≡ q mod 4 below 4⌊groups/4⌋, the remaining groups added to s_0 in
   * order), returned as {@code (s_0 + s_1) + (s_2 + s_3)}: four independent chains of additions keep
   * the adder busy, and both implementations follow exactly this order.
   */
  void sumSlabRows(float[] table, int base, int[] offsets, int from, int groups, float[] out, int oo);
}
