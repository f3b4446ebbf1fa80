package org.ebmsim.dynamics.simd;

/**
 * {@code e^t} and the logistic function in float32 from a degree-5 polynomial, written with explicit
 * fused multiply-adds so that {@link VectorKernels} computes the very same bits lane by lane.
 * {@link Math#exp} is not used: it is double precision (a float kernel would convert twice) and
 * its vector counterpart is a different library whose results are not promised bit for bit.
 *
 * <p>Method (Cody–Waite reduction with the Cephes single-precision coefficients): {@code t} is
 * clamped to [−87, 88] so that {@code 2^n} stays a normal float; {@code n = round(t·log₂e)} by
 * adding and subtracting 1.5·2²³ (round to nearest in float arithmetic; the integer is then the low bits of the sum);
 * {@code r = t − n·ln 2} in two fused steps with ln 2 split into a short high part and a
 * correction, so that {@code n·ln2_hi} is exact; {@code e^r ≈ 1 + r + r²·P(r)} on |r| ≤ ln2/2;
 * the result is scaled by {@code 2^n} built from its exponent bits. Error within 2 ulp of the
 * correctly rounded value on the clamped range (tested against {@link Math#exp}).
 */
public final class FloatExp {
  private FloatExp() {}

  static final float LOWEST = -87f;
  static final float HIGHEST = 88f;
  static final float LOG2E = 1.44269504088896341f;
  /** 1.5·2²³: adding it to |x| &lt; 2²² leaves x rounded to an integer in the low mantissa bits. */
  static final float ROUNDER = 12582912f;
  /** The bits of {@link #ROUNDER}: those of {@code x + ROUNDER} minus these are the integer n itself. */
  static final int ROUNDER_BITS = 0x4b400000;
  /** ln 2 = LN2_HI + LN2_LO; LN2_HI has few mantissa bits, so n·LN2_HI is exact for |n| ≤ 128. */
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float P0 = 1.9875691500e-4f;
  static final float P1 = 1.3981999507e-3f;
  static final float P2 = 8.3334519073e-3f;
  static final float P3 = 4.1665795894e-2f;
  static final float P4 = 1.6666665459e-1f;
  static final float P5 = 5.0000001201e-1f;

  /** {@code e^t} for t in [−87, 88] (clamped outside; NaN stays NaN). */
  public static float exp(float t) {
    float c = Math.min(Math.max(t, LOWEST), HIGHEST);
    float shifted = c * LOG2E + ROUNDER;
    float n = shifted - ROUNDER;
    float r = Math.fma(n, -LN2_HI, c);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(P0, r, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    float y = Math.fma(p, r * r, r) + 1f;
    // 2^n from its exponent field; n read off the bits of the shifted sum (no float-to-int conversion)
    return y * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (ROUNDER_BITS - 127)) << 23);
  }

  /** The logistic function {@code 1 / (1 + e^−z)}. */
  public static float sigmoid(float z) {
    return 1f / (1f + exp(-z));
  }
}
