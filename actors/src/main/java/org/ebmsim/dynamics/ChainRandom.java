package org.ebmsim.dynamics;

import java.util.SplittableRandom;

/**
 * One independent random stream per (request seed, stream, chain index).
 *
 * <p>Streams are keyed by the chain's global index rather than split sequentially, so a chain
 * draws the same numbers whichever group or thread advances it: results depend only on the
 * request. {@code stream} separates uses within one chain (e.g. visible vs hidden layer,
 * initialisation vs noise).
 */
public final class ChainRandom {
  /** Stream ids in use; new uses take new numbers so existing results never change. */
  public static final long STREAM_INITIAL_STATE = 1;
  public static final long STREAM_CUE_NOISE = 2;
  /** Parallel tempering's swap decisions, keyed by ladder index instead of chain index. */
  public static final long STREAM_REPLICA_SWAP = 3;
  public static final long STREAM_LAYER_BASE = 16; // + layer index

  private ChainRandom() {}

  /** A generator for chain {@code chain} of stream {@code stream} under {@code seed}. */
  public static SplittableRandom forChain(long seed, long stream, long chain) {
    long z = mix64(seed + 0x9E3779B97F4A7C15L * (stream + 1));
    z = mix64(z ^ (0xD1B54A32D192ED03L * (chain + 1)));
    return new SplittableRandom(z);
  }

  /** Generators for chains {@code firstChain .. firstChain+count-1}. */
  public static SplittableRandom[] forChains(long seed, long stream, long firstChain, int count) {
    SplittableRandom[] out = new SplittableRandom[count];
    for (int c = 0; c < count; c++) {
      out[c] = forChain(seed, stream, firstChain + c);
    }
    return out;
  }

  /** Stafford's variant 13 of the 64-bit finaliser (as in SplitMix64). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
