package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.UnitSampling;

/**
 * Heat-bath updates in fixed unit order: {@code P(σ_i = +1 | rest) = σ(β D_i)} with
 * {@code D_i = E(σ_i = −1) − E(σ_i = +1)}, which satisfies detailed balance for
 * {@code p(σ) ∝ e^{−βE(σ)}}. One {@code nextLong()} per unit (the decision of
 * {@link UnitSampling#bernoulliLogit}).
 */
public final class DenseGibbsSweep implements DenseSweep {
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
        byte next = UnitSampling.bernoulliLogit(beta * chains.gain(c, i), rng) ? (byte) 1 : (byte) -1;
        if (next != spins[base + i]) {
          chains.flip(c, i, next);
          flips++;
        }
      }
    }
    return flips;
  }
}
