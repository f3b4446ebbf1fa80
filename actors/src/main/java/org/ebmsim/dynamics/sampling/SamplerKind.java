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
  DETERMINISTIC
}
