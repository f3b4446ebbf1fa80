package org.ebmsim.cli;

import java.util.Locale;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.ObservableDiagnostics;

/** Human text of a progress event's convergence diagnostics. */
final class DiagnosticsText {
  private DiagnosticsText() {}

  /**
   * {@code R̂ 1.003  ESS 812  τ 3.9400 sweeps}, then for traced overlaps
   * {@code   overlap R̂ #0 12.070 #1 1.002}: the energy's diagnostics and each overlap's R̂ (the number
   * that says whether the chains agree on which pattern they sit in).
   */
  static String line(ConvergenceDiagnostics d) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "R̂ %.3f  ESS %.0f  τ %s sweeps",
        d.getSplitRHat(), d.getEffectiveSampleSize(), HumanText.num(d.getAutocorrelationSweeps())));
    if (d.getObservablesCount() > 0) {
      sb.append("  overlap R̂");
      for (ObservableDiagnostics o : d.getObservablesList()) {
        sb.append(String.format(Locale.ROOT, " #%d %.3f", o.getPattern(), o.getSplitRHat()));
      }
    }
    return sb.toString();
  }
}
