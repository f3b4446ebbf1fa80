package org.ebmsim.dynamics.ising;

import java.util.SplittableRandom;

/**
 * One sweep of single-site updates over a layer's units for a range of chains.
 *
 * <p>Implementations differ only in the acceptance rule; all of them update
 * {@link SpinChains}' fields incrementally on a flip (O(N) per flip, never O(N²) per sweep),
 * skip clamped units, and draw random numbers from chain c's own generator
 * {@code rngs[c]} only, so a chain's trajectory does not depend on its batch.
 */
public interface SpinSampler {
  /**
   * Visits every unclamped unit of chains {@code [fromChain, toChain)} once.
   *
   * @param beta inverse temperature, > 0 (deterministic samplers ignore it)
   * @param rngs one generator per chain of {@code state}, indexed like the chains
   * @param clamped units that must not change, or {@code null} for none
   * @return the number of spins flipped
   */
  long sweep(SpinChains state, int fromChain, int toChain, double beta, SplittableRandom[] rngs,
      boolean[] clamped);
}
