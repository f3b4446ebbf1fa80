package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.SpinEnumeration;

/**
 * Exact Boltzmann statistics of a small {@link IsingModel} by visiting all 2^N states
 * ({@link SpinEnumeration}).
 *
 * <p>States are visited in Gray-code order so each step flips one spin: the energy and the
 * local fields are updated in O(N), making a 20-unit model (10⁶ states) take tens of
 * milliseconds. State indices used by {@link #stateProbabilities} have bit i set iff s_i = +1.
 */
public final class IsingEnumeration {
  /** Default largest model enumerated; configurable by callers. */
  public static final int DEFAULT_MAX_UNITS = 20;
  /** Hard ceiling: arrays of 2^N probabilities must stay addressable. */
  public static final int ABSOLUTE_MAX_UNITS = SpinEnumeration.ABSOLUTE_MAX_UNITS;

  private IsingEnumeration() {}

  /** Throws {@link org.ebmsim.dynamics.ModelTooLargeException} when {@code units > maxUnits}. */
  public static void checkSize(int units, int maxUnits) {
    SpinEnumeration.checkSize(units, maxUnits);
  }

  /** {@link SpinEnumeration#summarize} of the model at inverse temperature β. */
  public static SpinEnumeration.Summary summarize(IsingModel model, double beta, int maxGroundStates, int maxUnits) {
    SpinEnumeration.checkBeta(beta);
    checkSize(model.units(), maxUnits);
    return SpinEnumeration.summarize(() -> new GrayWalk(model), model.units(), beta, maxGroundStates);
  }

  /** {@link #summarize} with the default unit limit. */
  public static SpinEnumeration.Summary summarize(IsingModel model, double beta, int maxGroundStates) {
    return summarize(model, beta, maxGroundStates, DEFAULT_MAX_UNITS);
  }

  /** The Boltzmann probability of every state; index bit i set iff s_i = +1. */
  public static double[] stateProbabilities(IsingModel model, double beta) {
    SpinEnumeration.checkBeta(beta);
    checkSize(model.units(), DEFAULT_MAX_UNITS);
    return SpinEnumeration.probabilities(stateEnergies(model), beta);
  }

  /** E(s) of every state; index bit i set iff s_i = +1. */
  public static double[] stateEnergies(IsingModel model) {
    checkSize(model.units(), DEFAULT_MAX_UNITS);
    return SpinEnumeration.stateEnergies(new GrayWalk(model), model.units());
  }

  /** Index of a ±1 state at {@code spins[offset .. offset+units)}: bit i set iff s_i = +1. */
  public static int stateIndex(byte[] spins, int offset, int units) {
    return SpinEnumeration.stateIndex(spins, offset, units);
  }

  /** Walks all states in Gray-code order, keeping E and the local fields current. */
  private static final class GrayWalk implements SpinEnumeration.Walk {
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

    /** Flips one spin; false once every state has been visited. */
    @Override
    public boolean next() {
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
