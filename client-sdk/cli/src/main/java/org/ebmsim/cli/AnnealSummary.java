package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.ImageShape;

/**
 * Human text of an annealing session: the progress-bar detail and the summary of its result.
 * The summary says how many chains ran (all of them) and, separately, how many best states the
 * result carries, since the two differ whenever more than {@code result_states} chains run.
 */
final class AnnealSummary {
  private AnnealSummary() {}

  /**
   * {@code T 1.0000  E mean -1.0000 min -3.0000  best -3.0000  flips 25.0%}, and with diagnostics
   * {@code   R̂ 1.003  ESS 812  τ 3.9400 sweeps} (and the overlaps' R̂, see {@link DiagnosticsText}).
   */
  static String progress(AnnealProgress p) {
    String line = String.format(Locale.ROOT, "T %s  E mean %s min %s  best %s  flips %s",
        HumanText.num(p.getTemperature()), HumanText.num(p.getEnergy().getMean()),
        HumanText.num(p.getEnergy().getMin()), HumanText.num(p.getBestEnergy()),
        HumanText.percent(p.getFlipRate()));
    if (p.hasDiagnostics()) {
      line += "  " + DiagnosticsText.line(p.getDiagnostics());
    }
    return line;
  }

  /** Chains that ran: the result's count, or (from servers that do not fill it) every chain's best energy. */
  static int chainsRun(AnnealResult r) {
    if (r.getChains() > 0) {
      return r.getChains();
    }
    return Math.max(r.getBestEnergiesCount(), r.getBestPerChainCount());
  }

  /** The summary of {@code r}, with the best state drawn in {@code shape} when it fits. */
  static List<String> lines(String modelId, AnnealResult r, ImageShape shape) {
    List<String> lines = new ArrayList<>();
    int chains = chainsRun(r);
    lines.add("annealed " + modelId + ": " + r.getSweeps() + " sweeps, " + chains + " chains");
    ChainState best = r.getBest();
    lines.add(HumanText.field("best energy", HumanText.num(best.getEnergy()) + " (chain " + best.getChain() + ")"));
    lines.add(HumanText.field("final energy", "min " + HumanText.num(r.getFinalEnergy().getMin())
        + "  mean " + HumanText.num(r.getFinalEnergy().getMean())
        + "  max " + HumanText.num(r.getFinalEnergy().getMax())));
    List<Double> perChain = new ArrayList<>(r.getBestEnergiesList());
    if (perChain.isEmpty()) {
      r.getBestPerChainList().forEach(c -> perChain.add(c.getEnergy()));
    }
    lines.add(HumanText.field("best per chain", HumanText.vector(perChain)));
    lines.add(HumanText.field("best states", shownStates(r, chains)));
    if (r.getFinalStatesCount() > 0) {
      lines.add(HumanText.field("final states", "kept for all " + r.getFinalStates(0).getRows()
          + " chains (--json prints them)"));
    }
    lines.addAll(StatePictures.chain("best state", best, shape));
    return lines;
  }

  /** {@code 64 of 1000 chains (0..63) in the result; --json prints them}. */
  private static String shownStates(AnnealResult r, int chains) {
    int shown = r.getBestPerChainCount();
    if (shown == 0) {
      return "none in the result (only the best one, below)";
    }
    int first = r.getBestPerChain(0).getChain();
    int last = r.getBestPerChain(shown - 1).getChain();
    return shown + " of " + chains + " chains (" + first + ".." + last + ") in the result; --json prints them";
  }
}
