package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerState;

/**
 * Human text of a pattern-completion session: the progress-bar detail and the summary of its
 * result, with the cue and the completed pattern side by side (as pictures for image models).
 * A completion that lands on a stored pattern's mirror image (-ξ) is reported as such.
 */
final class CompletionSummary {
  private CompletionSummary() {}

  /**
   * {@code E -3.0000  flips 10.0%  T 0.5000  overlap #1 -0.900  hamming 1}, and with diagnostics
   * {@code   R̂ 1.003  ESS 812  τ 3.9400 sweeps  overlap R̂ #0 1.002 #1 1.010}.
   */
  static String progress(CompleteProgress p) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "E %s  flips %s",
        HumanText.num(p.getEnergy()), HumanText.percent(p.getFlipRate())));
    if (p.getTemperature() > 0) {
      sb.append("  T ").append(HumanText.num(p.getTemperature()));
    }
    int best = -1;
    for (int i = 0; i < p.getOverlapsCount(); i++) {
      if (best < 0 || Math.abs(p.getOverlaps(i)) > Math.abs(p.getOverlaps(best))) {
        best = i;
      }
    }
    if (best >= 0) {
      sb.append(String.format(Locale.ROOT, "  overlap #%d %.3f", best, p.getOverlaps(best)));
    }
    sb.append("  hamming ").append(p.getHammingToCue());
    if (p.getPatternWeightsCount() > 0) {
      sb.append("  attention ").append(attention(p.getPatternWeightsList()));
    }
    if (p.hasDiagnostics()) {
      sb.append("  ").append(DiagnosticsText.line(p.getDiagnostics()));
    }
    return sb.toString();
  }

  /**
   * {@code #3 0.998} (the largest attention weight: a retrieved pattern when near 1) and, when it
   * is below 0.5, how many patterns share the rest, so a metastable average reads as one.
   */
  static String attention(List<Double> weights) {
    int best = 0;
    int above = 0;
    for (int i = 0; i < weights.size(); i++) {
      best = weights.get(i) > weights.get(best) ? i : best;
      above += weights.get(i) >= 0.01 ? 1 : 0;
    }
    String s = String.format(Locale.ROOT, "#%d %.3f", best, weights.get(best));
    return weights.get(best) >= 0.5 ? s : s + " (average over " + above + " patterns with weight ≥ 0.01)";
  }

  /**
   * The summary of {@code r}.
   *
   * @param deterministic whether the completion ran to a fixed point, so its convergence matters
   */
  static List<String> lines(String modelId, CompleteResult r, boolean deterministic, ImageShape shape) {
    List<String> lines = new ArrayList<>();
    String status = deterministic ? (r.getConverged() ? ", converged" : ", NOT converged (raise --sweeps)") : "";
    lines.add("completed with " + modelId + ": " + r.getSweeps() + " sweeps" + status);
    lines.add(HumanText.field("energy", HumanText.num(r.getEnergy())));
    if (r.getBestPattern() >= 0) {
      lines.add(HumanText.field("closest stored", closest(r)));
    }
    if (r.getPatternWeightsCount() > 0) {
      lines.add(HumanText.field("attention", attention(r.getPatternWeightsList())));
    }
    LayerState completed = r.getCompleted();
    LayerState cue = r.getCue();
    lines.add(HumanText.field("hamming to cue", r.getHammingToCue() + " of " + completed.getCols() + " units"));
    if (completed.getRows() == 0) {
      return lines;
    }
    List<String> cuePicture = cue.getRows() == 0 ? List.of() : StatePictures.row(cue, 0, shape, r.getKnownList());
    List<String> completedPicture = StatePictures.row(completed, 0, shape);
    if (StatePictures.drawable(completed) && HumanText.isImage(shape, completed.getCols())) {
      lines.addAll(AsciiArt.sideBySide(List.of("cue", "completed"), List.of(cuePicture, completedPicture), "  ->  "));
    } else {
      lines.add("cue:");
      lines.addAll(HumanText.indent(cuePicture));
      lines.add("completed:");
      lines.addAll(HumanText.indent(completedPicture));
    }
    return lines;
  }

  /** {@code #2, overlap 1.0000}, or {@code #2 (mirror image), overlap -1.0000}. */
  static String closest(CompleteResult r) {
    // best_is_mirror is the server's word; a negative overlap means the same from servers without it
    boolean mirror = r.getBestIsMirror() || r.getBestOverlap() < 0;
    return "#" + r.getBestPattern() + (mirror ? " (mirror image)" : "") + ", overlap "
        + String.format(Locale.ROOT, "%.4f", r.getBestOverlap());
  }
}
