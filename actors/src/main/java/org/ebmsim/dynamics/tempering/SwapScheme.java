package org.ebmsim.dynamics.tempering;

/** Which neighbour pairs a swap round proposes. */
public enum SwapScheme {
  /**
   * Stochastic even/odd: each round, a fair coin from the ladder's swap stream picks the even
   * pairs (0,1), (2,3), … or the odd pairs (1,2), (3,4), …. Reversible; a replica's walk along the
   * ladder is diffusive, so round trips take O(K²) rounds.
   */
  REVERSIBLE,
  /**
   * Deterministic even/odd (Syed et al. 2021): even pairs at even rounds, odd pairs at odd rounds.
   * Non-reversible; an accepted replica keeps moving the same way, so round trips take O(K) rounds
   * and their rate tends to {@code 1/(2 + 2Λ)} per round.
   */
  NON_REVERSIBLE
}
