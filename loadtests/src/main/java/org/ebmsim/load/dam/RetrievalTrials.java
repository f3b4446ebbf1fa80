package org.ebmsim.load.dam;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;

/**
 * One point of the capacity curve: p random patterns of N units stored in a memory, then
 * {@code cues} cues (cue k is pattern k mod p with exactly {@code round(flip·N)} distinct units
 * flipped) run by the model's own zero-temperature kernel — the one sessions use — as one batch
 * of chains until a sweep changes nothing. A cue is retrieved when its fixed point equals the
 * pattern it came from, every unit. Everything is drawn from streams keyed by (seed, p), so a
 * point is the same whatever else is run.
 */
final class RetrievalTrials {
  /** Sweeps after which a chain that still flips counts as not retrieved (none needs close to it). */
  static final int MAX_SWEEPS = 200;

  private RetrievalTrials() {}

  /** What one point measured. */
  record Point(Memory memory, int units, int patterns, int cues, int retrieved, double meanOverlap,
      int sweeps, double seconds) {
    double fraction() {
      return (double) retrieved / cues;
    }
  }

  /** The random patterns of point (seed, p): p × N fair ±1 values. */
  static byte[] patterns(long seed, int p, int n) {
    SplittableRandom rng = ChainRandom.forChain(seed, 101, p);
    byte[] xi = new byte[p * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return xi;
  }

  /** Cue k: pattern k mod p with {@code flips} distinct units flipped (a partial Fisher–Yates draw). */
  static byte[] cues(long seed, int p, int n, byte[] xi, int cues, int flips) {
    byte[] out = new byte[cues * n];
    int[] order = new int[n];
    for (int k = 0; k < cues; k++) {
      int mu = k % p;
      System.arraycopy(xi, mu * n, out, k * n, n);
      SplittableRandom rng = ChainRandom.forChain(seed + 31L * p, ChainRandom.STREAM_CUE_NOISE, k);
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int f = 0; f < flips; f++) {
        int r = f + rng.nextInt(n - f);
        int t = order[f];
        order[f] = order[r];
        order[r] = t;
        out[k * n + order[f]] = (byte) -out[k * n + order[f]];
      }
    }
    return out;
  }

  static Point run(Memory memory, int n, int p, int cues, double flip, long seed) {
    long start = System.nanoTime();
    byte[] xi = patterns(seed, p, n);
    EnergyModel model = memory.build(p, n, xi);
    Sampling sampling = model.sampling();
    byte[] cue = cues(seed, p, n, xi, cues, (int) Math.round(flip * n));
    LayerBlock initial = LayerBlock.wrap(sampling.layout().visible(), cues, cue);
    LayerKernel kernel = sampling.kernel(0, new KernelSetup(0, cues, seed, SamplerKind.DETERMINISTIC, initial, null));
    kernel.prepare(0, cues);
    int sweeps = 0;
    while (sweeps < MAX_SWEEPS && kernel.update(0, cues, sweeps, 1) > 0) {
      sweeps++;
    }
    byte[] s = kernel.states().bytes();
    int retrieved = 0;
    double overlapSum = 0;
    for (int k = 0; k < cues; k++) {
      int mu = k % p;
      int dot = 0;
      for (int i = 0; i < n; i++) {
        dot += s[k * n + i] * xi[mu * n + i];
      }
      retrieved += dot == n ? 1 : 0;
      overlapSum += (double) dot / n;
    }
    return new Point(memory, n, p, cues, retrieved, overlapSum / cues, sweeps, (System.nanoTime() - start) / 1e9);
  }
}
