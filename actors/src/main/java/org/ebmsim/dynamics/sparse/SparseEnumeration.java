package org.ebmsim.dynamics.sparse;

import org.ebmsim.dynamics.SpinEnumeration;

/**
 * Exact Boltzmann statistics of a small {@link SparseNetwork} by visiting all 2^N states in
 * Gray-code order ({@link SpinEnumeration}); a step changes one unit, whose ΔE costs its degree.
 * State index bit i is set iff unit i takes its high value (+1 or 1).
 */
public final class SparseEnumeration {
  private SparseEnumeration() {}

  /** {@link SpinEnumeration#summarize} at inverse temperature β. */
  public static SpinEnumeration.Summary summarize(SparseNetwork network, double beta, int maxGroundStates,
      int maxUnits) {
    SpinEnumeration.checkBeta(beta);
    SpinEnumeration.checkSize(network.units(), maxUnits);
    return SpinEnumeration.summarize(() -> new GrayWalk(network), network.units(), beta, maxGroundStates);
  }

  /** E of every state, by index. */
  public static double[] stateEnergies(SparseNetwork network, int maxUnits) {
    SpinEnumeration.checkSize(network.units(), maxUnits);
    return SpinEnumeration.stateEnergies(new GrayWalk(network), network.units());
  }

  private static final class GrayWalk implements SpinEnumeration.Walk {
    private final SparseNetwork network;
    private final int n;
    private final byte[] s;
    private final byte low;
    private long step;
    private int index;
    private double energy;

    GrayWalk(SparseNetwork network) {
      this.network = network;
      this.n = network.units();
      this.low = network.low();
      this.s = new byte[n];
      java.util.Arrays.fill(s, low);
      this.energy = network.energy(s, 0);
    }

    @Override
    public byte[] spins() {
      return s;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public double energy() {
      return energy;
    }

    @Override
    public boolean next() {
      step++;
      if (step >= (1L << n)) {
        return false;
      }
      int i = Long.numberOfTrailingZeros(step);
      byte next = s[i] == 1 ? low : 1;
      energy -= (next - s[i]) * network.localField(s, 0, i);
      s[i] = next;
      index ^= 1 << i;
      return true;
    }
  }
}
