package org.ebmsim.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exact Boltzmann statistics of a small model of ±1 units from a walk over all 2^N states; the
 * model families supply the walk (Gray-code order, one unit flipped per step, the energy kept
 * current by whatever the family updates incrementally) and share everything else here. State
 * indices have bit i set iff s_i = +1.
 */
public final class SpinEnumeration {
  /** Hard ceiling: arrays of 2^N probabilities must stay addressable. */
  public static final int ABSOLUTE_MAX_UNITS = 26;

  private SpinEnumeration() {}

  /** All 2^N states of a model, one at a time, each with its energy. */
  public interface Walk {
    /** The current state (live; do not modify). */
    byte[] spins();

    /** The current state's index: bit i set iff s_i = +1. */
    int index();

    /** The current state's energy. */
    double energy();

    /** Moves to the next state; false once every state has been visited. */
    boolean next();
  }

  /** Exact statistics at inverse temperature β. */
  public record Summary(
      int units,
      double logPartition,
      double meanEnergy,
      double heatCapacity,
      double entropy,
      double[] marginalPlus,
      double groundEnergy,
      List<byte[]> groundStates,
      long groundStateCount) {}

  /** Throws {@link ModelTooLargeException} when {@code units > min(maxUnits, 26)}. */
  public static void checkSize(int units, int maxUnits) {
    int limit = Math.min(maxUnits, ABSOLUTE_MAX_UNITS);
    if (units > limit) {
      throw new ModelTooLargeException("exact enumeration visits 2^N states and is limited to N <= "
          + limit + " units (model has " + units + ")");
    }
  }

  /** Throws {@link IllegalArgumentException} unless β is finite and > 0. */
  public static void checkBeta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverse temperature must be finite and > 0 (got " + beta + ")");
    }
  }

  /**
   * log Z, ⟨E⟩, C = β²Var(E), S = log Z + β⟨E⟩, P(s_i = +1), the ground energy and up to
   * {@code maxGroundStates} ground states (energy within {@code 1e-9·(1+|E₀|)} of the minimum),
   * from two walks of {@code units} units (β and the size are the caller's to check).
   */
  public static Summary summarize(Supplier<Walk> walks, int units, double beta, int maxGroundStates) {
    int n = units;
    Walk walk = walks.get();
    // Pass 1: the minimum energy, so that pass 2 can weight by exp(-β(E - E₀)) without overflow.
    double ground = walk.energy();
    while (walk.next()) {
      ground = Math.min(ground, walk.energy());
    }
    double tolerance = 1e-9 * (1 + Math.abs(ground));
    walk = walks.get();
    double sumW = 0;
    double sumWE = 0;
    double sumWE2 = 0;
    double[] plus = new double[n];
    List<byte[]> groundStates = new ArrayList<>();
    long groundCount = 0;
    do {
      double delta = walk.energy() - ground;
      double w = Math.exp(-beta * delta);
      sumW += w;
      sumWE += w * delta;
      sumWE2 += w * delta * delta;
      byte[] spins = walk.spins();
      for (int i = 0; i < n; i++) {
        if (spins[i] > 0) {
          plus[i] += w;
        }
      }
      if (delta <= tolerance) {
        groundCount++;
        if (groundStates.size() < maxGroundStates) {
          groundStates.add(spins.clone());
        }
      }
    } while (walk.next());
    double logZ = Math.log(sumW) - beta * ground;
    double meanDelta = sumWE / sumW;
    double variance = Math.max(0, sumWE2 / sumW - meanDelta * meanDelta);
    double meanEnergy = ground + meanDelta;
    for (int i = 0; i < n; i++) {
      plus[i] /= sumW;
    }
    // S = log Z + β⟨E⟩ = log Σw + β⟨E − E₀⟩: the same number without the cancellation of the two
    // terms ±βE₀ (at β|E₀| ~ 1e202 their difference would lose every digit of S)
    double entropy = Math.log(sumW) + beta * meanDelta;
    return new Summary(n, logZ, meanEnergy, beta * beta * variance, entropy, plus, ground, groundStates,
        groundCount);
  }

  /** E(s) of every state of a walk over {@code units} units, by state index. */
  public static double[] stateEnergies(Walk walk, int units) {
    double[] out = new double[1 << units];
    do {
      out[walk.index()] = walk.energy();
    } while (walk.next());
    return out;
  }

  /** Turns state energies into their Boltzmann probabilities at β, in place; returns the array. */
  public static double[] probabilities(double[] energies, double beta) {
    double ground = Double.POSITIVE_INFINITY;
    for (double e : energies) {
      ground = Math.min(ground, e);
    }
    double sum = 0;
    for (int k = 0; k < energies.length; k++) {
      energies[k] = Math.exp(-beta * (energies[k] - ground));
      sum += energies[k];
    }
    for (int k = 0; k < energies.length; k++) {
      energies[k] /= sum;
    }
    return energies;
  }

  /** Index of a ±1 state at {@code spins[offset .. offset+units)}: bit i set iff s_i = +1. */
  public static int stateIndex(byte[] spins, int offset, int units) {
    int index = 0;
    for (int i = 0; i < units; i++) {
      if (spins[offset + i] > 0) {
        index |= 1 << i;
      }
    }
    return index;
  }
}
