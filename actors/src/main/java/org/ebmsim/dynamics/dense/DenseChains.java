package org.ebmsim.dynamics.dense;

import java.util.Arrays;

/**
 * The states of a batch of chains of one {@link DenseMemory}, with their pattern overlaps kept
 * current.
 *
 * <p>Owns {@code spins} (chains × N, ±1), {@code overlaps} (chains × p, {@code m_μ = ξ_μ·σ}) and
 * each chain's largest overlap. Flipping unit i adds {@code 2σ_i' ξ_μi} to every overlap of the
 * chain: O(p), never O(N·p). Overlaps are integers, so the incremental values are exact; the
 * kernel still rebuilds them from the spins ({@link #recompute}) at sweep indices fixed by the
 * schedule, the same policy as the Ising kernels, which bounds the damage of any inconsistency
 * and keeps a chain's arithmetic independent of how its batch is split.
 */
public final class DenseChains {
  private final DenseMemory memory;
  private final int chains;
  private final int units;
  private final int count;
  private final byte[] spins;
  private final int[] overlaps;
  private final int[] top;

  /**
   * Copies {@code initial} (chains × N, ±1); the overlaps are computed now, or, without
   * {@code compute}, left to the caller's {@link #recompute} (by chain range, in time slices)
   * before the chains are used.
   */
  public DenseChains(DenseMemory memory, int chains, byte[] initial, boolean compute) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    this.memory = memory;
    this.chains = chains;
    this.units = memory.units();
    this.count = memory.count();
    if (initial.length != (long) chains * units) {
      throw new IllegalArgumentException("initial states must have chains*units = " + ((long) chains * units)
          + " entries (got " + initial.length + ")");
    }
    for (int k = 0; k < initial.length; k++) {
      if (initial[k] != 1 && initial[k] != -1) {
        throw new IllegalArgumentException("initial state entries must be -1 or +1 (got " + initial[k]
            + " at chain " + k / units + ", unit " + k % units + ")");
      }
    }
    this.spins = initial.clone();
    this.overlaps = new int[Math.multiplyExact(chains, count)];
    this.top = new int[chains];
    if (compute) {
      recompute(0, chains);
    }
  }

  public DenseMemory memory() {
    return memory;
  }

  public int chains() {
    return chains;
  }

  public int units() {
    return units;
  }

  /** Live spins, chains × N; callers other than the sweeps must not modify them. */
  public byte[] spins() {
    return spins;
  }

  /** A copy of chain c's overlaps m_μ. */
  public int[] overlaps(int c) {
    return Arrays.copyOfRange(overlaps, c * count, (c + 1) * count);
  }

  /** A copy of chain c's state. */
  public byte[] state(int c) {
    return Arrays.copyOfRange(spins, c * units, (c + 1) * units);
  }

  /** Overlaps from scratch for chains {@code [from, to)}, O(N·p) each. */
  public void recompute(int from, int to) {
    if (from < 0 || to > chains || from > to) {
      throw new IllegalArgumentException("chain range [" + from + ", " + to + ") is not within [0, " + chains + ")");
    }
    for (int c = from; c < to; c++) {
      top[c] = memory.overlaps(spins, c * units, overlaps, c * count);
    }
  }

  /** {@code D_i} of chain c in its current state (see {@link DenseMemory#gain}); O(p). */
  public double gain(int c, int i) {
    return memory.gain(overlaps, c * count, top[c], i, spins[c * units + i]);
  }

  /** E of chain c from its overlaps; O(p). */
  public double energy(int c) {
    return memory.energyOfOverlaps(overlaps, c * count, top[c]);
  }

  /** Sets chain c's unit i to ±1 (e.g. clamping a cue), updating the overlaps. */
  public void set(int c, int i, byte value) {
    if (value != 1 && value != -1) {
      throw new IllegalArgumentException("spin values are -1 or +1 (got " + value + ")");
    }
    if (spins[c * units + i] != value) {
      flip(c, i, value);
    }
  }

  /**
   * Sets unit i of chain c to {@code next} (the opposite of its value) and adds
   * {@code 2·next·ξ_μi} to each of the chain's overlaps, tracking their maximum: O(p).
   */
  void flip(int c, int i, byte next) {
    spins[c * units + i] = next;
    final byte[] column = memory.columns();
    final int col = i * count;
    final int off = c * count;
    final int d = 2 * next;
    int max = Integer.MIN_VALUE;
    for (int mu = 0; mu < count; mu++) {
      int m = overlaps[off + mu] + d * column[col + mu];
      overlaps[off + mu] = m;
      max = Math.max(max, m);
    }
    top[c] = max;
  }

  /** Bytes held per chain: spins, overlaps and the maximum. */
  public static long bytesPerChain(int units, int count) {
    return units + 4L * count + 4;
  }
}
