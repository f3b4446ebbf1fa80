package org.ebmsim.session;

/** Which states travel with annealing progress events. */
public enum SampleMode {
  /** No states in progress events. */
  NONE,
  /** The first chains' current states every so many sweeps. */
  EVERY,
  /** The lowest-energy state seen so far, at every report. */
  BEST_ONLY
}
