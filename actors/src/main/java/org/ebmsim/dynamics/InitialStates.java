package org.ebmsim.dynamics;

import java.util.SplittableRandom;

/**
 * Seeded starting states for batches of chains. Chain c's state depends only on
 * (seed, c), via {@link ChainRandom#STREAM_INITIAL_STATE}, so batching never changes it.
 */
public final class InitialStates {
  private InitialStates() {}

  /** Uniformly random ±1 states for chains {@code firstChain .. firstChain+chains-1}. */
  public static byte[] random(long seed, int firstChain, int chains, int units) {
    byte[] out = new byte[chains * units];
    for (int c = 0; c < chains; c++) {
      SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, firstChain + c);
      int base = c * units;
      for (int i = 0; i < units; i++) {
        out[base + i] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
    }
    return out;
  }

  /**
   * Random states whose first {@code cue.length} units are set to the cue where {@code known[i]}.
   */
  public static byte[] randomWithCue(long seed, int firstChain, int chains, int units, byte[] cue,
      boolean[] known) {
    byte[] out = random(seed, firstChain, chains, units);
    for (int c = 0; c < chains; c++) {
      int base = c * units;
      for (int i = 0; i < cue.length; i++) {
        if (known[i]) {
          out[base + i] = cue[i];
        }
      }
    }
    return out;
  }

  /**
   * Flips exactly {@code round(fraction·N)} distinct units of {@code pattern}, chosen by a
   * partial Fisher–Yates shuffle from the seed's noise stream. Returns a new array.
   */
  public static byte[] withNoise(byte[] pattern, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("flip_fraction must be in [0, 1] (got " + fraction + ")");
    }
    int n = pattern.length;
    int flips = (int) Math.round(fraction * n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_CUE_NOISE, 0);
    byte[] out = pattern.clone();
    for (int k = 0; k < flips; k++) {
      int r = k + rng.nextInt(n - k);
      int t = order[k];
      order[k] = order[r];
      order[r] = t;
      out[order[k]] = (byte) -out[order[k]];
    }
    return out;
  }
}
