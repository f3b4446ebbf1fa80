package org.ebmsim.dynamics;

import java.util.SplittableRandom;

/**
 * Corrupts a pattern into a completion cue, seeded: discrete patterns get exactly
 * {@code round(fraction·N)} distinct units flipped, real-valued ones get that many units shifted by
 * Gaussian noise. Both draw from the seed's cue-noise stream ({@link ChainRandom#STREAM_CUE_NOISE}),
 * choosing the units by a partial Fisher–Yates shuffle.
 */
public final class CueNoise {
  private CueNoise() {}

  /**
   * Flips {@code round(fraction·N)} units of a two-valued pattern ({@code low} ↔ 1, low = −1 or 0).
   * Returns a new array.
   */
  public static byte[] flip(byte[] pattern, double fraction, long seed, int low) {
    checkFraction(fraction);
    int[] chosen = choose(pattern.length, fraction, seed);
    byte[] out = pattern.clone();
    for (int i : chosen) {
      out[i] = (byte) (out[i] == 1 ? low : 1);
    }
    return out;
  }

  /** {@link #flip} for ±1 patterns. */
  public static byte[] flip(byte[] pattern, double fraction, long seed) {
    return flip(pattern, fraction, seed, -1);
  }

  /**
   * Adds {@code sd·N(0,1)} to {@code round(fraction·N)} units of a real pattern. Returns a new array.
   */
  public static float[] perturb(float[] pattern, double fraction, double sd, long seed) {
    checkFraction(fraction);
    if (!(sd >= 0) || !Double.isFinite(sd)) {
      throw new IllegalArgumentException("noise_sd must be finite and >= 0 (got " + sd + ")");
    }
    int[] chosen = choose(pattern.length, fraction, seed);
    SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_CUE_NOISE, 1);
    float[] out = pattern.clone();
    for (int i : chosen) {
      out[i] = (float) (out[i] + sd * rng.nextGaussian());
    }
    return out;
  }

  private static void checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("flip_fraction must be in [0, 1] (got " + fraction + ")");
    }
  }

  /** The first round(fraction·n) entries of a seeded partial shuffle of 0..n−1. */
  private static int[] choose(int n, double fraction, long seed) {
    int k = (int) Math.round(fraction * n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_CUE_NOISE, 0);
    for (int j = 0; j < k; j++) {
      int r = j + rng.nextInt(n - j);
      int t = order[j];
      order[j] = order[r];
      order[r] = t;
    }
    return java.util.Arrays.copyOf(order, k);
  }
}
