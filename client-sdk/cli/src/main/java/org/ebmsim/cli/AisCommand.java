package org.ebmsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ebmsim.client.AisSchedules;
import org.ebmsim.cli.plot.AisCurves;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.SessionStarted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim ais MODEL}: log Z by annealed importance sampling, for models whose family has an
 * AIS path (RBMs). Human output is a progress bar (running log Ẑ ± SE and ESS) and a summary;
 * {@code --json} prints every event; {@code --detached} starts the session and prints how to
 * follow it.
 */
@Command(
    name = "ais",
    sortOptions = false,
    description = {
      "Estimate log Z by annealed importance sampling (AIS).",
      "For models whose family has an AIS path (RBMs of every variant): from a base distribution",
      "(β = 0) to the model (β = 1). With --data: the mean log-likelihood of the rows, and with",
      "--reverse a reverse-AIS estimate (a stochastic upper bound).",
      "Example: ebmsim ais m-0123456789abcdef --chains 200 --steps 300 --seed 1"
    })
final class AisCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...), e.g. of an RBM.")
  String modelId;

  @Option(names = "--chains", paramLabel = "C", required = true, description = "AIS chains (importance samples), ≥ 1.")
  int chains;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of all randomness (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--steps", paramLabel = "K", description = "K temperatures equally spaced in β (the default schedule: 1000).")
  Integer steps;

  @Option(
      names = "--three-segment",
      paramLabel = "K",
      description = "The 500/4000/10000 schedule on [0,0.5], [0.5,0.9], [0.9,1] scaled to K temperatures (K ≥ 3).")
  Integer threeSegment;

  @Option(names = "--betas", paramLabel = "b0,b1,...", description = "Explicit inverse temperatures from 0 to 1, non-decreasing.")
  String betas;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "Rows of visible data (0/1 for binary, ±1 for spin and binary-gaussian RBMs): gives the mean"
          + " log-likelihood, fits --base data, starts --reverse.")
  Path data;

  @Option(
      names = "--base",
      paramLabel = "uniform|data",
      converter = ProtoEnumOptions.AisBaseConverter.class,
      description = "Base of binary/spin RBMs: uniform, or data (base rates fitted to --data). Default: data"
          + " when --data is given, else uniform; binary-gaussian RBMs always use N(0, I).")
  AisBase base;

  @Option(names = "--reverse", description = "Also run reverse AIS from the data rows (needs --data).")
  boolean reverse;

  @Option(names = "--report-every", paramLabel = "K", defaultValue = "0", description = "Temperatures between progress events; 0 = max(1, K/20) (default).")
  int reportEvery;

  @Option(names = "--log-weights", description = "Include per-chain log-weights in progress events (shown by --json).")
  boolean logWeights;

  @Mixin SessionStartOptions start;

  @Mixin PlotOption plot;

  @Override
  public Integer call() {
    EstimatePartitionFunctionRequest request = request();
    plot.checkFollowed(spec, start.detached);
    AisCurves curves = new AisCurves();
    try (EbmsimClient client = cli.connect()) {
      if (start.detached) {
        SessionStarted started = client.estimatePartitionFunctionDetached(request);
        return DetachedSessions.print(cli, started, PartitionFunctionEvent.newBuilder().setStarted(started).build());
      }
      // Fetched first so an unknown id fails before the session and the summary knows the model.
      Model model = cli.json() ? null : client.getModel(modelId, version.checked(spec), false);
      SessionFollower follower = new SessionFollower(new ProgressBar(cli.err(), "temperatures"), !start.noProgress, false)
          .onEvent(curves::accept);
      try (EventStream<PartitionFunctionEvent> events = client.estimatePartitionFunction(request)) {
        SessionEvents.follow(cli, events, OwnerStreamEvents::of, follower);
      }
      if (!cli.json()) {
        if (follower.result() == null) {
          return SessionEvents.noResult(cli);
        }
        long temperatures = follower.started() == null ? 0 : follower.started().getTotal();
        AisSummary.lines(modelId, model, temperatures, follower.result().getPartitionFunctionResult())
            .forEach(cli.out()::println);
      }
    }
    return plot.write(cli, curves, "AIS log Z of " + modelId);
  }

  /** The request from the options; usage errors for invalid values and combinations. */
  EstimatePartitionFunctionRequest request() {
    if (chains < 0) {
      // 0 goes to the server, whose INVALID_ARGUMENT says how to fix it; a negative count would
      // wrap around as an unsigned wire value.
      throw EbmsimCli.usage(spec, "--chains must be ≥ 1, got " + chains);
    }
    if (reportEvery < 0) {
      throw EbmsimCli.usage(spec, "--report-every must be ≥ 0, got " + reportEvery);
    }
    if (reverse && data == null) {
      throw EbmsimCli.usage(spec, "--reverse needs --data: reverse AIS starts from the data rows");
    }
    if (base == AisBase.DATA_BASE_RATE && data == null) {
      throw EbmsimCli.usage(spec, "--base data needs --data to fit the base rates");
    }
    EstimatePartitionFunctionRequest.Builder b = EstimatePartitionFunctionRequest.newBuilder()
        .setModelId(modelId)
        .setModelVersion(version.checked(spec))
        .setChains(chains)
        .setSeed(seed)
        .setReverse(reverse)
        .setReportEvery(reportEvery)
        .setIncludeLogWeights(logWeights)
        .setDetached(start.detached);
    AisSchedule schedule = schedule();
    if (schedule != null) {
      b.setSchedule(schedule);
    }
    if (base != null) {
      b.setBase(base);
    }
    if (data != null) {
      try {
        b.setData(ProtoMatrices.matrix(InputFiles.readMatrix(data, "data")));
      } catch (IllegalArgumentException e) {
        throw EbmsimCli.usage(spec, data + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  /** The schedule of the one option given, or {@code null} for the server's default. */
  private AisSchedule schedule() {
    int given = (steps != null ? 1 : 0) + (threeSegment != null ? 1 : 0) + (betas != null ? 1 : 0);
    if (given > 1) {
      throw EbmsimCli.usage(spec, "give only one of --steps, --three-segment and --betas");
    }
    try {
      if (steps != null) {
        return AisSchedules.uniform(steps);
      }
      if (threeSegment != null) {
        return AisSchedules.threeSegment(threeSegment);
      }
      if (betas != null) {
        return AisSchedules.explicit(parseBetas(betas));
      }
      return null;
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /**
   * Parses {@code 0,0.25,0.5,1} (commas and/or blanks).
   *
   * @throws IllegalArgumentException naming the entry that is not a number
   */
  static double[] parseBetas(String text) {
    String[] items = text.trim().split("\\s*[,\\s]\\s*", -1);
    double[] out = new double[items.length];
    for (int k = 0; k < items.length; k++) {
      try {
        out[k] = Double.parseDouble(items[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--betas: entry " + k + " \"" + items[k] + "\" is not a number");
      }
    }
    return out;
  }
}
