package org.ebmsim.dynamics.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseKernels} on SIMD lanes (JDK Vector API, incubating in Java 17). Each loop does
 * lane by lane exactly the float operations {@link ScalarKernels} does element by element
 * (fused multiply-adds where it uses {@code Math.fma}, nothing reassociated), then hands the tail
 * that does not fill a vector to {@link ScalarKernels}, so both give the same bits.
 *
 * <p>Shapes: the draws need one 64-bit lane per uniform ({@link CounterUniform} mixes 64-bit
 * states), so they pair the widest long vector with a float vector of the same lane count (8 + 8
 * lanes on AVX-512, 4 + 4 on AVX2). The sigmoid uses that float shape too, also where it stands
 * alone: called with two shapes, the shared helper's type profile made C2 deoptimise it over and
 * over (measured 20 ns per element instead of 0.4). The column sums pair float lanes with the
 * double lanes they are added into. Loaded only by {@link Kernels} when the
 * module is present.
 */
final class VectorKernels implements ElementwiseKernels {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> DRAW =
      VectorSpecies.of(float.class, VectorShape.forBitSize(LONGS.length() * Float.SIZE));
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Lanes for subset-sum slabs: the widest float vector that divides a slab. */
  private static final VectorSpecies<Float> SLABS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> SUMMED =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.length() * Float.SIZE));

  /** True if this hardware has lanes worth using (at least 256-bit vectors). */
  static boolean worthwhile() {
    return LONGS.vectorBitSize() >= 256;
  }

  static String describe() {
    return "Vector API, " + LONGS.vectorBitSize() + "-bit registers (" + DRAW.length() + " float lanes per draw)";
  }

  @Override
  public void sigmoid(float[] x, int xo, float[] bias, float[] out, int oo, int len) {
    int bound = DRAW.loopBound(len);
    for (int k = 0; k < bound; k += DRAW.length()) {
      FloatVector z = FloatVector.fromArray(DRAW, x, xo + k).add(FloatVector.fromArray(DRAW, bias, k));
      sigmoid(z).intoArray(out, oo + k);
    }
    ScalarKernels.sigmoid(x, xo, bias, out, oo, bound, len);
  }

  @Override
  public void bernoulli(float[] p, int po, float[] out, int oo, int len, long key) {
    int lanes = LONGS.length();
    int bound = DRAW.loopBound(len);
    LongVector state = firstStates(key);
    LongVector step = LongVector.broadcast(LONGS, lanes * CounterUniform.GAMMA);
    FloatVector one = FloatVector.broadcast(DRAW, 1f);
    FloatVector zero = FloatVector.zero(DRAW);
    for (int k = 0; k < bound; k += lanes) {
      FloatVector u = uniform(state);
      state = state.add(step);
      zero.blend(one, u.lt(FloatVector.fromArray(DRAW, p, po + k))).intoArray(out, oo + k);
    }
    ScalarKernels.bernoulli(p, po, out, oo, bound, len, key);
  }

  @Override
  public void bernoulliLogit(float[] z, int zo, float[] bias, float[] out, int oo, int len, long key) {
    int lanes = LONGS.length();
    int bound = DRAW.loopBound(len);
    LongVector state = firstStates(key);
    LongVector step = LongVector.broadcast(LONGS, lanes * CounterUniform.GAMMA);
    FloatVector one = FloatVector.broadcast(DRAW, 1f);
    FloatVector zero = FloatVector.zero(DRAW);
    for (int k = 0; k < bound; k += lanes) {
      FloatVector u = uniform(state);
      state = state.add(step);
      FloatVector logit = FloatVector.fromArray(DRAW, z, zo + k).add(FloatVector.fromArray(DRAW, bias, k));
      zero.blend(one, u.lt(sigmoid(logit))).intoArray(out, oo + k);
    }
    ScalarKernels.bernoulliLogit(z, zo, bias, out, oo, bound, len, key);
  }

  @Override
  public void addColumns(float[] x, int offset, int rows, int cols, double[] sum, float factor) {
    boolean scale = factor != 1f;
    int lanes = SUMMED.length();
    int bound = SUMMED.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = offset + r * cols;
      for (int j = 0; j < bound; j += lanes) {
        FloatVector v = FloatVector.fromArray(SUMMED, x, o + j);
        DoubleVector widened = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector.fromArray(DOUBLES, sum, j).add(widened).intoArray(sum, j);
        if (scale) {
          v.mul(factor).intoArray(x, o + j);
        }
      }
    }
    ScalarKernels.addColumns(x, offset, rows, cols, sum, factor, bound);
  }

  @Override
  public void addScaled(double[] x, int xo, double a, double[] y, int yo, int len) {
    int lanes = DOUBLES.length();
    int bound = DOUBLES.loopBound(len);
    DoubleVector factor = DoubleVector.broadcast(DOUBLES, a);
    for (int j = 0; j < bound; j += lanes) {
      DoubleVector.fromArray(DOUBLES, x, xo + j).fma(factor, DoubleVector.fromArray(DOUBLES, y, yo + j))
          .intoArray(y, yo + j);
    }
    ScalarKernels.addScaled(x, xo, a, y, yo, bound, len);
  }

  @Override
  public void addScaled(float[] x, int xo, double a, double[] y, int yo, int len) {
    int lanes = SUMMED.length();
    int bound = SUMMED.loopBound(len);
    DoubleVector factor = DoubleVector.broadcast(DOUBLES, a);
    for (int j = 0; j < bound; j += lanes) {
      DoubleVector wide = (DoubleVector) FloatVector.fromArray(SUMMED, x, xo + j)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      wide.fma(factor, DoubleVector.fromArray(DOUBLES, y, yo + j)).intoArray(y, yo + j);
    }
    ScalarKernels.addScaled(x, xo, a, y, yo, bound, len);
  }

  /** Lane i holds {@code key + (i+1)·γ}: the states of uniforms 0 .. lanes−1 of {@link CounterUniform}. */
  private static LongVector firstStates(long key) {
    return LongVector.zero(LONGS).addIndex(1).add(1L).mul(CounterUniform.GAMMA).add(key);
  }

  /** {@link CounterUniform#bits24} lane-wise, times 2^-24. */
  private static FloatVector uniform(LongVector z) {
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(CounterUniform.MIX1);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(CounterUniform.MIX2);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    FloatVector top = (FloatVector) z.lanewise(VectorOperators.LSHR, 40).convertShape(VectorOperators.L2F, DRAW, 0);
    return top.mul(0x1.0p-24f);
  }

  /**
   * {@link FloatExp#sigmoid} lane-wise, step for step, on {@link #DRAW} vectors only. Constants
   * come from {@code z.broadcast} and 2^n from the bits of the shifted sum (a species argument and
   * an F2I conversion both kept C2 from intrinsifying parts of it in Java 17).
   */
  private static FloatVector sigmoid(FloatVector z) {
    FloatVector c = z.neg().max(FloatExp.LOWEST).min(FloatExp.HIGHEST);
    FloatVector shifted = c.mul(FloatExp.LOG2E).add(FloatExp.ROUNDER);
    FloatVector n = shifted.sub(FloatExp.ROUNDER);
    FloatVector r = n.fma(z.broadcast(-FloatExp.LN2_HI), c);
    r = n.fma(z.broadcast(-FloatExp.LN2_LO), r);
    FloatVector p = z.broadcast(FloatExp.P0).fma(r, z.broadcast(FloatExp.P1));
    p = p.fma(r, z.broadcast(FloatExp.P2));
    p = p.fma(r, z.broadcast(FloatExp.P3));
    p = p.fma(r, z.broadcast(FloatExp.P4));
    p = p.fma(r, z.broadcast(FloatExp.P5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    IntVector exponent = shifted.reinterpretAsInts().sub(FloatExp.ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    FloatVector e = y.mul(exponent.reinterpretAsFloats());
    return z.broadcast(1f).div(e.add(1f));
  }

  @Override
  public void sumSlabRows(float[] table, int base, int[] offsets, int from, int groups, float[] out, int oo) {
    if (SLABS.length() == 16) {
      sumSlabRows16(table, base, offsets, from, groups, out, oo);
      return;
    }
    int lanes = SLABS.length();
    int bound = SLAB % lanes == 0 ? SLAB : 0; // other widths: the scalar loop
    int whole = groups & ~3;
    for (int j = 0; j < bound; j += lanes) {
      FloatVector s0 = FloatVector.zero(SLABS);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      int g = 0;
      for (; g < whole; g += 4) {
        s0 = s0.add(FloatVector.fromArray(SLABS, table, base + offsets[from + g] + j));
        s1 = s1.add(FloatVector.fromArray(SLABS, table, base + offsets[from + g + 1] + j));
        s2 = s2.add(FloatVector.fromArray(SLABS, table, base + offsets[from + g + 2] + j));
        s3 = s3.add(FloatVector.fromArray(SLABS, table, base + offsets[from + g + 3] + j));
      }
      for (; g < groups; g++) {
        s0 = s0.add(FloatVector.fromArray(SLABS, table, base + offsets[from + g] + j));
      }
      s0.add(s1).add(s2.add(s3)).intoArray(out, oo + j);
    }
    ScalarKernels.sumSlabRows(table, base, offsets, from, groups, out, oo, bound, SLAB);
  }

  /**
   * {@link #sumSlabRows} on 16-lane vectors, both halves of the slab in one pass over the groups
   * (eight accumulators): each group's offset is read once and the two loads share its cache lines.
   */
  private static void sumSlabRows16(float[] table, int base, int[] offsets, int from, int groups, float[] out,
      int oo) {
    FloatVector a0 = FloatVector.zero(SLABS);
    FloatVector a1 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector c0 = a0;
    FloatVector c1 = a0;
    FloatVector d0 = a0;
    FloatVector d1 = a0;
    int whole = groups & ~3;
    int g = 0;
    for (; g < whole; g += 4) {
      int p = base + offsets[from + g];
      int q = base + offsets[from + g + 1];
      int u = base + offsets[from + g + 2];
      int x = base + offsets[from + g + 3];
      a0 = a0.add(FloatVector.fromArray(SLABS, table, p));
      a1 = a1.add(FloatVector.fromArray(SLABS, table, p + 16));
      b0 = b0.add(FloatVector.fromArray(SLABS, table, q));
      b1 = b1.add(FloatVector.fromArray(SLABS, table, q + 16));
      c0 = c0.add(FloatVector.fromArray(SLABS, table, u));
      c1 = c1.add(FloatVector.fromArray(SLABS, table, u + 16));
      d0 = d0.add(FloatVector.fromArray(SLABS, table, x));
      d1 = d1.add(FloatVector.fromArray(SLABS, table, x + 16));
    }
    for (; g < groups; g++) {
      int p = base + offsets[from + g];
      a0 = a0.add(FloatVector.fromArray(SLABS, table, p));
      a1 = a1.add(FloatVector.fromArray(SLABS, table, p + 16));
    }
    a0.add(b0).add(c0.add(d0)).intoArray(out, oo);
    a1.add(b1).add(c1.add(d1)).intoArray(out, oo + 16);
  }
}
