package org.ebmsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Orthogonalization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim map hopfield-to-rbm}: registers the binary–Gaussian RBM of a projection
 * Hopfield network, from a stored network or a patterns file, and shows the transform X* with
 * ξ = W X* (optionally saved for {@code map rbm-to-hopfield --start given}).
 */
@Command(
    name = "hopfield-to-rbm",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build and register the binary-gaussian RBM equivalent to the projection Hopfield network of",
      "a stored network's patterns (MODEL) or of a patterns file (--patterns): W has orthonormal",
      "columns spanning the patterns, and ξ = W X*.",
      "Example: ebmsim map hopfield-to-rbm m-0123456789abcdef --save-transform x.csv"
    })
final class MapHopfieldToRbmCommand implements Callable<Integer> {
  @ParentCommand MapCommand map;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..1", description = "Stored Hopfield network with patterns (m-...).")
  String modelId;

  @Option(names = "--patterns", paramLabel = "FILE", description = "±1 (or 0/1) patterns p x N, linearly independent, p < N, instead of MODEL.")
  Path patterns;

  @Option(
      names = "--method",
      paramLabel = "qr|svd|root",
      converter = ProtoEnumOptions.OrthogonalizationConverter.class,
      defaultValue = "qr",
      description = "W from the thin QR (X* = R), the thin SVD, or the symmetric root ξ(ξᵀξ)^{-1/2} (default ${DEFAULT-VALUE}).")
  Orthogonalization method;

  @Option(names = "--beta", paramLabel = "B", description = "Inverse temperature β > 0 of the RBM (default 1).")
  Double beta;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of the registered RBM (default \"<source>-rbm\").")
  String name;

  @Option(names = "--save-transform", paramLabel = "FILE", description = "Write X* (p x p) as CSV, for map rbm-to-hopfield --transform.")
  Path saveTransform;

  @Override
  public Integer call() {
    EbmsimCli cli = map.cli;
    MapHopfieldToRbmRequest request = request(cli);
    try (EbmsimClient client = cli.connect()) {
      MapHopfieldToRbmResponse r = client.mapHopfieldToRbm(request);
      if (saveTransform != null) {
        MatrixCsv.write(saveTransform, ProtoMatrices.rows(r.getPatternTransform()));
      }
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
      } else {
        summary(r).forEach(cli.out()::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** The request from the options; usage errors for a missing or doubled source. */
  MapHopfieldToRbmRequest request(EbmsimCli cli) {
    if ((modelId == null) == (patterns == null)) {
      throw EbmsimCli.usage(spec, "give either MODEL (a stored Hopfield network) or --patterns FILE");
    }
    if (beta != null && (!(beta > 0) || Double.isInfinite(beta))) {
      throw EbmsimCli.usage(spec, "--beta must be finite and > 0, got " + beta);
    }
    MapHopfieldToRbmRequest.Builder b = MapHopfieldToRbmRequest.newBuilder().setMethod(method);
    if (modelId != null) {
      b.setHopfieldModelId(modelId);
    } else {
      try {
        b.setPatterns(ProtoMatrices.spinMatrix(InputFiles.readPatterns(patterns, cli.err()::println)));
      } catch (IllegalArgumentException e) {
        throw EbmsimCli.usage(spec, patterns + ": " + e.getMessage());
      }
    }
    if (beta != null) {
      b.setInverseTemperature(beta);
    }
    if (name != null) {
      b.setName(name);
    }
    return b.build();
  }

  private List<String> summary(MapHopfieldToRbmResponse r) {
    Model m = r.getRbm();
    List<String> lines = new ArrayList<>();
    lines.add("mapped " + (modelId != null ? modelId : patterns.toString()) + " to " + m.getId() + " \""
        + m.getName() + "\": " + HumanText.kind(m) + ", " + HumanText.units(m) + ", β "
        + HumanText.num(beta == null ? 1 : beta));
    int p = r.getPatternTransform().getRows();
    lines.add("pattern transform X* (" + p + " x " + p + ", ξ = W X*):");
    if (p <= 16) {
      lines.addAll(HumanText.matrix(ProtoMatrices.rows(r.getPatternTransform())));
    } else {
      lines.add("  (too large to print; use --json or --save-transform)");
    }
    if (saveTransform != null) {
      lines.add("saved X* to " + saveTransform + "; recover the patterns with: ebmsim map rbm-to-hopfield "
          + m.getId() + " --start given --transform " + saveTransform);
    }
    return lines;
  }
}
