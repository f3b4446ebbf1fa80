package org.ebmsim.dynamics.sampling;

/** The update rule chains use. */
public enum SamplerKind {
  /** Heat-bath Gibbs at the schedule's temperature (block Gibbs for block samplers). */
  GIBBS,
  /** Metropolis single-site flips at the schedule's temperature. */
  METROPOLIS,
  /**
   * Zero-temperature dynamics: single-site models update asynchronously in a random order per
   * sweep; block samplers take each unit's most likely value. The schedule is ignored.
   */
  DETERMINISTIC,
  /**
   * Metropolis single-site flips, multi-spin coded: 64 independent chains per machine word, each
   * with its own uniforms. Only the sparse family offers it, for ±J models of spins without biases
   * or hidden units ({@code org.ebmsim.dynamics.sparse.MultiSpinKernel}).
   */
  METROPOLIS_MULTISPIN
}
