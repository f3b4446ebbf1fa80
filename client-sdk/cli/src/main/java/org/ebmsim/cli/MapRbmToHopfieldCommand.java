package org.ebmsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim map rbm-to-hopfield MODEL}: recovers ±1 patterns sgn(WX) from a binary–Gaussian
 * RBM and shows them (as pictures when the model has an image shape) with the binarization
 * error and which are fixed points; optionally registers their projection network.
 */
@Command(
    name = "rbm-to-hopfield",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Recover ±1 patterns from a binary-gaussian RBM: X minimising ‖WX − tanh(αWX)‖²_F by gradient",
      "descent, patterns sgn(WX). --start given --transform FILE starts from a known X (e.g. the X*",
      "saved by map hopfield-to-rbm --save-transform). --register also stores the projection network.",
      "Example: ebmsim map rbm-to-hopfield m-0123456789abcdef --start given --transform x.csv"
    })
final class MapRbmToHopfieldCommand implements Callable<Integer> {
  @ParentCommand MapCommand map;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "Stored binary-gaussian RBM (m-...).")
  String modelId;

  @Option(names = "--alpha", paramLabel = "A", description = "Sharpness α > 0 of tanh(αu) (default 10).")
  Double alpha;

  @Option(names = "--learning-rate", paramLabel = "L", description = "Gradient step > 0 (default 0.01).")
  Double learningRate;

  @Option(names = "--steps", paramLabel = "S", description = "Gradient steps, 1..1000000 (default 2000).")
  Integer steps;

  @Option(
      names = "--start",
      paramLabel = "identity|random|given",
      converter = ProtoEnumOptions.StartConverter.class,
      description = "Starting X: identity, random (seeded Gaussian) or given (--transform); default identity,"
          + " or given when --transform is set.")
  MapRbmToHopfieldRequest.Start start;

  @Option(names = "--transform", paramLabel = "FILE", description = "Starting X, H x H (JSON key \"transform\", or CSV).")
  Path transform;

  @Option(names = "--lowdin", description = "Replace W by its Löwdin orthogonalisation UVᵀ first.")
  boolean lowdin;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of --start random (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--register", description = "Also register the projection Hopfield network of the recovered patterns.")
  boolean register;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of the registered network (needs --register; default \"<rbm name>-hopfield\").")
  String name;

  @Override
  public Integer call() {
    EbmsimCli cli = map.cli;
    MapRbmToHopfieldRequest request = request();
    try (EbmsimClient client = cli.connect()) {
      Model rbm = cli.json() ? null : client.getModel(modelId);
      MapRbmToHopfieldResponse r = client.mapRbmToHopfield(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
      } else {
        summary(rbm, r).forEach(cli.out()::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** The request from the options; usage errors for invalid values and combinations. */
  MapRbmToHopfieldRequest request() {
    MapRbmToHopfieldRequest.Start s = start;
    if (s == null) {
      s = transform != null ? MapRbmToHopfieldRequest.Start.GIVEN : MapRbmToHopfieldRequest.Start.IDENTITY;
    }
    if (s == MapRbmToHopfieldRequest.Start.GIVEN && transform == null) {
      throw EbmsimCli.usage(spec, "--start given needs --transform FILE (an H x H matrix)");
    }
    if (s != MapRbmToHopfieldRequest.Start.GIVEN && transform != null) {
      throw EbmsimCli.usage(spec, "--transform is used only with --start given");
    }
    if (name != null && !register) {
      throw EbmsimCli.usage(spec, "--name names the registered network and needs --register");
    }
    positive("--alpha", alpha);
    positive("--learning-rate", learningRate);
    if (steps != null && (steps < 1 || steps > 1_000_000)) {
      throw EbmsimCli.usage(spec, "--steps must be 1..1000000, got " + steps);
    }
    MapRbmToHopfieldRequest.Builder b = MapRbmToHopfieldRequest.newBuilder()
        .setRbmModelId(modelId)
        .setStart(s)
        .setLowdin(lowdin)
        .setSeed(seed)
        .setRegisterHopfield(register);
    if (alpha != null) {
      b.setAlpha(alpha);
    }
    if (learningRate != null) {
      b.setLearningRate(learningRate);
    }
    if (steps != null) {
      b.setSteps(steps);
    }
    if (transform != null) {
      double[][] x = InputFiles.readMatrix(transform, "transform");
      if (x.length != x[0].length) {
        throw EbmsimCli.usage(spec, transform + ": the transform must be square (H x H), got " + x.length + " x "
            + x[0].length);
      }
      try {
        b.setInitialTransform(ProtoMatrices.matrix(x));
      } catch (IllegalArgumentException e) {
        throw EbmsimCli.usage(spec, transform + ": " + e.getMessage());
      }
    }
    if (name != null) {
      b.setName(name);
    }
    return b.build();
  }

  private void positive(String option, Double value) {
    if (value != null && (!(value > 0) || Double.isInfinite(value))) {
      throw EbmsimCli.usage(spec, option + " must be finite and > 0, got " + value);
    }
  }

  private List<String> summary(Model rbm, MapRbmToHopfieldResponse r) {
    int[][] patterns = ProtoMatrices.rows(r.getPatterns());
    int fixed = 0;
    List<String> titles = new ArrayList<>();
    for (int mu = 0; mu < patterns.length; mu++) {
      boolean isFixed = mu < r.getFixedPointsCount() && r.getFixedPoints(mu);
      fixed += isFixed ? 1 : 0;
      titles.add("#" + mu + (isFixed ? " fixed" : " not fixed"));
    }
    List<String> lines = new ArrayList<>();
    lines.add("recovered " + patterns.length + " patterns of " + r.getPatterns().getCols() + " units from " + modelId);
    lines.add(HumanText.field("binarization", HumanText.num(r.getBinarizationError()) + "  ‖WX − sgn(WX)‖²_F"));
    lines.add(HumanText.field("relaxed error", HumanText.num(r.getRelaxedError()) + "  ‖WX − tanh(αWX)‖²_F"));
    lines.add(HumanText.field("fixed points", String.format(Locale.ROOT, "%d of %d patterns", fixed, patterns.length)));
    if (r.hasHopfield()) {
      Model h = r.getHopfield();
      lines.add(HumanText.field("registered", h.getId() + " \"" + h.getName() + "\": " + HumanText.kind(h) + ", "
          + HumanText.units(h)));
    }
    lines.add("patterns sgn(WX):");
    lines.addAll(HumanText.indent(HumanText.patterns(titles, Arrays.asList(patterns), rbm.getImageShape())));
    return lines;
  }
}
