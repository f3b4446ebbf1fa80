package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PartitionFunctionResult;

/** Human text of a partition-function (AIS) session: the progress-bar detail and the summary of its result. */
final class AisSummary {
  private AisSummary() {}

  /** {@code β 0.5000  log Ẑ 12.3456 ± 0.0123  ESS 187.3}, marked when the run is reverse. */
  static String progress(AisProgress p) {
    String logZ = p.getHasLogZ() || !"REVERSE".equals(p.getDirection()) ? HumanText.num(p.getLogZ()) : "-";
    String detail = String.format(Locale.ROOT, "β %.4f  log Ẑ %s ± %s  ESS %.1f", p.getBeta(),
        logZ, HumanText.num(p.getStdError()), p.getEffectiveSampleSize());
    return "REVERSE".equals(p.getDirection()) ? "reverse  " + detail : detail;
  }

  /**
   * The final estimate, with the quantities the result carries.
   *
   * @param model the model, for its kind and size in the first line; null if unknown
   * @param temperatures the schedule's length, 0 if unknown
   */
  static List<String> lines(String modelId, Model model, long temperatures, PartitionFunctionResult r) {
    List<String> lines = new ArrayList<>();
    String what = model == null ? "" : " (" + HumanText.kind(model) + ", " + HumanText.units(model) + ")";
    lines.add("AIS estimate for " + modelId + what + ": " + r.getChains() + " chains"
        + (temperatures > 0 ? ", " + temperatures + " temperatures" : ""));
    lines.add(HumanText.field("log Z", HumanText.num(r.getLogZ()) + " ± " + HumanText.num(r.getStdError())));
    lines.add(HumanText.field("ESS", String.format(Locale.ROOT, "%.1f of %d chains",
        r.getEffectiveSampleSize(), r.getChains())));
    boolean binaryGaussian = model != null && model.getFamily().equals("rbm")
        && model.getVariant().equals("binary-gaussian");
    if (binaryGaussian || r.getLogZJoint() != r.getLogZVisible()) {
      lines.add(HumanText.field("log Z_joint", HumanText.num(r.getLogZJoint()) + "  (Σ_s ∫dλ e^{−βH})"));
      lines.add(HumanText.field("log Z_visible", HumanText.num(r.getLogZVisible())
          + "  (= log Z_joint + (p/2) log(β/2π))"));
    }
    if (r.getHasLogLikelihood()) {
      lines.add(HumanText.field("log-likelihood", HumanText.num(r.getMeanLogLikelihood())
          + " ± " + HumanText.num(r.getLogLikelihoodStdError()) + " (from log Z) ± "
          + HumanText.num(r.getLogLikelihoodDataStdError()) + " (over the data rows), mean per row"));
    }
    if (r.getHasReverse()) {
      lines.add(HumanText.field("reverse log Z", HumanText.num(r.getReverseLogZ()) + " ± "
          + HumanText.num(r.getReverseStdError()) + "  (reverse AIS, a stochastic upper bound)"));
    }
    return lines;
  }
}
