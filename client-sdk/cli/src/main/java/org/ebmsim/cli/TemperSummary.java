package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.proto.v1.TemperProgress;
import org.ebmsim.proto.v1.TemperResult;

/** Human text of a parallel-tempering session: the progress-bar detail and the summary of its result. */
final class TemperSummary {
  private TemperSummary() {}

  /** {@code T 0.3000..3.0000  E(cold) mean -1.0000  acc min 41.0%  Λ 2.7986  trips 120 (0.0840/round)}. */
  static String progress(TemperProgress p) {
    int k = p.getTemperaturesCount();
    double worst = Double.NaN;
    for (double a : p.getCumulativeAcceptanceList()) {
      worst = Double.isNaN(worst) || a < worst ? a : worst;
    }
    String line = String.format(Locale.ROOT, "T %s..%s  E(cold) mean %s  acc min %s  Λ %s  trips %d (%s/round)%s",
        HumanText.num(p.getTemperatures(0)), HumanText.num(p.getTemperatures(k - 1)),
        p.getEnergyPerTemperatureCount() > 0 ? HumanText.num(p.getEnergyPerTemperature(0).getMean()) : "-",
        Double.isNaN(worst) ? "-" : HumanText.percent(worst), HumanText.num(p.getBarrier()), p.getRoundTrips(),
        HumanText.num(p.getRoundTripRate()), p.getTuning() ? "  tuning" : "");
    if (p.hasDiagnostics()) {
      line += String.format(Locale.ROOT, "  R̂ %.3f", p.getDiagnostics().getSplitRHat());
    }
    return line;
  }

  /** The summary of {@code r}: ladder, acceptance per pair, Λ, round trips, energies per temperature. */
  static List<String> lines(String modelId, TemperResult r) {
    List<String> lines = new ArrayList<>();
    int k = r.getTemperaturesCount();
    lines.add("tempered " + modelId + ": " + r.getSweeps() + " sweeps, " + k + " temperatures x " + r.getLadders()
        + " ladders, " + r.getSwapRounds() + " swap rounds");
    lines.add(HumanText.field("temperatures", HumanText.vector(r.getTemperaturesList())));
    lines.add(HumanText.field("acceptance", HumanText.vector(r.getAcceptanceList())));
    lines.add(HumanText.field("rejection", HumanText.vector(r.getRejectionList())));
    lines.add(HumanText.field("barrier Λ", HumanText.num(r.getBarrier())));
    lines.add(HumanText.field("round trips", r.getRoundTrips() + " (" + HumanText.num(r.getRoundTripRate())
        + " per swap round and ladder; non-reversible ideal 1/(2+2Λ) = "
        + HumanText.num(1 / (2 + 2 * r.getBarrier())) + ")"));
    List<Double> means = new ArrayList<>();
    r.getEnergyPerTemperatureList().forEach(e -> means.add(e.getMean()));
    lines.add(HumanText.field("mean energy", HumanText.vector(means)));
    lines.add(HumanText.field("final states", r.getStatesCount() + " (first " + (k == 0 ? 0 : r.getStatesCount() / k)
        + " ladders; --json shows them with their levels)"));
    return lines;
  }
}
