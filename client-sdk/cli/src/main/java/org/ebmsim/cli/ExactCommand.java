package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerMarginals;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ValueType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim exact MODEL}: log Z and, where the model's family provides them, energy moments,
 * per-layer marginals and ground states by enumeration; for an RBM, log Z (joint and visible)
 * and the marginals of its layers.
 */
@Command(
    name = "exact",
    sortOptions = false,
    description = {
      "Exact log Z, energy moments, marginals and ground states of a small model.",
      "Enumerates all 2^N states (Hopfield networks, Boltzmann machines). For an RBM: log Z,",
      "log Z_joint, log Z_visible and the marginals, enumerating the smaller layer (at the model's",
      "own temperature); for a deep Boltzmann machine: log Z and every layer's marginals."
    })
final class ExactCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

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
        .setModelVersion(version.checked(spec))
        .setTemperature(temperature)
        .setMaxGroundStates(maxGroundStates)
        .build();
    try (EbmsimClient client = cli.connect()) {
      Model model = cli.json() ? null : client.getModel(modelId, version.checked(spec), false);
      ExactSummaryResponse r = client.exactSummary(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
      } else {
        summary(model, r).forEach(cli.out()::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /**
   * The summary: log Z (and its joint and visible forms when they differ), the energy moments
   * and ground states when the family enumerates every state, and each layer's marginals.
   */
  private List<String> summary(Model model, ExactSummaryResponse r) {
    List<String> lines = new ArrayList<>();
    if (model.getFamily().equals("rbm")) {
      // An RBM's law has its own temperature; the request accepts only T = 1.
      lines.add("exact summary of " + modelId + ": " + HumanText.kind(model) + ", " + HumanText.units(model));
    } else {
      lines.add("exact summary of " + modelId + ": " + r.getUnits() + " units at T = " + HumanText.num(temperature));
    }
    lines.add(HumanText.field("log Z", HumanText.num(r.getLogZ())));
    boolean binaryGaussian = model.getFamily().equals("rbm") && model.getVariant().equals("binary-gaussian");
    if (binaryGaussian || r.getLogZJoint() != r.getLogZ() || r.getLogZVisible() != r.getLogZ()) {
      lines.add(HumanText.field("log Z_joint", HumanText.num(r.getLogZJoint())));
      lines.add(HumanText.field("log Z_visible", HumanText.num(r.getLogZVisible())));
    }
    if (r.getHasEnergyMoments()) {
      lines.add(HumanText.field("mean energy", HumanText.num(r.getMeanEnergy())));
      lines.add(HumanText.field("heat capacity", HumanText.num(r.getHeatCapacity())));
      lines.add(HumanText.field("entropy", HumanText.num(r.getEntropy()) + " nats"));
    }
    int shown = r.getGroundStatesCount() == 0 ? 0 : r.getGroundStates(0).getRows();
    if (r.getGroundStateCount() > 0) {
      lines.add(HumanText.field("ground energy", HumanText.num(r.getGroundEnergy()) + " (" + r.getGroundStateCount()
          + " ground states, " + shown + " shown)"));
    }
    for (LayerMarginals m : r.getMarginalsList()) {
      lines.add(HumanText.field(marginalLabel(model, m.getLayer()), HumanText.vector(m.getValuesList())));
    }
    if (shown > 0) {
      lines.add("ground states:");
      ImageShape shape = image != null ? image : model.getImageShape();
      lines.addAll(HumanText.indent(groundStates(r.getGroundStatesList(), shape)));
    }
    return lines;
  }

  /**
   * {@code P(s_i = +1)} for a single ±1 layer, {@code P(v_i = 1)} for a 0/1 visible layer,
   * {@code E[h_i]} for a real hidden layer, {@code P(h1_i = 1)} for layer h1 of a deep model.
   */
  static String marginalLabel(Model model, String layer) {
    Optional<LayerInfo> info = HumanText.layer(model.getLayersList(), layer);
    String symbol = model.getLayersCount() <= 1 ? "s" : switch (layer) {
      case "visible" -> "v";
      case "hidden" -> "h";
      default -> layer;
    };
    ValueType type = info.map(LayerInfo::getType).orElse(ValueType.VALUE_TYPE_UNSPECIFIED);
    return switch (type) {
      case VALUE_SPIN -> "P(" + symbol + "_i = +1)";
      case VALUE_BINARY -> "P(" + symbol + "_i = 1)";
      default -> "E[" + symbol + "_i]";
    };
  }

  /** The ground states, the visible layer as titled pictures and the other layers as lines under them. */
  private static List<String> groundStates(List<LayerState> blocks, ImageShape shape) {
    LayerState visible = blocks.get(0);
    List<String> titles = new ArrayList<>();
    List<int[]> pictures = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int g = 0; g < visible.getRows(); g++) {
      if (StatePictures.drawable(visible)) {
        titles.add("#" + g);
        pictures.add(StatePictures.signs(visible, g));
      } else {
        lines.add("#" + g + "  " + StatePictures.numbers(visible, g));
      }
    }
    List<String> out = new ArrayList<>(pictures.isEmpty() ? lines : HumanText.patterns(titles, pictures, shape));
    for (LayerState other : blocks.subList(1, blocks.size())) {
      out.add(other.getLayer() + " units:");
      for (int g = 0; g < other.getRows(); g++) {
        List<String> row = StatePictures.row(other, g, null);
        out.add("  #" + g + "  " + String.join(" ", row));
      }
    }
    return out;
  }
}
