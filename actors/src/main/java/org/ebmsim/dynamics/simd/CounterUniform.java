package org.ebmsim.dynamics.simd;

/**
 * Uniform numbers addressed by a key and an index instead of drawn one after another: the k-th
 * number of key K is {@code mix(K + (k+1)·γ)·2^-24} (top 24 bits), with γ the odd golden-ratio
 * constant and {@code mix} the SplitMix64 finaliser (Stafford's variant 13) — the same sequence a
 * {@link java.util.SplittableRandom} seeded at K with increment γ produces, so its statistical
 * quality is that generator's. Because the k-th number does not depend on the (k−1)-th, SIMD lanes
 * draw eight or sixteen of them at once and still give exactly the numbers the scalar loop gives.
 * Callers take one key per row from their seeded stream, so reproducibility is unchanged.
 */
public final class CounterUniform {
  private CounterUniform() {}

  static final long GAMMA = 0x9e3779b97f4a7c15L;
  static final long MIX1 = 0xbf58476d1ce4e5b9L;
  static final long MIX2 = 0x94d049bb133111ebL;

  /** The k-th uniform of {@code key}, in [0, 1) with float resolution (2^-24). */
  public static float at(long key, int k) {
    return bits24(key + (k + 1L) * GAMMA) * 0x1.0p-24f;
  }

  /** The SplitMix64 finaliser (Stafford's variant 13), as {@link java.util.SplittableRandom} applies it. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * MIX1;
    z = (z ^ (z >>> 27)) * MIX2;
    return z ^ (z >>> 31);
  }

  /** The top 24 bits of the finalised state, as a float (exact: 24 bits fit the mantissa). */
  static float bits24(long z) {
    return (float) (mix64(z) >>> 40);
  }
}
