package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.MetropolisAcceptance;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.UnitSampling;

/**
 * One chromatic sweep of one chain of a {@link SparseLayer}: colour class by colour class, each
 * unit updated from its local field {@code h_i = Σ_j J_ij s_j + b_i (+ the partner layer's field)}
 * read off the CSR row (no stored fields: a row costs its degree, and nothing drifts). Within a
 * class the units are conditionally independent, so the in-class order (ascending) is immaterial
 * to the law; classes are visited in order, which makes this a systematic-scan Gibbs (or
 * Metropolis) sampler leaving e^{−βE} invariant.
 *
 * <p>Rules, with {@code gap = high − low} (2 for spins, 1 for 0/1 units): heat bath
 * {@code P(s_i = high) = σ(β·gap·h_i)}; Metropolis proposes the other value, {@code ΔE = −(s' − s)h},
 * accepted with {@code min(1, e^{−βΔE})}; zero temperature sets {@code s_i = high} if h > 0,
 * {@code low} if h < 0 and keeps s_i on a tie, so every change lowers E strictly and a sweep
 * without change is a local minimum. The integer kernels (small integer couplings and biases, no
 * partner, nothing clamped) decide by comparing the top 53 bits of one {@code nextLong()} with a
 * per-temperature table: exactly the decision {@code nextDouble() < p} of the double kernels.
 */
public final class ChromaticSweep {
  private final SparseLayer layer;
  private final SamplerKind rule;
  private final boolean sixNeighbours; // the unrolled integer loops of 3D lattices apply
  private double tableBeta = Double.NaN;
  private long[] thresholds; // integer heat bath: P(high) by h; Metropolis: acceptance by ΔE > 0

  public ChromaticSweep(SparseLayer layer, SamplerKind rule) {
    this(layer, rule, true);
  }

  /**
   * @param unroll whether rows of exactly 6 entries (3D lattices) take the unrolled integer loops
   *     (same arithmetic and draws as the general ones, so the same trajectory: a test compares them)
   */
  ChromaticSweep(SparseLayer layer, SamplerKind rule, boolean unroll) {
    this.layer = layer;
    this.rule = rule;
    this.sixNeighbours = unroll && layer.regularDegree() == 6;
  }

  /**
   * Sweeps the chain at {@code s[base .. base+n)} once.
   *
   * @param external the partner layer's field on this layer's units at {@code external[base ..]}, or null
   * @param clamped units left alone, or null
   * @param energy {@code energy[0] +=} the change of the layer's internal energy (without the partner term)
   * @return units changed
   */
  public long sweep(byte[] s, int base, double[] external, SplittableRandom rng, double beta, boolean[] clamped,
      double[] energy) {
    if (layer.integer() && external == null && clamped == null && rule != SamplerKind.DETERMINISTIC) {
      tables(beta);
      return rule == SamplerKind.GIBBS ? integerHeatBath(s, base, rng, energy) : integerMetropolis(s, base, rng,
          energy);
    }
    return general(s, base, external, rng, beta, clamped, energy);
  }

  /** Integer kernels' tables at β (rebuilt when β changes). */
  private void tables(double beta) {
    if (beta == tableBeta) {
      return;
    }
    int max = layer.maxIntegerField();
    int gap = layer.gap();
    if (rule == SamplerKind.GIBBS) {
      thresholds = new long[2 * max + 1];
      for (int h = -max; h <= max; h++) {
        thresholds[h + max] = threshold(1.0 / (1.0 + Math.exp(-beta * gap * h)));
      }
    } else {
      thresholds = new long[gap * max + 1]; // ΔE = −(s' − s)h ∈ [−gap·max, gap·max]
      for (int d = 0; d <= gap * max; d++) {
        thresholds[d] = threshold(Math.exp(-beta * d));
      }
    }
    tableBeta = beta;
  }

  /** The integer t with {@code (bits >>> 11) < t ⟺ (bits >>> 11)·2⁻⁵³ < p}. */
  static long threshold(double p) {
    return (long) Math.ceil(p * 0x1.0p53);
  }

  private long integerHeatBath(byte[] s, int base, SplittableRandom rng, double[] energy) {
    final int[] order = layer.colouring().order();
    final int[] start = layer.internal().rowStart();
    final int[] cols = layer.internal().columns();
    final byte[] values = layer.integerValues();
    final int[] bias = layer.integerBias();
    final long[] table = thresholds;
    final int max = layer.maxIntegerField();
    final int low = layer.low();
    final int gap = layer.gap();
    final int flipShift = gap == 2 ? 2 : 0; // d² = gap² on a change
    long flips = 0;
    long delta = 0;
    final boolean six = sixNeighbours;
    for (int i : order) {
      int h = six ? bias[i] + field6(s, base, cols, values, 6 * i) : field(s, base, cols, values, start, i, bias[i]);
      // branch-free: at T ~ 1 the decision is a coin flip, and a mispredicted branch per update
      // cost more than the rest of it; u < t ⟺ the sign bit of u − t (both below 2^53)
      int up = (int) (((rng.nextLong() >>> 11) - table[h + max]) >>> 63);
      int next = low + gap * up;
      int d = next - s[base + i];
      s[base + i] = (byte) next;
      delta -= (long) d * h;
      flips += (d * d) >>> flipShift;
    }
    energy[0] += delta;
    return flips;
  }

  private long integerMetropolis(byte[] s, int base, SplittableRandom rng, double[] energy) {
    final int[] order = layer.colouring().order();
    final int[] start = layer.internal().rowStart();
    final int[] cols = layer.internal().columns();
    final byte[] values = layer.integerValues();
    final int[] bias = layer.integerBias();
    final long[] table = thresholds;
    final int sum = layer.low() + 1; // s' = (high + low) − s
    long flips = 0;
    long delta = 0;
    final boolean six = sixNeighbours;
    for (int i : order) {
      int h = six ? bias[i] + field6(s, base, cols, values, 6 * i) : field(s, base, cols, values, start, i, bias[i]);
      int current = s[base + i];
      int d = sum - 2 * current; // s' − s
      int deltaE = -d * h;
      if (deltaE <= 0 || (rng.nextLong() >>> 11) < table[deltaE]) {
        s[base + i] = (byte) (current + d);
        delta += deltaE;
        flips++;
      }
    }
    energy[0] += delta;
    return flips;
  }

  /** bias + Σ_k J_k s_{col k} over row i. */
  private static int field(byte[] s, int base, int[] cols, byte[] values, int[] start, int i, int bias) {
    int h = bias;
    for (int k = start[i], end = start[i + 1]; k < end; k++) {
      h += values[k] * s[base + cols[k]];
    }
    return h;
  }

  /**
   * The six-term row at {@code k = 6i} written out: with the row starts implied and no loop, a 3D
   * lattice update measured 25–30% faster (6.7 against 9 ns under load) than the general loop.
   */
  private static int field6(byte[] s, int base, int[] cols, byte[] v, int k) {
    return v[k] * s[base + cols[k]] + v[k + 1] * s[base + cols[k + 1]] + v[k + 2] * s[base + cols[k + 2]]
        + v[k + 3] * s[base + cols[k + 3]] + v[k + 4] * s[base + cols[k + 4]] + v[k + 5] * s[base + cols[k + 5]];
  }

  private long general(byte[] s, int base, double[] external, SplittableRandom rng, double beta, boolean[] clamped,
      double[] energy) {
    final int[] order = layer.colouring().order();
    final SparseCouplings j = layer.internal();
    final int[] start = j.rowStart();
    final int[] cols = j.columns();
    final double[] values = j.values();
    final double[] bias = layer.bias();
    final byte low = layer.low();
    final byte high = 1;
    final int gap = layer.gap();
    long flips = 0;
    double delta = 0;
    for (int i : order) {
      if (clamped != null && clamped[i]) {
        continue;
      }
      double internal = bias[i];
      for (int k = start[i], end = start[i + 1]; k < end; k++) {
        internal += values[k] * s[base + cols[k]];
      }
      double h = external == null ? internal : internal + external[base + i];
      byte current = s[base + i];
      byte next;
      switch (rule) {
        case GIBBS -> next = UnitSampling.bernoulliLogit(beta * gap * h, rng) ? high : low;
        case METROPOLIS -> {
          byte other = (byte) (low + high - current);
          double deltaE = -(other - current) * h;
          next = deltaE <= 0 || MetropolisAcceptance.acceptUphill(beta * deltaE, rng) ? other : current;
        }
        default -> next = h > 0 ? high : h < 0 ? low : current;
      }
      if (next != current) {
        s[base + i] = next;
        delta -= (next - current) * internal;
        flips++;
      }
    }
    energy[0] += delta;
    return flips;
  }
}
