package org.ebmsim.dynamics.simd;

/** The definition of {@link ElementwiseKernels}: one element at a time. */
final class ScalarKernels implements ElementwiseKernels {

  @Override
  public void sigmoid(float[] x, int xo, float[] bias, float[] out, int oo, int len) {
    sigmoid(x, xo, bias, out, oo, 0, len);
  }

  @Override
  public void bernoulli(float[] p, int po, float[] out, int oo, int len, long key) {
    bernoulli(p, po, out, oo, 0, len, key);
  }

  @Override
  public void bernoulliLogit(float[] z, int zo, float[] bias, float[] out, int oo, int len, long key) {
    bernoulliLogit(z, zo, bias, out, oo, 0, len, key);
  }

  @Override
  public void addColumns(float[] x, int offset, int rows, int cols, double[] sum, float factor) {
    addColumns(x, offset, rows, cols, sum, factor, 0);
  }

  @Override
  public void addScaled(double[] x, int xo, double a, double[] y, int yo, int len) {
    addScaled(x, xo, a, y, yo, 0, len);
  }

  @Override
  public void addScaled(float[] x, int xo, double a, double[] y, int yo, int len) {
    addScaled(x, xo, a, y, yo, 0, len);
  }

  @Override
  public void sumSlabRows(float[] table, int base, int[] offsets, int from, int groups, float[] out, int oo) {
    sumSlabRows(table, base, offsets, from, groups, out, oo, 0, SLAB);
  }

  // The ranged forms below also finish the tails the vector loops leave ([from, len)).

  static void sigmoid(float[] x, int xo, float[] bias, float[] out, int oo, int from, int len) {
    for (int k = from; k < len; k++) {
      out[oo + k] = FloatExp.sigmoid(x[xo + k] + bias[k]);
    }
  }

  static void bernoulli(float[] p, int po, float[] out, int oo, int from, int len, long key) {
    for (int k = from; k < len; k++) {
      out[oo + k] = CounterUniform.at(key, k) < p[po + k] ? 1f : 0f;
    }
  }

  static void bernoulliLogit(float[] z, int zo, float[] bias, float[] out, int oo, int from, int len, long key) {
    for (int k = from; k < len; k++) {
      out[oo + k] = CounterUniform.at(key, k) < FloatExp.sigmoid(z[zo + k] + bias[k]) ? 1f : 0f;
    }
  }

  static void addColumns(float[] x, int offset, int rows, int cols, double[] sum, float factor, int from) {
    boolean scale = factor != 1f;
    for (int r = 0; r < rows; r++) {
      int o = offset + r * cols;
      for (int j = from; j < cols; j++) {
        float v = x[o + j];
        sum[j] += v;
        if (scale) {
          x[o + j] = v * factor;
        }
      }
    }
  }

  static void addScaled(double[] x, int xo, double a, double[] y, int yo, int from, int len) {
    for (int j = from; j < len; j++) {
      y[yo + j] = Math.fma(x[xo + j], a, y[yo + j]);
    }
  }

  static void addScaled(float[] x, int xo, double a, double[] y, int yo, int from, int len) {
    for (int j = from; j < len; j++) {
      y[yo + j] = Math.fma(x[xo + j], a, y[yo + j]);
    }
  }

  static void sumSlabRows(float[] table, int base, int[] offsets, int from, int groups, float[] out, int oo,
      int fromColumn, int toColumn) {
    int whole = groups & ~3;
    for (int j = fromColumn; j < toColumn; j++) {
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      int g = 0;
      for (; g < whole; g += 4) {
        s0 += table[base + offsets[from + g] + j];
        s1 += table[base + offsets[from + g + 1] + j];
        s2 += table[base + offsets[from + g + 2] + j];
        s3 += table[base + offsets[from + g + 3] + j];
      }
      for (; g < groups; g++) {
        s0 += table[base + offsets[from + g] + j];
      }
      out[oo + j] = (s0 + s1) + (s2 + s3);
    }
  }
}
