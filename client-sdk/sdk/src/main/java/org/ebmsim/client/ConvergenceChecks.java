package org.ebmsim.client;

import java.util.Optional;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.ObservableDiagnostics;

/**
 * Reading the live convergence diagnostics that progress events carry when a session asked for
 * them ({@code AnnealRequest.diagnostics}, {@code CompleteRequest.diagnostics}): the energy's in
 * the top-level fields, each traced stored-pattern overlap's as an {@link ObservableDiagnostics}.
 */
public final class ConvergenceChecks {
  private ConvergenceChecks() {}

  /** The event's diagnostics, empty while undefined (fewer than 8 reports at this temperature) or not asked for. */
  public static Optional<ConvergenceDiagnostics> of(AnnealProgress p) {
    return p.hasDiagnostics() ? Optional.of(p.getDiagnostics()) : Optional.empty();
  }

  /** See {@link #of(AnnealProgress)}. */
  public static Optional<ConvergenceDiagnostics> of(CompleteProgress p) {
    return p.hasDiagnostics() ? Optional.of(p.getDiagnostics()) : Optional.empty();
  }

  /** The diagnostics of the overlap with stored pattern {@code pattern}, if it is traced and defined. */
  public static Optional<ObservableDiagnostics> overlap(ConvergenceDiagnostics d, int pattern) {
    return d.getObservablesList().stream().filter(o -> o.getName().equals("overlap") && o.getPattern() == pattern)
        .findFirst();
  }

  /**
   * The largest split-R̂ among the energy and every traced overlap: chains held in different modes
   * of equal energy show it in an overlap's R̂ only.
   */
  public static double worstSplitRHat(ConvergenceDiagnostics d) {
    double worst = d.getSplitRHat();
    for (ObservableDiagnostics o : d.getObservablesList()) {
      worst = Math.max(worst, o.getSplitRHat());
    }
    return worst;
  }

  /** Whether every diagnosed observable's split-R̂ is below {@code threshold} (1.01 is the usual choice). */
  public static boolean agree(ConvergenceDiagnostics d, double threshold) {
    return worstSplitRHat(d) < threshold;
  }
}
