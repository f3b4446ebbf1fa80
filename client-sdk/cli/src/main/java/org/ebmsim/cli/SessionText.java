package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.Steered;

/** Human text for sessions: the table of {@code sessions list} and the details of {@code sessions get}. */
final class SessionText {
  private SessionText() {}

  /** One line per session under a header. */
  static List<String> table(List<Session> sessions) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "KIND", "MODEL", "STATE", "PROGRESS", "CHAINS", "OWNER", "STARTED"});
    for (Session s : sessions) {
      rows.add(new String[] {
        s.getId(),
        s.getKind(),
        s.getModelId(),
        state(s.getState()),
        progress(s),
        Integer.toString(s.getChains()),
        s.getDetached() ? "detached" : s.getOwnerAttached() ? "attached" : "-",
        HumanText.time(s.getStartedUnixMs())
      });
    }
    return HumanText.table(rows);
  }

  /** {@code 120/3000 sweeps} (AIS: temperatures, training: batches). */
  static String progress(Session s) {
    return s.getDone() + "/" + s.getTotal() + " " + unit(s.getKind());
  }

  /** What a session counts: {@code temperatures} for AIS, {@code batches} for training, else {@code sweeps}. */
  static String unit(String kind) {
    return switch (kind) {
      case "partition_function" -> "temperatures";
      case "train" -> "batches";
      case "ham" -> "steps";
      default -> "sweeps";
    };
  }

  /** One step of what a session counts, for "steered from sweep 20": temperature, batch or sweep. */
  static String position(String kind) {
    return switch (kind) {
      case "partition_function" -> "temperature";
      case "train" -> "batch";
      case "ham" -> "step";
      default -> "sweep";
    };
  }

  /** {@code RUNNING}, {@code FINISHED}, …; {@code ?} for a state this CLI does not know. */
  static String state(SessionState state) {
    return state == SessionState.UNRECOGNIZED ? "?" : state.name();
  }

  /**
   * The session's fields, its steering history, and the summary of its result when it has one.
   *
   * @param model the session's model, for the kind and pictures; null if it is gone
   */
  static List<String> details(Session s, Model model) {
    List<String> out = new ArrayList<>();
    out.add(HumanText.field("id", s.getId()));
    out.add(HumanText.field("kind", s.getKind()));
    out.add(HumanText.field("model", s.getModelId() + " (version " + s.getModelVersion() + ")"
        + (model == null ? "" : ": " + HumanText.kind(model) + ", " + HumanText.units(model))));
    String owner = s.getDetached() ? "detached" : s.getOwnerAttached() ? "owner attached" : "owner stream closed";
    out.add(HumanText.field("state", state(s.getState()) + " (" + owner + ")"));
    if (!s.getReason().isEmpty()) {
      out.add(HumanText.field("reason", s.getReason()));
    }
    out.add(HumanText.field("progress", progress(s)));
    out.add(HumanText.field("chains", Integer.toString(s.getChains())));
    boolean ais = s.getKind().equals("partition_function");
    if (s.getTemperature() > 0) {
      // the field holds what the session is run by: T, β (AIS) or the learning rate (training)
      String label = ais ? "β" : s.getKind().equals("train") ? "learning rate" : "temperature";
      out.add(HumanText.field(label, HumanText.num(s.getTemperature())));
    }
    if (s.hasEnergy() && !ais) {
      out.add(HumanText.field("energy", String.format(Locale.ROOT, "min %s  mean %s  max %s",
          HumanText.num(s.getEnergy().getMin()), HumanText.num(s.getEnergy().getMean()),
          HumanText.num(s.getEnergy().getMax()))));
    }
    out.add(HumanText.field("watchers", Integer.toString(s.getObservers())));
    out.add(HumanText.field("started", HumanText.time(s.getStartedUnixMs())));
    out.add(HumanText.field("ended", HumanText.time(s.getEndedUnixMs())));
    for (Steered st : s.getSteeringList()) {
      out.add(HumanText.field("steered", "from " + position(s.getKind()) + " " + st.getSweep() + ": "
          + HumanText.steer(st.getAction())));
    }
    List<String> result = result(s, model);
    if (!result.isEmpty()) {
      out.add("");
      out.addAll(result);
    }
    return out;
  }

  /** The summary of the session's result (as its command prints it), or nothing without one. */
  static List<String> result(Session s, Model model) {
    ImageShape shape = model == null ? null : model.getImageShape();
    return switch (s.getResultCase()) {
      case ANNEAL -> AnnealSummary.lines(s.getModelId(), s.getAnneal(), shape);
      // the session does not say its mode: convergence is shown when it happened
      case COMPLETE -> CompletionSummary.lines(s.getModelId(), s.getComplete(), s.getComplete().getConverged(), shape);
      case PARTITION_FUNCTION -> AisSummary.lines(s.getModelId(), model, s.getTotal(), s.getPartitionFunction());
      case TRAIN -> TrainSummary.lines(s.getTrain(), model);
      case TEMPER -> TemperSummary.lines(s.getModelId(), s.getTemper());
      case HAM -> ham(s.getHam());
      case RESULT_NOT_SET -> List.of();
    };
  }

  /** A hierarchical-associative-memory run's result: steps, energy, convergence, layer sizes. */
  static List<String> ham(org.ebmsim.proto.v1.HamResult r) {
    StringBuilder sizes = new StringBuilder();
    for (org.ebmsim.proto.v1.HamLayerValues l : r.getLayersList()) {
      sizes.append(sizes.length() == 0 ? "" : ", ").append(l.getValuesCount());
    }
    return List.of("ham run: " + r.getSteps() + " steps, energy " + HumanText.num(r.getEnergy())
        + ", largest change in the last step " + HumanText.num(r.getMaxChange())
        + (r.getConverged() ? " (converged)" : ""), "layers (units): " + sizes);
  }
}
