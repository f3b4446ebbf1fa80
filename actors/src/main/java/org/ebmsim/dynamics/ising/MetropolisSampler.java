package org.ebmsim.dynamics.ising;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.MetropolisAcceptance;

/**
 * Metropolis single-spin-flip updates in fixed unit order: propose flipping s_i, accept with
 * {@code min(1, e^{-βΔE})}, {@code ΔE = 2 s_i h_i}. A uniform is drawn only when ΔE > 0.
 */
public final class MetropolisSampler implements SpinSampler {
  @Override
  public long sweep(SpinChains state, int fromChain, int toChain, double beta, SplittableRandom[] rngs,
      boolean[] clamped) {
    final int n = state.units();
    final byte[] spins = state.spins();
    final double[] fields = state.fields();
    final double[] external = state.external();
    long flips = 0;
    for (int c = fromChain; c < toChain; c++) {
      final int base = c * n;
      final SplittableRandom rng = rngs[c];
      for (int i = 0; i < n; i++) {
        if (clamped != null && clamped[i]) {
          continue;
        }
        byte s = spins[base + i];
        double deltaE = 2.0 * s * (fields[base + i] + external[base + i]);
        if (deltaE <= 0 || MetropolisAcceptance.acceptUphill(beta * deltaE, rng)) {
          byte next = (byte) -s;
          state.flip(base, i, next);
          flips++;
        }
      }
    }
    return flips;
  }
}
