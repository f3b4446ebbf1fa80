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
}
