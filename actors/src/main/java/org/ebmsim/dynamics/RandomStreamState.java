package org.ebmsim.dynamics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;

/**
 * Saves and restores the exact position of {@link SplittableRandom} streams, so a checkpointed
 * chain continues with the same numbers. A {@code SplittableRandom} is a SplitMix64 generator
 * whose whole state is two longs (seed, gamma) that it does not expose; they are read through
 * the JDK's private fields, which needs {@code --add-opens java.base/java.util=ALL-UNNAMED} (the
 * launcher, the fat jar's manifest and the test JVMs pass it). Without it {@link #available()} is
 * false and callers fall back to replaying from the start.
 */
public final class RandomStreamState {
  private static final VarHandle SEED;
  private static final VarHandle GAMMA;
  private static final MethodHandle CONSTRUCT;

  static {
    VarHandle seed = null;
    VarHandle gamma = null;
    MethodHandle construct = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(SplittableRandom.class, MethodHandles.lookup());
      seed = lookup.findVarHandle(SplittableRandom.class, "seed", long.class);
      gamma = lookup.findVarHandle(SplittableRandom.class, "gamma", long.class);
      construct = lookup.findConstructor(SplittableRandom.class, MethodType.methodType(void.class, long.class,
          long.class));
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
      seed = null; // java.util not opened to us: no checkpoints of random streams
    }
    SEED = seed;
    GAMMA = gamma;
    CONSTRUCT = construct;
  }

  private RandomStreamState() {}

  /** Whether streams can be saved and restored in this JVM. */
  public static boolean available() {
    return SEED != null;
  }

  /** {seed, gamma} of every stream, interleaved: {@code 2 × streams.length} longs. */
  public static long[] save(SplittableRandom[] streams) {
    requireAvailable();
    long[] out = new long[2 * streams.length];
    for (int k = 0; k < streams.length; k++) {
      out[2 * k] = (long) SEED.get(streams[k]);
      out[2 * k + 1] = (long) GAMMA.get(streams[k]);
    }
    return out;
  }

  /** Replaces every stream of {@code streams} by the one saved in {@code state} (from {@link #save}). */
  public static void restore(SplittableRandom[] streams, long[] state) {
    requireAvailable();
    if (state.length != 2 * streams.length) {
      throw new IllegalArgumentException("saved state holds " + state.length / 2 + " streams, not " + streams.length);
    }
    for (int k = 0; k < streams.length; k++) {
      streams[k] = of(state[2 * k], state[2 * k + 1]);
    }
  }

  /** The stream whose next output is the one a stream saved as (seed, gamma) would give. */
  public static SplittableRandom of(long seed, long gamma) {
    requireAvailable();
    try {
      return (SplittableRandom) CONSTRUCT.invokeExact(seed, gamma);
    } catch (Throwable t) {
      throw new IllegalStateException("cannot rebuild a random stream", t);
    }
  }

  private static void requireAvailable() {
    if (!available()) {
      throw new IllegalStateException("random streams cannot be saved in this JVM: start it with"
          + " --add-opens java.base/java.util=ALL-UNNAMED");
    }
  }
}
