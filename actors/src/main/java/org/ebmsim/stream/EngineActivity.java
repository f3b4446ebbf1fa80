package org.ebmsim.stream;

/**
 * What the engine tells a metrics layer as sessions run (the server installs one with
 * {@link SimulationEngine#onActivity}); called from session actors, so implementations must be
 * thread-safe and cheap (a counter increment).
 */
@FunctionalInterface
public interface EngineActivity {
  /**
   * A round of a sampling session of a model of {@code family} did {@code chainSweeps} sweeps
   * (summed over its chains: the round's sweeps times the session's chains) and {@code updates}
   * single-unit updates.
   */
  void sampled(String family, long chainSweeps, long updates);

  /** Ignores everything. */
  EngineActivity NONE = (family, chainSweeps, updates) -> { };
}
