package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.MetropolisAcceptance;

/**
 * Metropolis single-unit flips in fixed unit order: flipping σ_i costs
 * {@code ΔE = σ_i·D_i}; accepted with {@code min(1, e^{−βΔE})}, a uniform drawn only when ΔE > 0.
 */
public final class DenseMetropolisSweep implements DenseSweep {
  @Override
  public long sweep(DenseChains chains, int from, int to, double beta, SplittableRandom[] rngs, boolean[] clamped) {
    final int n = chains.units();
    final byte[] spins = chains.spins();
    long flips = 0;
    for (int c = from; c < to; c++) {
      final SplittableRandom rng = rngs[c];
      final int base = c * n;
      for (int i = 0; i < n; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        byte s = spins[base + i];
        double deltaE = s * chains.gain(c, i);
        if (deltaE <= 0 || MetropolisAcceptance.acceptUphill(beta * deltaE, rng)) {
          chains.flip(c, i, (byte) -s);
          flips++;
        }
      }
    }
    return flips;
  }
}
