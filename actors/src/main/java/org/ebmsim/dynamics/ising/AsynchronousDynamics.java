package org.ebmsim.dynamics.ising;

import java.util.SplittableRandom;

/**
 * Deterministic zero-temperature asynchronous updates {@code s_i ← +1 if h_i > 0 else −1}, one
 * unit at a time, in fixed order or in a fresh random order per sweep (drawn from the chain's
 * generator). Never raises the energy; a sweep with no flip means a fixed point was reached.
 */
public final class AsynchronousDynamics implements SpinSampler {
  /** Unit visiting order. */
  public enum Order { FIXED, RANDOM }

  private final Order order;

  public AsynchronousDynamics(Order order) {
    this.order = order;
  }

  @Override
  public long sweep(SpinChains state, int fromChain, int toChain, double beta, SplittableRandom[] rngs,
      boolean[] clamped) {
    final int n = state.units();
    final byte[] spins = state.spins();
    final double[] fields = state.fields();
    final double[] external = state.external();
    final int[] visit = new int[n];
    long flips = 0;
    for (int c = fromChain; c < toChain; c++) {
      final int base = c * n;
      for (int k = 0; k < n; k++) {
        visit[k] = k;
      }
      if (order == Order.RANDOM) {
        SplittableRandom rng = rngs[c];
        for (int k = n - 1; k > 0; k--) { // Fisher–Yates
          int r = rng.nextInt(k + 1);
          int t = visit[k];
          visit[k] = visit[r];
          visit[r] = t;
        }
      }
      for (int k = 0; k < n; k++) {
        int i = visit[k];
        if (clamped != null && clamped[i]) {
          continue;
        }
        byte next = fields[base + i] + external[base + i] > 0 ? (byte) 1 : (byte) -1;
        if (next != spins[base + i]) {
          state.flip(base, i, next);
          flips++;
        }
      }
    }
    return flips;
  }
}
