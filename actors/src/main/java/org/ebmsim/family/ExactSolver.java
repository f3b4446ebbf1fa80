package org.ebmsim.family;

/**
 * Exact statistics of a small model by enumeration. {@link #check} runs on the request thread
 * (cheap) so that a request over the limit is refused before it queues; {@link #solve} does the
 * work.
 */
public interface ExactSolver {
  /**
   * Refuses a request this solver cannot answer: a temperature the family does not allow
   * ({@link org.ebmsim.errors.InvalidRequestException}) or a model above {@code maxUnits}
   * enumerated units ({@link org.ebmsim.errors.ResourceLimitException}).
   */
  void check(double temperature, int maxUnits);

  /**
   * @param temperature T > 0
   * @param maxGroundStates ground states to return at most (families that enumerate every state)
   */
  ExactResult solve(double temperature, int maxGroundStates, int maxUnits);
}
