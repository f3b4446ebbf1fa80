package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;

/**
 * Zero-temperature asynchronous updates {@code σ_i ← sign(D_i)} (Krotov &amp; Hopfield's rule
 * {@code sign(Σ_μ [F(m_μ|σ_i=+1) − F(m_μ|σ_i=−1)])}), one unit at a time in a fresh random order
 * per sweep drawn from the chain's generator. A unit with {@code D_i = 0} keeps its value, so every
 * flip strictly lowers the energy: the dynamics reach a fixed point, signalled by a sweep with no
 * flip.
 */
public final class DenseAsynchronousSweep implements DenseSweep {
  @Override
  public long sweep(DenseChains chains, int from, int to, double beta, SplittableRandom[] rngs, boolean[] clamped) {
    final int n = chains.units();
    final byte[] spins = chains.spins();
    final int[] visit = new int[n];
    long flips = 0;
    for (int c = from; c < to; c++) {
      final SplittableRandom rng = rngs[c];
      final int base = c * n;
      for (int k = 0; k < n; k++) {
        visit[k] = k;
      }
      for (int k = n - 1; k > 0; k--) { // Fisher–Yates
        int r = rng.nextInt(k + 1);
        int t = visit[k];
        visit[k] = visit[r];
        visit[r] = t;
      }
      for (int k = 0; k < n; k++) {
        int i = visit[k];
        if (clamped != null && clamped[i]) {
          continue;
        }
        double d = chains.gain(c, i);
        byte s = spins[base + i];
        if (d * s < 0) { // D_i has the opposite sign of σ_i: flipping lowers E by |D_i|
          chains.flip(c, i, (byte) -s);
          flips++;
        }
      }
    }
    return flips;
  }
}
