package org.ebmsim.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ParameterGradient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim evaluate MODEL --rows FILE}: the mean log-likelihood of the rows with its
 * standard error, the log Z used and, with {@code --gradient}, the gradient of the mean negative
 * log-likelihood per parameter (shape and norms here; every value with {@code --json}).
 */
@Command(
    name = "evaluate",
    sortOptions = false,
    description = {
      "Mean log-likelihood of given rows with its standard error, exact: attnbm models with an",
      "integer β, and Hopfield networks and RBMs small enough to enumerate. With --gradient",
      "(attnbm) also the gradient of the mean negative log-likelihood; with --log-z (Hopfield,",
      "RBM) a given log Z, e.g. from 'ebmsim ais', replaces the enumeration.",
      "Example: ebmsim evaluate m-0123456789abcdef --rows data.csv --gradient"
    })
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--rows", paramLabel = "FILE", required = true,
      description = "Visible states, one per row (.csv/.txt, or .json with \"rows\" or a bare array of arrays).")
  java.nio.file.Path rows;

  @Option(names = "--gradient", description = "Also compute the gradient of the mean negative log-likelihood.")
  boolean gradient;

  @Option(names = "--log-z", paramLabel = "LOGZ",
      description = "Use this log Z instead of enumerating (Hopfield, RBM), e.g. an estimate from 'ebmsim ais'.")
  Double logZ;

  @Override
  public Integer call() {
    double[][] data = InputFiles.readMatrix(rows, "rows");
    Matrix matrix;
    try {
      matrix = ProtoMatrices.matrix(data);
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, rows + ": " + e.getMessage());
    }
    EvaluateRequest.Builder builder = EvaluateRequest.newBuilder().setModelId(modelId)
        .setModelVersion(version.checked(spec)).setRows(matrix).setGradient(gradient);
    if (logZ != null) {
      if (!Double.isFinite(logZ)) {
        throw EbmsimCli.usage(spec, "--log-z must be finite, got " + logZ);
      }
      builder.setLogZ(logZ);
    }
    EvaluateRequest request = builder.build();
    try (EbmsimClient client = cli.connect()) {
      EvaluateResponse r = client.evaluate(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
        return EbmsimCli.EXIT_OK;
      }
      cli.out().println("evaluate " + modelId + ": " + r.getRows() + " rows");
      cli.out().println(HumanText.field("mean log p", HumanText.num(r.getMeanLogLikelihood()) + " ± "
          + HumanText.num(r.getStandardError()) + " (standard error)"));
      cli.out().println(HumanText.field("log Z", HumanText.num(r.getLogZ())));
      cli.out().println(HumanText.field("method", r.getMethod()));
      if (r.getGradientCount() > 0) {
        cli.out().println("gradient of the mean negative log-likelihood:");
        for (ParameterGradient g : r.getGradientList()) {
          cli.out().println("  " + gradientLine(g));
        }
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** {@code patterns  3 x 4, ‖g‖ = 0.1234, max |g| = 0.0567}. */
  private static String gradientLine(ParameterGradient g) {
    Matrix m = g.getValues();
    double sum = 0;
    double max = 0;
    for (double v : m.getValuesList()) {
      sum += v * v;
      max = Math.max(max, Math.abs(v));
    }
    return String.format(Locale.ROOT, "%-14s %d x %d, ‖g‖ = %s, max |g| = %s", g.getParameter(), m.getRows(),
        m.getCols(), HumanText.num(Math.sqrt(sum)), HumanText.num(max));
  }
}
