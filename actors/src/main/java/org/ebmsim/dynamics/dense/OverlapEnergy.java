package org.ebmsim.dynamics.dense;

/**
 * The energy of a dense memory as a function of a chain's pattern overlaps {@code m_μ = ξ_μ·σ}
 * (integers in [−N, N]), and the energy difference that decides a single-unit update, both in
 * O(p) from the overlaps and one column of ξ. Implementations tabulate what they need over the
 * integer overlap range once, so the inner loops are table reads. Immutable, thread-safe.
 */
interface OverlapEnergy {
  /**
   * {@code E} of a chain whose overlaps are {@code m[off .. off+p)}.
   *
   * @param top {@code max_μ m_μ} (a shift for the log-domain sum; ignored by separable energies)
   */
  double energy(int[] m, int off, int p, int top);

  /**
   * {@code D_i = E(σ with σ_i = −1) − E(σ with σ_i = +1)}: the unit prefers +1 when D_i > 0, and the
   * heat-bath probability of +1 is σ(β D_i). Reads only the overlaps and unit i's column of ξ.
   *
   * @param column {@code ξ_μi} for μ = 0..p−1 at {@code column[colOff ..]}
   * @param s the unit's current value σ_i (±1), whose contribution the overlaps include
   * @param top {@code max_μ m_μ}
   */
  double gain(int[] m, int off, byte[] column, int colOff, int p, int s, int top);
}
