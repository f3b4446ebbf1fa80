package org.ebmsim.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.LayerStates;
import org.ebmsim.client.SteerActions;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.ValueType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim sessions steer ID ACTION}: changes a running session at its next report
 * boundary and prints the sweep from which the change holds. One action per call: a new
 * temperature or β, clamping or releasing units of a layer, a new report interval, or a new
 * learning rate for a training session.
 */
@Command(
    name = "steer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Change a running session at its next report boundary; prints the sweep it takes effect at.",
      "Give exactly one of --temperature, --beta, --clamp, --release, --report-every, --learning-rate",
      "(training sessions take --learning-rate and --report-every, in batches).",
      "Clamp values are in the layer's domain: -1/1 (±1 units), 0/1 (binary), 0..q-1, or reals.",
      "Example: ebmsim sessions steer s-0123456789abcdef --clamp 0=1,5=-1"
    })
final class SessionsSteerCommand implements Callable<Integer> {
  @ParentCommand SessionsCommand sessions;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Session id (s-...).")
  String id;

  @Option(names = "--temperature", paramLabel = "T", description = "Sample at temperature T > 0 from now on (replaces the schedule's).")
  Double temperature;

  @Option(names = "--beta", paramLabel = "B", description = "Sample at inverse temperature β = 1/T > 0 from now on.")
  Double beta;

  @Option(names = "--clamp", paramLabel = "UNIT=VALUE,...", description = "Hold units of --layer at values, e.g. 0=1,7=-1.")
  String clamp;

  @Option(names = "--release", paramLabel = "UNITS", arity = "0..1", fallbackValue = "",
      description = "Let clamped units of --layer evolve again, e.g. 0,7; without units, all of the layer's.")
  String release;

  @Option(names = "--layer", paramLabel = "NAME", description = "Layer of --clamp or --release (default: the visible layer).")
  String layer;

  @Option(names = "--report-every", paramLabel = "SWEEPS", description = "Send progress every SWEEPS sweeps (training: batches; ≥ 1) from now on.")
  Integer reportEvery;

  @Option(names = "--learning-rate", paramLabel = "X", description = "Training sessions: update with learning rate X > 0 from now on (replaces the schedule's).")
  Double learningRate;

  @Override
  public Integer call() {
    EbmsimCli cli = sessions.cli;
    int given = (temperature != null ? 1 : 0) + (beta != null ? 1 : 0) + (clamp != null ? 1 : 0)
        + (release != null ? 1 : 0) + (reportEvery != null ? 1 : 0) + (learningRate != null ? 1 : 0);
    if (given != 1) {
      throw EbmsimCli.usage(spec, (given == 0 ? "give an action: " : "give only one action: ")
          + "--temperature T, --beta B, --clamp UNIT=VALUE,..., --release [UNITS], --report-every SWEEPS or"
          + " --learning-rate X");
    }
    if (layer != null && clamp == null && release == null) {
      throw EbmsimCli.usage(spec, "--layer goes with --clamp or --release");
    }
    try (EbmsimClient client = cli.connect()) {
      SteerAction action = action(client);
      Steered steered = client.steerSession(id, action);
      if (cli.json()) {
        JsonLines.print(cli.out(), steered);
      } else {
        String at = steered.getAction().hasLearningRate() ? "batch" : "sweep";
        cli.out().println("steered " + id + " from " + at + " " + steered.getSweep() + ": "
            + HumanText.steer(steered.getAction()));
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** The action of the one option given; usage errors for values that cannot be right. */
  SteerAction action(EbmsimClient client) {
    try {
      if (temperature != null) {
        return SteerActions.temperature(temperature);
      }
      if (beta != null) {
        return SteerActions.inverseTemperature(beta);
      }
      if (reportEvery != null) {
        return SteerActions.reportEvery(reportEvery);
      }
      if (learningRate != null) {
        return SteerActions.learningRate(learningRate);
      }
      if (release != null) {
        return SteerActions.release(layer, release.isBlank() ? new int[0] : units(release));
      }
      return clamp(client);
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /**
   * {@code --clamp 0=1,7=-1}. Whether values travel as integers or reals depends on the layer's
   * type, which the session's model tells; if the model is gone, values with a fraction or an
   * exponent are taken as reals.
   */
  private SteerAction clamp(EbmsimClient client) {
    String[] pairs = clamp.trim().split("\\s*,\\s*");
    int[] units = new int[pairs.length];
    String[] values = new String[pairs.length];
    for (int k = 0; k < pairs.length; k++) {
      String[] uv = pairs[k].split("=", -1);
      if (uv.length != 2) {
        throw new IllegalArgumentException("--clamp: \"" + pairs[k] + "\" is not UNIT=VALUE");
      }
      try {
        units[k] = Integer.parseInt(uv[0].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--clamp: unit \"" + uv[0] + "\" is not an index");
      }
      values[k] = uv[1].trim();
    }
    boolean real = layerType(client).map(t -> t == ValueType.VALUE_REAL)
        .orElseGet(() -> java.util.Arrays.stream(values).anyMatch(v -> v.matches(".*[.eE].*")));
    if (real) {
      float[] f = new float[values.length];
      for (int k = 0; k < values.length; k++) {
        try {
          f[k] = Float.parseFloat(values[k]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--clamp: value \"" + values[k] + "\" is not a number");
        }
      }
      return SteerActions.clampReal(layer, units, f);
    }
    int[] v = new int[values.length];
    for (int k = 0; k < values.length; k++) {
      try {
        v[k] = Integer.parseInt(values[k].startsWith("+") ? values[k].substring(1) : values[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--clamp: value \"" + values[k] + "\" is not a whole number (the layer's"
            + " units are discrete)");
      }
    }
    return SteerActions.clamp(layer, units, v);
  }

  /** The type of the clamped layer, from the session's model; empty if the model is gone. */
  private Optional<ValueType> layerType(EbmsimClient client) {
    Model model = SessionsCommand.modelOrNull(client, client.getSession(id).getModelId());
    if (model == null || model.getLayersCount() == 0) {
      return Optional.empty();
    }
    Optional<LayerInfo> info = layer == null ? Optional.of(LayerStates.visible(model.getLayersList()))
        : HumanText.layer(model.getLayersList(), layer);
    return info.map(LayerInfo::getType);
  }

  /** {@code 0,7,9} as unit indices. */
  private static int[] units(String text) {
    String[] items = text.trim().split("[,\\s]+");
    int[] out = new int[items.length];
    for (int k = 0; k < items.length; k++) {
      try {
        out[k] = Integer.parseInt(items[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--release: \"" + items[k] + "\" is not a unit index");
      }
    }
    return out;
  }
}
