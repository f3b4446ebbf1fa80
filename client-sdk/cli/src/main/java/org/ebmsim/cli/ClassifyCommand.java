package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.FitProductOfExpertsRequest;
import org.ebmsim.proto.v1.FitProductOfExpertsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim classify DATASET}: the mapping paper's product-of-experts classifier on a labelled
 * dataset; prints the training and held-out errors and the held-out confusion table.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fit the product-of-experts classifier (mapping paper §3.2) on a labelled dataset.",
      "One binary-Gaussian RBM per class, started from the class's rows (projection or Hebbian",
      "mapping of k sub-patterns, principal components, or random) and trained by CD-k on them;",
      "features ‖sᵀW‖² per expert; a logistic regression on the training split. Reports the error",
      "on both splits. Example: ebmsim classify d-0123456789abcdef --hidden 3 --epochs 3"
    })
final class ClassifyCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DATASET", description = "Dataset id (d-...) with labels and 0/1 or ±1 values.")
  String datasetId;

  @Option(names = "--start", paramLabel = "projection|hebbian|pca|random", defaultValue = "projection",
      description = "How each expert starts (default ${DEFAULT-VALUE}).")
  String start;

  @Option(names = "--hidden", paramLabel = "K", defaultValue = "1", description = "Hidden units per expert: sub-patterns or components (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--epochs", paramLabel = "E", defaultValue = "0", description = "CD-k epochs per expert on its class (default ${DEFAULT-VALUE}: the start alone).")
  int epochs;

  @Option(names = "--k", paramLabel = "K", defaultValue = "20", description = "Gibbs steps of CD-k (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "100", description = "Rows per update (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "0.01", description = "Learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--beta", paramLabel = "B", defaultValue = "2", description = "Inverse temperature of the experts (default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--random-sd", paramLabel = "S", defaultValue = "0.1", description = "--start random: standard deviation (default ${DEFAULT-VALUE}).")
  double randomSd;

  @Option(names = "--penalty", paramLabel = "P", defaultValue = "1e-4", description = "L2 penalty of the logistic regression (default ${DEFAULT-VALUE}).")
  double penalty;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    FitProductOfExpertsRequest request = request();
    try (EbmsimClient client = cli.connect()) {
      FitProductOfExpertsResponse r = client.fitProductOfExperts(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
      } else {
        lines(r).forEach(cli.out()::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  FitProductOfExpertsRequest request() {
    FitProductOfExpertsRequest.Start s = switch (start.toLowerCase(Locale.ROOT)) {
      case "projection" -> FitProductOfExpertsRequest.Start.PROJECTION;
      case "hebbian" -> FitProductOfExpertsRequest.Start.HEBBIAN;
      case "pca" -> FitProductOfExpertsRequest.Start.PCA;
      case "random" -> FitProductOfExpertsRequest.Start.RANDOM;
      default -> throw EbmsimCli.usage(spec, "--start must be projection, hebbian, pca or random, got " + start);
    };
    requirePositive(hidden, "--hidden");
    requirePositive(k, "--k");
    requirePositive(batch, "--batch");
    if (epochs < 0) {
      throw EbmsimCli.usage(spec, "--epochs must be >= 0, got " + epochs);
    }
    for (double[] x : new double[][] {{lr}, {beta}, {randomSd}}) {
      if (!(x[0] > 0) || Double.isInfinite(x[0])) {
        throw EbmsimCli.usage(spec, "--lr, --beta and --random-sd must be finite and > 0 (got " + x[0] + ")");
      }
    }
    if (!(penalty > 0) || Double.isInfinite(penalty)) {
      // 0 on the wire means the server's default, so the CLI asks for a positive penalty
      throw EbmsimCli.usage(spec, "--penalty must be finite and > 0, got " + penalty);
    }
    return FitProductOfExpertsRequest.newBuilder().setDatasetId(datasetId).setStart(s).setHiddenUnits(hidden)
        .setEpochs(epochs).setGibbsSteps(k).setBatchSize(batch).setLearningRate(lr).setInverseTemperature(beta)
        .setRandomSd(randomSd).setPenalty(penalty).setSeed(seed).build();
  }

  private void requirePositive(int value, String option) {
    if (value < 1) {
      throw EbmsimCli.usage(spec, option + " must be >= 1, got " + value);
    }
  }

  /** The errors, then the held-out confusion table (rows: true class, columns: predicted). */
  static List<String> lines(FitProductOfExpertsResponse r) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%d classes, %d hidden units per expert, fitted in %.1f s", r.getClasses(),
        r.getHiddenUnits(), r.getSeconds()));
    out.add(String.format(Locale.ROOT, "training error  %6.2f%%  (%d rows)", 100 * r.getTrainError(), r.getTrainRows()));
    if (r.getHeldOutRows() == 0) {
      out.add("held-out error       -   (the dataset has no held-out split)");
      return out;
    }
    out.add(String.format(Locale.ROOT, "held-out error  %6.2f%%  (%d rows)", 100 * r.getHeldOutError(),
        r.getHeldOutRows()));
    int c = r.getClasses();
    StringBuilder head = new StringBuilder("true\\pred");
    for (int j = 0; j < c; j++) {
      head.append(String.format(Locale.ROOT, "%6d", j));
    }
    out.add(head.toString());
    for (int i = 0; i < c; i++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%9d", i));
      for (int j = 0; j < c; j++) {
        row.append(String.format(Locale.ROOT, "%6d", r.getConfusion(i * c + j)));
      }
      out.add(row.toString());
    }
    return out;
  }
}
