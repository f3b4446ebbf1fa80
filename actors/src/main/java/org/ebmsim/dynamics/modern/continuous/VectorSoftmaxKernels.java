package org.ebmsim.dynamics.modern.continuous;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKernels} on SIMD lanes (JDK Vector API, incubating in Java 17). Maximum (a lane-wise
 * maximum, then across lanes) and search are exact; the exponential does lane by lane the
 * very operations of {@link org.ebmsim.dynamics.simd.FloatExp#exp} (Cody–Waite reduction, degree-5
 * polynomial in explicit fused multiply-adds, 2ⁿ from exponent bits), so the bits are the scalar
 * ones. Tails that do not fill a vector go to {@link ScalarSoftmaxKernels}. The constants are
 * FloatExp's, repeated here because that class keeps them package-private (a test compares the
 * bits over the whole clamped range). Loaded only by {@link SoftmaxKernels#get()} when the module is present.
 */
final class VectorSoftmaxKernels implements SoftmaxKernels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private static final float LOWEST = -87f;
  private static final float HIGHEST = 88f;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = 0x4b400000;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  private final ScalarSoftmaxKernels tail = new ScalarSoftmaxKernels();

  /** True if this hardware has lanes worth using (at least 256-bit vectors). */
  static boolean worthwhile() {
    return FLOATS.vectorBitSize() >= 256;
  }

  @Override
  public float max(float[] z, int from, int to) {
    int step = FLOATS.length();
    if (to - from < step) {
      return tail.max(z, from, to);
    }
    FloatVector lanes = FloatVector.fromArray(FLOATS, z, from);
    int k = from + step;
    for (; k + step <= to; k += step) {
      lanes = lanes.max(FloatVector.fromArray(FLOATS, z, k));
    }
    // lane-wise MAX follows Math.max (NaN wins), so the order of the comparisons changes nothing
    return Math.max(lanes.reduceLanes(VectorOperators.MAX), tail.max(z, k, to));
  }

  @Override
  public int indexOf(float[] z, int from, int to, float value) {
    int step = FLOATS.length();
    int k = from;
    for (; k + step <= to; k += step) {
      int lane = FloatVector.fromArray(FLOATS, z, k).eq(value).firstTrue();
      if (lane < step) {
        return k + lane;
      }
    }
    return tail.indexOf(z, k, to, value);
  }

  @Override
  public void shiftedExp(float[] z, int from, int to, float shift) {
    int step = FLOATS.length();
    int k = from;
    for (; k + step <= to; k += step) {
      FloatVector t = FloatVector.fromArray(FLOATS, z, k).sub(shift);
      exp(t).intoArray(z, k);
    }
    tail.shiftedExp(z, k, to, shift);
  }

  /** FloatExp.exp lane-wise; constants from {@code t.broadcast} (as the project's SIMD sigmoid does, for C2). */
  private static FloatVector exp(FloatVector t) {
    FloatVector c = t.max(LOWEST).min(HIGHEST);
    FloatVector shifted = c.mul(LOG2E).add(ROUNDER);
    FloatVector n = shifted.sub(ROUNDER);
    FloatVector r = n.fma(t.broadcast(-LN2_HI), c);
    r = n.fma(t.broadcast(-LN2_LO), r);
    FloatVector p = t.broadcast(P0).fma(r, t.broadcast(P1));
    p = p.fma(r, t.broadcast(P2));
    p = p.fma(r, t.broadcast(P3));
    p = p.fma(r, t.broadcast(P4));
    p = p.fma(r, t.broadcast(P5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    IntVector exponent = shifted.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    return y.mul(exponent.reinterpretAsFloats());
  }
}
