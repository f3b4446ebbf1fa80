package org.ebmsim.dynamics.dense;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.ModelTooLargeException;

/**
 * Exact Boltzmann statistics of a small {@link DenseMemory} by visiting all 2^N states in
 * Gray-code order: each step flips one unit, updating the overlaps in O(p) and the energy from
 * them in O(p). State indices have bit i set iff σ_i = +1.
 */
public final class DenseEnumeration {
  /** Hard ceiling: 2^N states must stay countable in an int index. */
  public static final int ABSOLUTE_MAX_UNITS = 26;

  private DenseEnumeration() {}

  /** Exact statistics at inverse temperature β. */
  public record Summary(int units, double logPartition, double meanEnergy, double heatCapacity, double entropy,
      double[] marginalPlus, double groundEnergy, List<byte[]> groundStates, long groundStateCount) {}

  /** Throws {@link ModelTooLargeException} when {@code units > min(maxUnits, 26)}. */
  public static void checkSize(int units, int maxUnits) {
    int limit = Math.min(maxUnits, ABSOLUTE_MAX_UNITS);
    if (units > limit) {
      throw new ModelTooLargeException("exact enumeration visits 2^N states and is limited to N <= " + limit
          + " units (model has " + units + ")");
    }
  }

  /**
   * log Z, ⟨E⟩, C = β²Var(E), S = log Z + β⟨E⟩, P(σ_i = +1), the ground energy and up to
   * {@code maxGroundStates} ground states (energy within {@code 1e-9·(1+|E₀|)} of the minimum).
   */
  public static Summary summarize(DenseMemory memory, double beta, int maxGroundStates, int maxUnits) {
    checkBeta(beta);
    checkSize(memory.units(), maxUnits);
    int n = memory.units();
    // Pass 1: the minimum energy, so that pass 2 weights by exp(−β(E − E₀)) without overflow.
    GrayWalk walk = new GrayWalk(memory);
    double ground = walk.energy;
    while (walk.next()) {
      ground = Math.min(ground, walk.energy);
    }
    double tolerance = 1e-9 * (1 + Math.abs(ground));
    walk = new GrayWalk(memory);
    double sumW = 0;
    double sumWE = 0;
    double sumWE2 = 0;
    double[] plus = new double[n];
    List<byte[]> groundStates = new ArrayList<>();
    long groundCount = 0;
    do {
      double delta = walk.energy - ground;
      double w = Math.exp(-beta * delta);
      sumW += w;
      sumWE += w * delta;
      sumWE2 += w * delta * delta;
      for (int i = 0; i < n; i++) {
        if (walk.spins[i] > 0) {
          plus[i] += w;
        }
      }
      if (delta <= tolerance) {
        groundCount++;
        if (groundStates.size() < maxGroundStates) {
          groundStates.add(walk.spins.clone());
        }
      }
    } while (walk.next());
    double meanDelta = sumWE / sumW;
    double variance = Math.max(0, sumWE2 / sumW - meanDelta * meanDelta);
    for (int i = 0; i < n; i++) {
      plus[i] /= sumW;
    }
    // S = log Σw + β⟨E − E₀⟩: no cancellation of the two terms ±βE₀
    return new Summary(n, Math.log(sumW) - beta * ground, ground + meanDelta, beta * beta * variance,
        Math.log(sumW) + beta * meanDelta, plus, ground, groundStates, groundCount);
  }

  /** E(σ) of every state; index bit i set iff σ_i = +1. */
  public static double[] stateEnergies(DenseMemory memory, int maxUnits) {
    checkSize(memory.units(), maxUnits);
    double[] out = new double[1 << memory.units()];
    GrayWalk walk = new GrayWalk(memory);
    do {
      out[walk.index] = walk.energy;
    } while (walk.next());
    return out;
  }

  /** The Boltzmann probability of every state at β; index bit i set iff σ_i = +1. */
  public static double[] stateProbabilities(DenseMemory memory, double beta, int maxUnits) {
    checkBeta(beta);
    double[] p = stateEnergies(memory, maxUnits);
    double ground = Arrays.stream(p).min().orElseThrow();
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(-beta * (p[k] - ground));
      sum += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** Index of the ±1 state at {@code s[off .. off+units)}: bit i set iff σ_i = +1. */
  public static int stateIndex(byte[] s, int off, int units) {
    int index = 0;
    for (int i = 0; i < units; i++) {
      if (s[off + i] > 0) {
        index |= 1 << i;
      }
    }
    return index;
  }

  private static void checkBeta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverse temperature must be finite and > 0 (got " + beta + ")");
    }
  }

  /** All states in Gray-code order from all −1, with the overlaps and the energy kept current. */
  private static final class GrayWalk {
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

    /** Flips one unit; false once every state has been visited. */
    boolean next() {
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
