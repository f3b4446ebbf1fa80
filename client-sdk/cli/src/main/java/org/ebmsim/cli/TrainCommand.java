package org.ebmsim.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ebmsim.cli.plot.TrainCurves;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.LearningRates;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim train MODEL --dataset D --method M --epochs E --lr X}: trains a stored model on a
 * stored dataset, writing new versions of the model. Human output is a progress bar over batches
 * on stderr, a table row per epoch on stdout ({@link TrainTable}) and a summary; {@code --json}
 * prints every event; {@code --detached} starts the session and prints how to follow it.
 * {@code train resume} and {@code train checkpoints} continue and list checkpointed runs.
 *
 * <p>The model and the required options are checked in {@link #request()}, not by picocli: a
 * parent's required options would otherwise be demanded before its subcommands as well.
 */
@Command(
    name = "train",
    sortOptions = false,
    description = {
      "Train a model on a dataset by contrastive divergence (cd), persistent CD (pcd) or, for",
      "Hopfield networks, the valleys rule; every epoch writes a new version of the model.",
      "Prints a table row per epoch: learning rate, reconstruction error and pseudo-log-likelihood",
      "(training and held-out rows), AIS log-likelihood ± se (--ais-every), weight norms, version.",
      "Example: ebmsim train m-0123456789abcdef --dataset d-0123456789abcdef --method pcd",
      "           --epochs 20 --lr 0.05 --lr-decay exp:0.95 --batch 100 --ais-every 5 --seed 1"
    },
    subcommands = {TrainResumeCommand.class, TrainCheckpointsCommand.class})
final class TrainCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Parameters(paramLabel = "MODEL", arity = "0..1", description = "Model id (m-...) to train.")
  String modelId;

  @Option(names = "--dataset", paramLabel = "D", description = "Dataset id to train on (required); its held-out split is evaluated.")
  String dataset;

  @Option(names = "--method", paramLabel = "cd|pcd|valleys|exact-likelihood|dsm",
      converter = ProtoEnumOptions.TrainingMethodConverter.class,
      description = "cd (contrastive divergence), pcd (persistent CD), valleys (Hopfield networks), exact-likelihood"
          + " (attnbm, integer β: the exact gradient) or dsm (attnbm: denoising score matching) (required).")
  TrainingMethod method;

  @Option(names = "--noise-sd", paramLabel = "SIGMA", description = "dsm: standard deviation of the corruption, > 0; default 1.")
  Double noiseSd;

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training rows, ≥ 1 (required).")
  Integer epochs;

  @Option(names = "--lr", paramLabel = "X", description = "Learning rate, finite and > 0 (required).")
  Double lr;

  @Option(names = "--lr-decay", paramLabel = "exp:F|step:F:E", converter = LearningRateDecayOption.class,
      description = "Rate of epoch e: X·F^e (exp) or X·F^⌊e/E⌋ (step); default constant.")
  LearningRateDecayOption.Decay lrDecay;

  @Option(names = "--k", paramLabel = "K", description = "Gibbs steps of the negative phase (valleys: sweeps from each target), 1..1000; default 1 (valleys 3).")
  Integer k;

  @Option(names = "--batch", paramLabel = "B", description = "Rows per mini-batch, ≥ 1; default min(100, rows).")
  Integer batch;

  @Option(names = "--momentum", paramLabel = "M", description = "Classical momentum in [0, 1); default 0.")
  Double momentum;

  @Option(names = "--weight-decay", paramLabel = "W", description = "L2 penalty on weights, ≥ 0; default 0.")
  Double weightDecay;

  @Option(names = "--persistent-chains", paramLabel = "C", description = "pcd: fantasy chains, ≥ 1; default the batch size.")
  Integer persistentChains;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of all randomness (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report-every", paramLabel = "N", description = "Batches between progress events (every epoch end reports too); default once per epoch.")
  Integer reportEvery;

  @Option(names = "--ais-every", paramLabel = "E", description = "Estimate the held-out log-likelihood by AIS every E epochs and at the end; default never.")
  Integer aisEvery;

  @Option(names = "--ais-chains", paramLabel = "C", description = "With --ais-every: AIS chains, 1..10000; default 100.")
  Integer aisChains;

  @Option(names = "--ais-steps", paramLabel = "K", description = "With --ais-every: AIS temperatures, 1..1000000; default 1000.")
  Integer aisSteps;

  @Option(names = "--eval-rows", paramLabel = "R", description = "Rows of each split the metrics are computed on, ≥ 1; default min(1000, rows).")
  Integer evalRows;

  @Option(names = "--samples", paramLabel = "N", description = "Visible states shown with each epoch (pcd: fantasy chains, cd: reconstructions), 0..64.")
  Integer samples;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Batches between checkpoints (also at the end and on stop); default once per epoch.")
  Integer checkpointEvery;

  @Option(names = "--keep-checkpoints", paramLabel = "K", description = "Checkpoints kept for this session, 1..100; default 3.")
  Integer keepCheckpoints;

  @Option(names = "--final-version-only", description = "Write only the final model version (default: one per epoch).")
  boolean finalVersionOnly;

  @Mixin ModelVersionOption version;

  @Mixin SessionStartOptions start;

  @Mixin PlotOption plot;

  @Override
  public Integer call() {
    TrainRequest request = request();
    plot.checkFollowed(spec, start.detached);
    try (EbmsimClient client = cli.connect()) {
      if (start.detached) {
        SessionStarted started = client.trainDetached(request);
        return DetachedSessions.print(cli, started, TrainEvent.newBuilder().setStarted(started).build());
      }
      // Fetched first so an unknown id or version fails before the session, and for the summary.
      Model model = cli.json() ? null : client.getModel(modelId, request.getModelVersion(), false);
      TrainCurves curves = new TrainCurves();
      int code = follow(cli, client, () -> client.train(request), model, start.noProgress, curves);
      return code != EbmsimCli.EXIT_OK ? code : plot.write(cli, curves, "training of " + modelId);
    }
  }

  /**
   * Follows a training stream to its end: bar, per-epoch table and summary, or {@code --json}
   * lines; shared by {@code train} and {@code train resume}.
   *
   * @param model the trained model if already fetched, else null (fetched when first needed)
   */
  static int follow(EbmsimCli cli, EbmsimClient client, Supplier<EventStream<TrainEvent>> start, Model model,
      boolean noProgress) {
    return follow(cli, client, start, model, noProgress, new TrainCurves());
  }

  /** As above, also gathering the per-epoch curves into {@code curves} (for {@code --plot}). */
  static int follow(EbmsimCli cli, EbmsimClient client, Supplier<EventStream<TrainEvent>> start, Model model,
      boolean noProgress, TrainCurves curves) {
    SessionFollower follower = new SessionFollower(new ProgressBar(cli.err(), "batches"), !noProgress, false)
        .onEvent(curves::accept);
    Model[] known = {model};
    Supplier<Model> modelOf = () -> {
      if (known[0] == null && follower.started() != null) {
        known[0] = SessionsCommand.modelOrNull(client, follower.started().getModelId());
      }
      return known[0];
    };
    TrainTable table = new TrainTable(cli.out(), () -> modelOf.get() == null ? null : modelOf.get().getImageShape());
    follower.onEpochEnd(table::row);
    try (EventStream<TrainEvent> events = start.get()) {
      SessionEvents.follow(cli, events, OwnerStreamEvents::of, follower);
    }
    if (!cli.json()) {
      if (follower.result() == null) {
        return SessionEvents.noResult(cli);
      }
      cli.out().println();
      TrainSummary.lines(follower.result().getTrainResult(), modelOf.get()).forEach(cli.out()::println);
    }
    return EbmsimCli.EXIT_OK;
  }

  /** The request from the options; usage errors (saying why) for missing and invalid values. */
  TrainRequest request() {
    if (modelId == null) {
      throw EbmsimCli.usage(spec, "give the MODEL to train (or a subcommand: resume, checkpoints)");
    }
    if (dataset == null || dataset.isBlank()) {
      throw EbmsimCli.usage(spec, "--dataset is required: the dataset id to train on (ebmsim datasets list)");
    }
    if (method == null) {
      throw EbmsimCli.usage(spec, "--method is required: cd, pcd, valleys, exact-likelihood or dsm");
    }
    if (epochs == null) {
      throw EbmsimCli.usage(spec, "--epochs is required: passes over the training rows, ≥ 1");
    }
    if (lr == null) {
      throw EbmsimCli.usage(spec, "--lr is required: the learning rate, finite and > 0");
    }
    if (!(lr > 0) || lr.isInfinite()) {
      throw EbmsimCli.usage(spec, "--lr must be finite and > 0, got " + lr
          + " (it scales every update: 0 would not learn, a negative or infinite rate would diverge)");
    }
    range("--epochs", epochs, 1, 1_000_000);
    range("--k", k, 1, 1000);
    range("--batch", batch, 1, Integer.MAX_VALUE);
    if (momentum != null && !(momentum >= 0 && momentum < 1)) {
      throw EbmsimCli.usage(spec, "--momentum must be in [0, 1), got " + momentum
          + " (at 1 or more the velocity never decays)");
    }
    if (weightDecay != null && !(weightDecay >= 0 && !weightDecay.isInfinite())) {
      throw EbmsimCli.usage(spec, "--weight-decay must be finite and ≥ 0, got " + weightDecay);
    }
    range("--persistent-chains", persistentChains, 1, Integer.MAX_VALUE);
    if (persistentChains != null && method != TrainingMethod.PCD) {
      throw EbmsimCli.usage(spec, "--persistent-chains goes with --method pcd: only pcd keeps fantasy chains");
    }
    range("--report-every", reportEvery, 0, Integer.MAX_VALUE);
    range("--ais-every", aisEvery, 0, Integer.MAX_VALUE);
    range("--ais-chains", aisChains, 1, 10_000);
    range("--ais-steps", aisSteps, 1, 1_000_000);
    if ((aisChains != null || aisSteps != null) && (aisEvery == null || aisEvery == 0)) {
      throw EbmsimCli.usage(spec, "--ais-chains and --ais-steps go with --ais-every E (AIS runs only when asked)");
    }
    range("--eval-rows", evalRows, 1, Integer.MAX_VALUE);
    range("--samples", samples, 0, 64);
    range("--checkpoint-every", checkpointEvery, 1, Integer.MAX_VALUE);
    range("--keep-checkpoints", keepCheckpoints, 1, 100);
    TrainRequest.Builder b = TrainRequest.newBuilder()
        .setModelId(modelId)
        .setModelVersion(version.checked(spec))
        .setDatasetId(dataset)
        .setMethod(method)
        .setEpochs(epochs)
        .setLearningRate(learningRate())
        .setSeed(seed)
        .setFinalVersionOnly(finalVersionOnly)
        .setDetached(start.detached);
    if (k != null) {
      b.setGibbsSteps(k);
    }
    if (batch != null) {
      b.setBatchSize(batch);
    }
    if (momentum != null) {
      b.setMomentum(momentum);
    }
    if (noiseSd != null) {
      b.setNoiseSd(noiseSd);
    }
    if (weightDecay != null) {
      b.setWeightDecay(weightDecay);
    }
    if (persistentChains != null) {
      b.setPersistentChains(persistentChains);
    }
    if (reportEvery != null) {
      b.setReportEveryBatches(reportEvery);
    }
    if (aisEvery != null) {
      b.setAisEveryEpochs(aisEvery);
    }
    if (aisChains != null) {
      b.setAisChains(aisChains);
    }
    if (aisSteps != null) {
      b.setAisSteps(aisSteps);
    }
    if (evalRows != null) {
      b.setEvaluationRows(evalRows);
    }
    if (samples != null) {
      b.setSamples(samples);
    }
    if (checkpointEvery != null) {
      b.setCheckpointEveryBatches(checkpointEvery);
    }
    if (keepCheckpoints != null) {
      b.setKeepCheckpoints(keepCheckpoints);
    }
    return b.build();
  }

  private LearningRate learningRate() {
    if (lrDecay == null) {
      return LearningRates.constant(lr);
    }
    return lrDecay.step() ? LearningRates.step(lr, lrDecay.factor(), lrDecay.everyEpochs())
        : LearningRates.exponential(lr, lrDecay.factor());
  }

  /** A usage error unless {@code value} is absent or within [min, max]. */
  private void range(String option, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      throw EbmsimCli.usage(spec, option + " must be " + (max == Integer.MAX_VALUE ? "≥ " + min : min + ".." + max)
          + ", got " + value);
    }
  }
}
