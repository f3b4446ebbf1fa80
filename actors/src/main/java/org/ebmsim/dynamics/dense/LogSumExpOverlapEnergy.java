package org.ebmsim.dynamics.dense;

/**
 * The exponential interaction in the log domain: {@code E = −log Σ_μ e^{m_μ}}, evaluated with the
 * max-shift {@code E = −top − log Σ_μ e^{m_μ − top}}, {@code top = max_μ m_μ}: every term is at most
 * 1 and the largest is 1, so nothing overflows or underflows to a zero sum whatever N.
 *
 * <p>Flipping σ_i changes every overlap to {@code m_μ − 2σ_i ξ_μi}, so with
 * {@code S = Σ_μ e^{m_μ − top}} (now) and {@code S' = Σ_μ e^{m_μ − 2σ_iξ_μi − top}} (flipped),
 * {@code D_i = σ_i log(S / S')}. Exponents are integers in [−2N−2, 2], so e^k is tabulated once
 * (entries below e^−745 are 0, which is their float64 value).
 */
final class LogSumExpOverlapEnergy implements OverlapEnergy {
  private final int offset; // exp[k + offset] = e^k, k ∈ [−2N−2, 2]
  private final double[] exp;

  LogSumExpOverlapEnergy(int units) {
    this.offset = 2 * units + 2;
    this.exp = new double[2 * units + 5];
    for (int k = -offset; k <= 2; k++) {
      exp[k + offset] = Math.exp(k);
    }
  }

  @Override
  public double energy(int[] m, int off, int p, int top) {
    double sum = 0;
    int base = offset - top;
    for (int mu = 0; mu < p; mu++) {
      sum += exp[m[off + mu] + base];
    }
    return -(top + Math.log(sum));
  }

  @Override
  public double gain(int[] m, int off, byte[] column, int colOff, int p, int s, int top) {
    final double[] exp = this.exp;
    final int base = offset - top;
    final int twoS = 2 * s;
    double now = 0;
    double flipped = 0;
    for (int mu = 0; mu < p; mu++) {
      int k = m[off + mu] + base;
      now += exp[k];
      flipped += exp[k - twoS * column[colOff + mu]];
    }
    return s * Math.log(now / flipped);
  }

  long heapBytes() {
    return 8L * exp.length + 64;
  }
}
