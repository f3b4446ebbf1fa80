package org.ebmsim.session;

/**
 * Which stored-pattern overlaps chain groups compute at each report, for convergence diagnostics:
 * those of the first {@code chains} chains (global indices) with the stored patterns
 * {@code patterns} (indices into the model's patterns: its real ones when it retrieves by
 * attention, else its ±1 ones). Computed once per report from the states, never per sweep.
 */
public record OverlapProbe(int chains, int[] patterns) {
  public OverlapProbe {
    if (chains < 1 || patterns.length == 0) {
      throw new IllegalArgumentException("a probe needs chains (got " + chains + ") and patterns (got "
          + patterns.length + ")");
    }
    patterns = patterns.clone();
  }

  @Override
  public int[] patterns() {
    return patterns.clone();
  }

  /** Patterns per chain. */
  public int count() {
    return patterns.length;
  }
}
