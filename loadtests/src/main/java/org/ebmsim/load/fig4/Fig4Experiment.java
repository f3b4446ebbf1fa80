package org.ebmsim.load.fig4;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AisLogLikelihood;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.EbmsimServer;

/**
 * The mapping paper's Fig. 4(a) (Smart & Zilman, ICLR 2021, §3.1) on binarized Fashion-MNIST,
 * through the server's public API: for each initialisation (random N(0, 0.01), projection and
 * Hebbian Hopfield mappings of the class means, top-p PCA) and seed, a binary–Gaussian RBM
 * (p = 10, β = 2) is created from the training split, its held-out mean log-likelihood estimated
 * by AIS before training, then it is trained by CD-20 with AIS on the held-out rows after every
 * epoch. Writes fig4.csv (rewritten after every measurement, so an interrupted run keeps what it
 * measured), prints a table per epoch and a verdict line on the paper's finding (projection ahead
 * of random at 0 epochs and after 1 epoch); exit status 0 only if it reproduces.
 *
 * <p>{@code java -Xmx4g -cp loadtests/target/benchmarks.jar org.ebmsim.load.fig4.Fig4Experiment
 * [options]} ({@link Fig4Settings#USAGE}).
 */
public final class Fig4Experiment {
  private static final long HOURS = 24;

  private Fig4Experiment() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.println(Fig4Settings.USAGE);
      return;
    }
    Fig4Settings settings;
    try {
      settings = Fig4Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Fig4Row> rows = run(settings, System.out);
    Fig4Summary summary = new Fig4Summary(rows);
    System.out.println();
    System.out.print(summary.table());
    System.out.println(summary.verdict());
    System.exit(summary.findingReproduced() ? 0 : 1);
  }

  /** Runs the experiment against {@code settings.target()} or an embedded server; returns every row. */
  public static List<Fig4Row> run(Fig4Settings settings, PrintStream log) throws Exception {
    Files.createDirectories(settings.out());
    if (settings.target() != null) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(settings.target()).usePlaintext().build();
      try {
        return run(settings, channel, log);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    Path dataDir = Files.createTempDirectory("fig4-data-");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dataDir.toString());
    overrides.put("ebmsim.datasets.root", settings.root().toAbsolutePath().toString());
    String name = "fig4-" + UUID.randomUUID();
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()),
        name);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      return run(settings, channel, log);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
      org.ebmsim.load.TempTrees.delete(dataDir);
    }
  }

  private static List<Fig4Row> run(Fig4Settings s, ManagedChannel channel, PrintStream log) throws IOException {
    DatasetServiceGrpc.DatasetServiceBlockingStub datasets = DatasetServiceGrpc.newBlockingStub(channel);
    ModelServiceGrpc.ModelServiceBlockingStub models = ModelServiceGrpc.newBlockingStub(channel);
    SimulationServiceGrpc.SimulationServiceBlockingStub simulation = SimulationServiceGrpc.newBlockingStub(channel);
    TrainingServiceGrpc.TrainingServiceBlockingStub training = TrainingServiceGrpc.newBlockingStub(channel);

    // pixels/255 > 0.5 → +1, else −1: the binarized images as the RBM's ±1 visible spins
    Dataset data = datasets.withDeadlineAfter(10, TimeUnit.MINUTES).registerDataset(RegisterDatasetRequest.newBuilder()
        .setSpec(DatasetSpec.newBuilder().setName("fig4-fashion-mnist").setFormat(DatasetFormat.DATASET_FORMAT_IDX)
            .setTransforms(DatasetTransforms.newBuilder().setScale(1.0 / 255).setSpinThreshold(0.5))
            .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(s.heldOutFraction()).setSeed(s.splitSeed())))
        .setDataPath(s.images()).setLabelsPath(s.labels()).build());
    log.printf(Locale.ROOT, "dataset %s: %d rows × %d cols, %d classes, %d training rows, %d held out%n",
        data.getId(), data.getRows(), data.getCols(), data.getClasses(), data.getTrainRows(), data.getHeldOutRows());
    log.printf(Locale.ROOT, "%-10s %4s %5s %5s %7s %14s %8s %9s%n", "init", "seed", "epoch", "B", "batches",
        "log-lik", "SE", "seconds");

    List<Fig4Row> rows = new ArrayList<>();
    Path csv = s.out().resolve("fig4.csv");
    for (Fig4Initialisation init : s.inits()) {
      for (long seed = 1; seed <= s.seeds(); seed++) {
        Model model = models.withDeadlineAfter(10, TimeUnit.MINUTES).createModel(CreateModelRequest.newBuilder()
            .setName("fig4-" + init.label() + "-s" + seed).setRbm(RbmSpec.newBuilder()
                .setVariant(RbmVariant.BINARY_GAUSSIAN).setInverseTemperature(s.beta())
                .setInit(init.spec(data.getId(), s.hiddenUnits(), seed))).build());
        int batch = s.batchSize(init);
        try {
          add(rows, initialRow(s, simulation, model.getId(), data.getId(), init, seed, batch), csv, log);
          for (Fig4Row r : train(s, training, model.getId(), data, init, seed, batch)) {
            add(rows, r, csv, log);
          }
        } finally {
          models.withDeadlineAfter(1, TimeUnit.MINUTES).deleteModel(DeleteModelRequest.newBuilder()
              .setId(model.getId()).build());
        }
      }
    }
    datasets.withDeadlineAfter(1, TimeUnit.MINUTES).deleteDataset(DeleteDatasetRequest.newBuilder()
        .setId(data.getId()).build());
    return rows;
  }

  private static void add(List<Fig4Row> rows, Fig4Row r, Path csv, PrintStream log) throws IOException {
    rows.add(r);
    Fig4Csv.write(csv, rows);
    log.printf(Locale.ROOT, "%-10s %4d %5d %5d %7d %14.3f %8.3f %9.1f%n", r.init().label(), r.seed(), r.epoch(),
        r.batchSize(), r.batches(), r.logLikelihood(), r.standardError(), r.seconds());
    log.flush();
  }

  /** Epoch 0: AIS on the initial weights, log-likelihood of the held-out rows. */
  private static Fig4Row initialRow(Fig4Settings s, SimulationServiceGrpc.SimulationServiceBlockingStub simulation,
      String modelId, String datasetId, Fig4Initialisation init, long seed, int batch) {
    long start = System.nanoTime();
    Iterator<PartitionFunctionEvent> events = simulation.withDeadlineAfter(HOURS, TimeUnit.HOURS)
        .estimatePartitionFunction(EstimatePartitionFunctionRequest.newBuilder().setModelId(modelId)
            .setChains(s.aisChains()).setSeed(seed)
            .setSchedule(AisSchedule.newBuilder().setUniformSteps(s.aisSteps())).setDatasetId(datasetId).build());
    PartitionFunctionResult result = null;
    while (events.hasNext()) {
      PartitionFunctionEvent e = events.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    if (result == null || !result.getHasLogLikelihood()) {
      throw new IllegalStateException("AIS of " + modelId + " ended without a log-likelihood");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Fig4Row(init, seed, 0, batch, 0, result.getMeanLogLikelihood(), result.getLogLikelihoodStdError(),
        result.getLogZ(), result.getEffectiveSampleSize(), seconds);
  }

  /** CD-k for the given epochs with AIS on the held-out rows after each: one row per epoch. */
  private static List<Fig4Row> train(Fig4Settings s, TrainingServiceGrpc.TrainingServiceBlockingStub training,
      String modelId, Dataset data, Fig4Initialisation init, long seed, int batch) {
    // AIS in training evaluates evaluation_rows held-out rows: all of them, as at epoch 0
    Iterator<TrainEvent> events = training.withDeadlineAfter(HOURS, TimeUnit.HOURS).train(TrainRequest.newBuilder()
        .setModelId(modelId).setDatasetId(data.getId()).setMethod(TrainingMethod.CD).setGibbsSteps(s.gibbsSteps())
        .setBatchSize(batch).setEpochs(s.epochs())
        .setLearningRate(LearningRate.newBuilder().setInitial(s.learningRate()).setKind(LearningRate.Kind.CONSTANT))
        .setSeed(seed).setAisEveryEpochs(1).setAisChains(s.aisChains()).setAisSteps(s.aisSteps())
        .setEvaluationRows(Math.max(data.getHeldOutRows(), 1)).setFinalVersionOnly(true).build());
    List<Fig4Row> out = new ArrayList<>();
    boolean finished = false;
    while (events.hasNext()) {
      TrainEvent e = events.next();
      if (e.hasProgress() && e.getProgress().getEpochEnd() && e.getProgress().hasAis()) {
        TrainProgress p = e.getProgress();
        AisLogLikelihood ais = p.getAis();
        out.add(new Fig4Row(init, seed, p.getEpoch() + 1, batch, p.getBatches(), ais.getLogLikelihood(),
            ais.getStandardError(), ais.getLogZ(), ais.getEffectiveSampleSize(), p.getElapsedSeconds()));
      }
      finished |= e.hasResult();
    }
    if (!finished || out.size() != s.epochs()) {
      throw new IllegalStateException("training of " + modelId + " ended after " + out.size() + " of " + s.epochs()
          + " epochs with AIS" + (finished ? "" : " and without a result"));
    }
    return out;
  }
}
