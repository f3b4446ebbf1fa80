package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ebmsim.proto.v1.AisLogLikelihood;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainResult;

/** Human text of a training session: the progress-bar detail and the summary of its result. */
final class TrainSummary {
  private TrainSummary() {}

  /** {@code epoch 3/10  batch 2/4  lr 0.0100  recon 0.1234}. */
  static String progress(TrainProgress p) {
    long epochs = p.getBatchesPerEpoch() == 0 ? 0 : p.getTotalBatches() / p.getBatchesPerEpoch();
    StringBuilder sb = new StringBuilder("epoch ").append(p.getEpoch() + 1);
    if (epochs > 0) {
      sb.append('/').append(epochs);
    }
    sb.append("  batch ").append(p.getBatchInEpoch()).append('/').append(p.getBatchesPerEpoch())
        .append("  lr ").append(HumanText.num(p.getLearningRate()));
    if (p.getTrain().getRows() > 0) {
      sb.append("  recon ").append(HumanText.num(p.getTrain().getReconstructionError()));
    }
    return sb.toString();
  }

  /**
   * The trained model and where it is: the version written last, the final metrics, and how to
   * use that version in other sessions.
   *
   * @param model the model, for its kind and size in the first line; null if unknown
   */
  static List<String> lines(TrainResult r, Model model) {
    List<String> lines = new ArrayList<>();
    String id = r.getModelId();
    String what = model == null ? "" : " (" + HumanText.kind(model) + ", " + HumanText.units(model) + ")";
    lines.add("trained " + id + what + ": " + r.getEpochs() + (r.getEpochs() == 1 ? " epoch, " : " epochs, ")
        + r.getBatches() + " batches");
    lines.add(HumanText.field("version", r.getModelVersion() + " (the trained parameters; all versions: ebmsim models"
        + " versions " + id + ")"));
    lines.add(HumanText.field("train", split(r.getTrain())));
    if (r.getHeldOut().getRows() > 0) {
      lines.add(HumanText.field("held-out", split(r.getHeldOut())));
    }
    if (r.hasAis()) {
      AisLogLikelihood a = r.getAis();
      lines.add(HumanText.field("AIS LL", TrainTable.ais(a) + String.format(Locale.ROOT,
          " per row on the %s rows (log Z %s, ESS %.1f of %d chains, %d temperatures)",
          r.getHeldOut().getRows() > 0 ? "held-out" : "training", HumanText.num(a.getLogZ()),
          a.getEffectiveSampleSize(), a.getChains(), a.getSteps())));
    }
    if (r.getWeightNormsCount() > 0) {
      List<String> norms = new ArrayList<>();
      for (Map.Entry<String, Double> e : new TreeMap<>(r.getWeightNormsMap()).entrySet()) {
        norms.add("‖" + e.getKey() + "‖ " + HumanText.num(e.getValue()));
      }
      lines.add(HumanText.field("weights", String.join("  ", norms)));
    }
    lines.add(HumanText.field("use it", "ebmsim anneal " + id + " --version " + r.getModelVersion()
        + "  (also complete, exact, ais, models get)"));
    return lines;
  }

  /** {@code reconstruction error 0.1250  PLL -1.0000  (100 rows)}. */
  static String split(SplitMetrics m) {
    if (m.getRows() == 0) {
      return "-";
    }
    return "reconstruction error " + HumanText.num(m.getReconstructionError()) + "  PLL " + TrainTable.pll(m)
        + "  (" + m.getRows() + " rows)";
  }
}
