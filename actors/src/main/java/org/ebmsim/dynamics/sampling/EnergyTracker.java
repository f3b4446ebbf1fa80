package org.ebmsim.dynamics.sampling;

import java.util.Arrays;

/**
 * Per-chain energy bookkeeping of a batch: the latest energy, the lowest one visited at a sweep
 * boundary, and whether the latest observation improved it (so layers copy the state as best).
 */
public final class EnergyTracker {
  private final double[] best;
  private final double[] last;

  public EnergyTracker(int chains) {
    this.best = new double[chains];
    this.last = new double[chains];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    Arrays.fill(last, Double.NaN);
  }

  public int chains() {
    return best.length;
  }

  /** Records chain c's energy; true if it is the lowest so far (strictly). */
  public boolean observe(int c, double energy) {
    last[c] = energy;
    if (energy < best[c]) {
      best[c] = energy;
      return true;
    }
    return false;
  }

  public double best(int c) {
    return best[c];
  }

  public double last(int c) {
    return last[c];
  }

  /** Copies of every chain's lowest energy. */
  public double[] bestEnergies() {
    return best.clone();
  }

  /** Copies of the latest energies. */
  public double[] lastEnergies() {
    return last.clone();
  }

  /** Local index of the chain with the lowest best energy (ties: lowest index). */
  public int bestChain() {
    int b = 0;
    for (int c = 1; c < best.length; c++) {
      if (best[c] < best[b]) {
        b = c;
      }
    }
    return b;
  }

  /** Sets every chain's lowest and latest energy, as saved from {@link #bestEnergies} and {@link #lastEnergies} (a checkpoint). */
  public void restore(double[] bestEnergies, double[] lastEnergies) {
    if (bestEnergies.length != best.length || lastEnergies.length != last.length) {
      throw new IllegalArgumentException("saved energies are for " + bestEnergies.length + " chains, not " + best.length);
    }
    System.arraycopy(bestEnergies, 0, best, 0, best.length);
    System.arraycopy(lastEnergies, 0, last, 0, last.length);
  }
}
