package org.ebmsim.dynamics;

import java.util.Arrays;

/**
 * Per-chain bookkeeping along a run: the lowest-energy state each chain has visited at a sweep
 * boundary, the latest energies, and how often each unit was +1 inside an averaging window.
 *
 * <p>Owns copies of states, never the live sampler arrays. Call {@link #observe} after every
 * sweep with the full states (all layers concatenated, chains × units).
 */
public final class ChainTracker {
  private final int chains;
  private final int units;
  private final long averageFromSweep;
  private final double[] bestEnergy;
  private final byte[] bestStates;
  private final double[] lastEnergy;
  private final long[] plusCounts; // per unit, summed over chains
  private long averagedStates;

  /**
   * @param averageFromSweep states after sweeps {@code s ≥ averageFromSweep} (1-based count of
   *     completed sweeps) enter the +1 counts; {@code Long.MAX_VALUE} disables averaging
   */
  public ChainTracker(int chains, int units, long averageFromSweep) {
    this.chains = chains;
    this.units = units;
    this.averageFromSweep = averageFromSweep;
    this.bestEnergy = new double[chains];
    Arrays.fill(bestEnergy, Double.POSITIVE_INFINITY);
    this.bestStates = new byte[chains * units];
    this.lastEnergy = new double[chains];
    Arrays.fill(lastEnergy, Double.NaN);
    this.plusCounts = new long[units];
  }

  /**
   * Records the states after {@code completedSweeps} sweeps (0 = the initial states).
   *
   * @param energies E of each chain's state
   * @param states chains × units, ±1, read only
   */
  public void observe(long completedSweeps, double[] energies, byte[] states) {
    for (int c = 0; c < chains; c++) {
      double e = energies[c];
      lastEnergy[c] = e;
      if (e < bestEnergy[c]) {
        bestEnergy[c] = e;
        System.arraycopy(states, c * units, bestStates, c * units, units);
      }
    }
    if (completedSweeps >= averageFromSweep) {
      for (int c = 0; c < chains; c++) {
        int base = c * units;
        for (int i = 0; i < units; i++) {
          if (states[base + i] > 0) {
            plusCounts[i]++;
          }
        }
      }
      averagedStates += chains;
    }
  }

  public int chains() {
    return chains;
  }

  public int units() {
    return units;
  }

  public double bestEnergy(int c) {
    return bestEnergy[c];
  }

  /** Copies of every chain's best energy. */
  public double[] bestEnergies() {
    return bestEnergy.clone();
  }

  /** Copy of chain c's best state. */
  public byte[] bestState(int c) {
    return Arrays.copyOfRange(bestStates, c * units, (c + 1) * units);
  }

  /** Local index of the chain with the lowest best energy (ties: lowest index). */
  public int bestChain() {
    int best = 0;
    for (int c = 1; c < chains; c++) {
      if (bestEnergy[c] < bestEnergy[best]) {
        best = c;
      }
    }
    return best;
  }

  /** Copies of the latest energies. */
  public double[] lastEnergies() {
    return lastEnergy.clone();
  }

  /** Per unit, how many averaged states had it at +1 (summed over chains). */
  public long[] plusCounts() {
    return plusCounts.clone();
  }

  /** Number of states (chain × sweep) inside the averaging window so far. */
  public long averagedStates() {
    return averagedStates;
  }
}
