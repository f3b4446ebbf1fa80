package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.diagnostics.ConvergenceDiagnostics;

/**
 * Convergence diagnostics of a session's chains at one report, as progress events carry them:
 * the energy's, and those of each traced stored-pattern overlap whose diagnostics are defined.
 *
 * @param energy the energy's (never null: the whole is absent while the energy's are undefined)
 * @param overlaps per traced pattern with defined diagnostics, in the order the request named them
 * @param sinceSweep first sweep of the segment diagnosed (the temperature's start)
 */
public record LiveDiagnostics(Observable energy, List<Observable> overlaps, long sinceSweep) {
  public LiveDiagnostics {
    overlaps = List.copyOf(overlaps);
  }

  /**
   * One observable's diagnostics.
   *
   * @param pattern the stored pattern of an overlap; −1 for the energy
   * @param values split-R̂, ESS, τ in trace points, chains and points used
   * @param autocorrelationSweeps τ in sweeps (trace points × sweeps between kept points)
   * @param mean the observable's mean over the traced chains at this report
   */
  public record Observable(int pattern, ConvergenceDiagnostics values, double autocorrelationSweeps, double mean) {}
}
