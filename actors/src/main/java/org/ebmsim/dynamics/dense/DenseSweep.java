package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;

/**
 * One sweep of single-unit updates over the units of chains {@code [from, to)} of a
 * {@link DenseChains}. Each update reads the unit's {@code D_i} in O(p) from the overlaps and, on a
 * flip, updates them in O(p). Clamped units are skipped; chain c draws only from {@code rngs[c]},
 * so a chain's trajectory does not depend on its batch.
 */
public interface DenseSweep {
  /**
   * @param beta inverse temperature, > 0 (ignored by zero-temperature dynamics)
   * @param clamped units that must not change, or null for none
   * @return units flipped
   */
  long sweep(DenseChains chains, int from, int to, double beta, SplittableRandom[] rngs, boolean[] clamped);
}
