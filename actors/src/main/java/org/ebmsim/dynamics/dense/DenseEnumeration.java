package org.ebmsim.dynamics.dense;

import java.util.Arrays;
import org.ebmsim.dynamics.SpinEnumeration;

/**
 * Exact Boltzmann statistics of a small {@link DenseMemory} by visiting all 2^N states in
 * Gray-code order: each step flips one unit, updating the overlaps in O(p) and the energy from
 * them in O(p); the statistics are {@link SpinEnumeration}'s. State indices have bit i set iff σ_i = +1.
 */
public final class DenseEnumeration {
  /** Hard ceiling: 2^N states must stay countable in an int index. */
  public static final int ABSOLUTE_MAX_UNITS = SpinEnumeration.ABSOLUTE_MAX_UNITS;

  private DenseEnumeration() {}

  /** Throws {@link org.ebmsim.dynamics.ModelTooLargeException} when {@code units > min(maxUnits, 26)}. */
  public static void checkSize(int units, int maxUnits) {
    SpinEnumeration.checkSize(units, maxUnits);
  }

  /** {@link SpinEnumeration#summarize} of the memory at inverse temperature β. */
  public static SpinEnumeration.Summary summarize(DenseMemory memory, double beta, int maxGroundStates,
      int maxUnits) {
    SpinEnumeration.checkBeta(beta);
    checkSize(memory.units(), maxUnits);
    return SpinEnumeration.summarize(() -> new GrayWalk(memory), memory.units(), beta, maxGroundStates);
  }

  /** E(σ) of every state; index bit i set iff σ_i = +1. */
  public static double[] stateEnergies(DenseMemory memory, int maxUnits) {
    checkSize(memory.units(), maxUnits);
    return SpinEnumeration.stateEnergies(new GrayWalk(memory), memory.units());
  }

  /** The Boltzmann probability of every state at β; index bit i set iff σ_i = +1. */
  public static double[] stateProbabilities(DenseMemory memory, double beta, int maxUnits) {
    SpinEnumeration.checkBeta(beta);
    return SpinEnumeration.probabilities(stateEnergies(memory, maxUnits), beta);
  }

  /** Index of the ±1 state at {@code s[off .. off+units)}: bit i set iff σ_i = +1. */
  public static int stateIndex(byte[] s, int off, int units) {
    return SpinEnumeration.stateIndex(s, off, units);
  }

  /** All states in Gray-code order from all −1, with the overlaps and the energy kept current. */
  private static final class GrayWalk implements SpinEnumeration.Walk {
    private final DenseChains chain;
    private final byte[] spins;
    private final int n;
    private long step;
    private int index;
    private double energy;

    GrayWalk(DenseMemory memory) {
      this.n = memory.units();
      byte[] start = new byte[n];
      Arrays.fill(start, (byte) -1);
      this.chain = new DenseChains(memory, 1, start, true);
      this.spins = chain.spins();
      this.energy = chain.energy(0);
    }

    @Override
    public byte[] spins() {
      return spins;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public double energy() {
      return energy;
    }

    /** Flips one unit; false once every state has been visited. */
    @Override
    public boolean next() {
      step++;
      if (step >= (1L << n)) {
        return false;
      }
      int i = Long.numberOfTrailingZeros(step);
      chain.flip(0, i, (byte) -spins[i]);
      index ^= 1 << i;
      energy = chain.energy(0);
      return true;
    }
  }
}
