package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.RbmVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim exact MODEL}: log Z, moments, marginals and ground states by enumeration; for
 * an RBM, log Z (joint and visible) and the visible marginals.
 */
@Command(
    name = "exact",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Exact log Z, mean energy, heat capacity, entropy, marginals and ground states by enumerating",
      "all 2^N states (small models only). For an RBM: log Z, log Z_joint, log Z_visible and the",
      "visible marginals, enumerating the smaller layer (at the model's own temperature)."
    })
final class ExactCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "1", description = "Temperature T > 0 (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--max-ground-states", paramLabel = "K", defaultValue = "0", description = "Ground states to return, 0..1024; 0 = server default 16.")
  int maxGroundStates;

  @Option(names = "--image", paramLabel = "HxW", converter = ImageShapeOption.class, description = "Draw ground states as HxW pictures (default: the model's image shape).")
  ImageShape image;

  @Override
  public Integer call() {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw EbmsimCli.usage(spec, "--temperature must be finite and > 0, got " + temperature);
    }
    if (maxGroundStates < 0 || maxGroundStates > 1024) {
      throw EbmsimCli.usage(spec, "--max-ground-states must be 0..1024, got " + maxGroundStates);
    }
    ExactSummaryRequest request = ExactSummaryRequest.newBuilder()
        .setModelId(modelId)
        .setTemperature(temperature)
        .setMaxGroundStates(maxGroundStates)
        .build();
    try (EbmsimClient client = cli.connect()) {
      Model model = cli.json() ? null : client.getModel(modelId);
      ExactSummaryResponse r = client.exactSummary(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
      } else {
        summary(model, r).forEach(cli.out()::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  private List<String> summary(Model model, ExactSummaryResponse r) {
    if (model.getKind() == ModelKind.RBM) {
      return rbmSummary(model, r);
    }
    List<String> lines = new ArrayList<>();
    lines.add("exact summary of " + modelId + ": " + r.getUnits() + " units at T = " + HumanText.num(temperature));
    lines.add(HumanText.field("log Z", HumanText.num(r.getLogZ())));
    lines.add(HumanText.field("mean energy", HumanText.num(r.getMeanEnergy())));
    lines.add(HumanText.field("heat capacity", HumanText.num(r.getHeatCapacity())));
    lines.add(HumanText.field("entropy", HumanText.num(r.getEntropy()) + " nats"));
    lines.add(HumanText.field("ground energy", HumanText.num(r.getGroundEnergy()) + " (" + r.getGroundStateCount()
        + " ground states, " + r.getGroundStates().getRows() + " shown)"));
    lines.add(HumanText.field("P(s_i = +1)", HumanText.vector(r.getMarginalsList())));
    if (r.getGroundStates().getRows() > 0) {
      lines.add("ground states:");
      ImageShape shape = image != null ? image : model.getImageShape();
      lines.addAll(HumanText.indent(HumanText.spinRows(r.getGroundStates(), "#", shape)));
    }
    return lines;
  }

  /** The fields the server fills for RBMs (the others are those of Ising models only). */
  private List<String> rbmSummary(Model model, ExactSummaryResponse r) {
    List<String> lines = new ArrayList<>();
    lines.add("exact summary of " + modelId + ": " + HumanText.kind(model) + ", " + HumanText.units(model));
    lines.add(HumanText.field("log Z", HumanText.num(r.getLogZ())));
    if (model.getRbmVariant() == RbmVariant.BINARY_GAUSSIAN) {
      lines.add(HumanText.field("log Z_joint", HumanText.num(r.getLogZJoint())));
      lines.add(HumanText.field("log Z_visible", HumanText.num(r.getLogZVisible())));
    }
    String marginal = switch (model.getRbmVariant()) {
      case BINARY -> "P(v_i = 1)";
      case GAUSSIAN_BERNOULLI -> "E[v_i]";
      default -> "P(s_i = +1)";
    };
    lines.add(HumanText.field(marginal, HumanText.vector(r.getMarginalsList())));
    return lines;
  }
}
