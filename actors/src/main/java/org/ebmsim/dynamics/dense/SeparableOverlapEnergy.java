package org.ebmsim.dynamics.dense;

/**
 * {@code E = −Σ_μ F(m_μ)} for a polynomial F. With {@code a_μ = m_μ − σ_i ξ_μi} (the overlap
 * without unit i), setting σ_i = ±1 gives {@code m_μ = a_μ ± ξ_μi}, so for ξ_μi = ±1
 * {@code D_i = Σ_μ [F(a_μ + ξ_μi) − F(a_μ − ξ_μi)] = Σ_μ ξ_μi·G(a_μ)} with
 * {@code G(a) = F(a+1) − F(a−1)}. Both F and G are tabulated over the integer range [−N, N]
 * (16 bytes per unit), computed once from F's definition: exact while |F| < 2⁵³.
 */
final class SeparableOverlapEnergy implements OverlapEnergy {
  private final int units;
  private final double[] f; // f[x + N] = F(x), x ∈ [−N, N]
  private final double[] g; // g[a + N] = F(a+1) − F(a−1), a ∈ [−N+1, N−1] (ends 0, never read)

  SeparableOverlapEnergy(InteractionFunction function, int units) {
    this.units = units;
    this.f = new double[2 * units + 1];
    this.g = new double[2 * units + 1];
    for (int x = -units; x <= units; x++) {
      f[x + units] = function.value(x);
    }
    for (int a = -units + 1; a <= units - 1; a++) {
      g[a + units] = f[a + 1 + units] - f[a - 1 + units];
    }
  }

  @Override
  public double energy(int[] m, int off, int p, int top) {
    double e = 0;
    for (int mu = 0; mu < p; mu++) {
      e -= f[m[off + mu] + units];
    }
    return e;
  }

  @Override
  public double gain(int[] m, int off, byte[] column, int colOff, int p, int s, int top) {
    final double[] g = this.g;
    final int shift = units;
    double d = 0;
    for (int mu = 0; mu < p; mu++) {
      int x = column[colOff + mu];
      d += x * g[m[off + mu] - s * x + shift];
    }
    return d;
  }

  long heapBytes() {
    return 16L * f.length + 64;
  }
}
