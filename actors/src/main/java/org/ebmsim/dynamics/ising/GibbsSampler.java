package org.ebmsim.dynamics.ising;

import java.util.SplittableRandom;

/**
 * Heat-bath (Glauber) single-site Gibbs updates in fixed unit order:
 * {@code P(s_i = +1 | rest) = σ(2β h_i)}. Satisfies detailed balance for the Boltzmann law.
 */
public final class GibbsSampler implements SpinSampler {
  @Override
  public long sweep(SpinChains state, int fromChain, int toChain, double beta, SplittableRandom[] rngs,
      boolean[] clamped) {
    final int n = state.units();
    final byte[] spins = state.spins();
    final double[] fields = state.fields();
    final double[] external = state.external();
    final double twoBeta = 2.0 * beta;
    long flips = 0;
    for (int c = fromChain; c < toChain; c++) {
      final int base = c * n;
      final SplittableRandom rng = rngs[c];
      for (int i = 0; i < n; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        double h = fields[base + i] + external[base + i];
        // σ(2βh) = P(+1); comparing u·(1 + e^{-2βh}) < 1 avoids a division.
        byte next = rng.nextDouble() * (1.0 + Math.exp(-twoBeta * h)) < 1.0 ? (byte) 1 : (byte) -1;
        if (next != spins[base + i]) {
          state.flip(base, i, next);
          flips++;
        }
      }
    }
    return flips;
  }
}
