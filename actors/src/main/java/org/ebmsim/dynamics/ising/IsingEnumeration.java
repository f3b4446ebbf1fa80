package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ModelTooLargeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact Boltzmann statistics of a small {@link IsingModel} by visiting all 2^N states.
 *
 * <p>States are visited in Gray-code order so each step flips one spin: the energy and the
 * local fields are updated in O(N), making a 20-unit model (10⁶ states) take tens of
 * milliseconds. State indices used by {@link #stateProbabilities} have bit i set iff s_i = +1.
 */
public final class IsingEnumeration {
  /** Default largest model enumerated; configurable by callers. */
  public static final int DEFAULT_MAX_UNITS = 20;
  /** Hard ceiling: arrays of 2^N probabilities must stay addressable. */
  public static final int ABSOLUTE_MAX_UNITS = 26;

  private IsingEnumeration() {}

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

  /** Throws {@link ModelTooLargeException} when {@code units > maxUnits}. */
  public static void checkSize(int units, int maxUnits) {
    int limit = Math.min(maxUnits, ABSOLUTE_MAX_UNITS);
    if (units > limit) {
      throw new ModelTooLargeException("exact enumeration visits 2^N states and is limited to N <= "
          + limit + " units (model has " + units + ")");
    }
  }

  /**
   * log Z, ⟨E⟩, C = β²Var(E), S = log Z + β⟨E⟩, P(s_i = +1), the ground energy and up to
   * {@code maxGroundStates} ground states (energy within {@code 1e-9·(1+|E₀|)} of the minimum).
   */
  public static Summary summarize(IsingModel model, double beta, int maxGroundStates, int maxUnits) {
    checkBeta(beta);
    checkSize(model.units(), maxUnits);
    int n = model.units();
    GrayWalk walk = new GrayWalk(model);
    // Pass 1: the minimum energy, so that pass 2 can weight by exp(-β(E - E₀)) without overflow.
    double ground = walk.energy;
    while (walk.next()) {
      ground = Math.min(ground, walk.energy);
    }
    double tolerance = 1e-9 * (1 + Math.abs(ground));
    walk = new GrayWalk(model);
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

  /** {@link #summarize} with the default unit limit. */
  public static Summary summarize(IsingModel model, double beta, int maxGroundStates) {
    return summarize(model, beta, maxGroundStates, DEFAULT_MAX_UNITS);
  }

  /** The Boltzmann probability of every state; index bit i set iff s_i = +1. */
  public static double[] stateProbabilities(IsingModel model, double beta) {
    checkBeta(beta);
    checkSize(model.units(), DEFAULT_MAX_UNITS);
    double[] energies = stateEnergies(model);
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

  /** E(s) of every state; index bit i set iff s_i = +1. */
  public static double[] stateEnergies(IsingModel model) {
    checkSize(model.units(), DEFAULT_MAX_UNITS);
    double[] out = new double[1 << model.units()];
    GrayWalk walk = new GrayWalk(model);
    do {
      out[walk.index] = walk.energy;
    } while (walk.next());
    return out;
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

  private static void checkBeta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverse temperature must be finite and > 0 (got " + beta + ")");
    }
  }

  /** Walks all states in Gray-code order, keeping E and the local fields current. */
  private static final class GrayWalk {
    private final IsingModel model;
    private final int n;
    private final byte[] spins;
    private final double[] fields;
    private long step;
    private int index;
    private double energy;

    GrayWalk(IsingModel model) {
      this.model = model;
      this.n = model.units();
      this.spins = new byte[n];
      java.util.Arrays.fill(spins, (byte) -1);
      this.fields = new double[n];
      for (int i = 0; i < n; i++) {
        fields[i] = model.localField(spins, 0, i);
      }
      this.energy = model.energy(spins, 0);
    }

    /** Flips one spin; false once every state has been visited. */
    boolean next() {
      step++;
      if (step >= (1L << n)) {
        return false;
      }
      int i = Long.numberOfTrailingZeros(step);
      int old = spins[i];
      // ΔE of flipping s_i is 2 s_i h_i (the diagonal term is constant for ±1 spins).
      energy += 2.0 * old * fields[i];
      spins[i] = (byte) -old;
      index ^= 1 << i;
      double d = -2.0 * old;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          fields[j] += d * model.weight(j, i);
        }
      }
      return true;
    }
  }
}
