package org.ebmsim.load.attnbm;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.data.Dataset;
import org.ebmsim.data.ZcaWhitening;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.load.modern.FashionMnistSample;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructionMethod;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.EbmsimServer;

/**
 * The protocol of Ota &amp; Karakida's Fig. 1(a) through the server's API: an attentional
 * Boltzmann machine (β = 1, N_h patterns) trained by the exact likelihood gradient (Train,
 * EXACT_LIKELIHOOD) on 200 Fashion-MNIST images (the first 20 of each class), ZCA-whitened
 * (ebmsim's {@link ZcaWhitening}, ε = 0.01, the transform RegisterDataset applies), mini-batch 5,
 * learning rate 0.01; then 80% of the pixels of every image are removed (one seeded mask per
 * image) and filled in by Reconstruct, both by the exact conditional mean ⟨v_m | v_o⟩ and by one
 * model-B update from the masked image (missing pixels at 0, the whitened mean). Reports the mean
 * squared error over the missing pixels for both, for the untrained model, and for filling with
 * the mean; writes {@code fig1a.csv}, {@code examples.csv} (one image per class: original,
 * masked, both reconstructions) and {@code fig1a-run.txt}. Plot with
 * {@code loadtests/scripts/plot_attnbm_fig1a.py}.
 *
 * <p>The paper does not say how ξ starts; here it is N(0, init-sd²) (0.1), far from every image.
 * Whitened centred data makes ξ = 0 a stationary point, so the patterns leave it slowly at this
 * learning rate: most of the gain comes after a few hundred epochs.
 *
 * <p>{@code java -cp loadtests/target/benchmarks.jar org.ebmsim.load.attnbm.Fig1aExperiment
 * [--hidden 200] [--epochs 50] [--per-class 20] [--missing 0.8] [--init-sd 0.1] [--seed 1] [--out docs/attnbm]}
 */
public final class Fig1aExperiment {
  private Fig1aExperiment() {}

  /** Settings of a run. */
  record Settings(int hidden, int epochs, int perClass, double missing, double initSd, long seed, Path out) {
    static Settings parse(String[] args) {
      int hidden = 200;
      int epochs = 50;
      int perClass = 20;
      double missing = 0.8;
      double initSd = 0.1;
      long seed = 1;
      Path out = Path.of("docs/attnbm");
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
      }
      for (int k = 0; k < args.length; k += 2) {
        String v = args[k + 1];
        switch (args[k]) {
          case "--hidden" -> hidden = Integer.parseInt(v);
          case "--epochs" -> epochs = Integer.parseInt(v);
          case "--per-class" -> perClass = Integer.parseInt(v);
          case "--missing" -> missing = Double.parseDouble(v);
          case "--init-sd" -> initSd = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--out" -> out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + args[k]
              + " (--hidden, --epochs, --per-class, --missing, --init-sd, --seed, --out)");
        }
      }
      if (hidden < 1 || epochs < 1 || perClass < 1 || !(missing > 0 && missing < 1)) {
        throw new IllegalArgumentException("need hidden, epochs, per-class >= 1 and missing in (0, 1)");
      }
      return new Settings(hidden, epochs, perClass, missing, initSd, seed, out);
    }
  }

  /** Mean squared errors over the missing pixels. */
  record Errors(double conditionalMean, double oneUpdate, double untrainedConditionalMean, double untrainedOneUpdate,
      double meanFill) {}

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    FashionMnistSample sample = FashionMnistSample.firstPerClass(FashionMnistSample.IMAGES, FashionMnistSample.LABELS,
        s.perClass());
    Files.createDirectories(s.out());
    try (PrintStream log = new PrintStream(Files.newOutputStream(s.out().resolve("fig1a-run.txt")), true,
        java.nio.charset.StandardCharsets.UTF_8)) {
      Errors e = run(s, sample, new Tee(System.out, log));
      if (!(e.conditionalMean() < e.meanFill() && e.oneUpdate() < e.meanFill())) {
        System.exit(1); // a trained model that does no better than the mean is a failed run
      }
    }
  }

  static Errors run(Settings s, FashionMnistSample sample, PrintStream log) throws Exception {
    int rows = sample.images().length;
    int n = sample.images()[0].length;
    float[] raw = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(sample.images()[r], 0, raw, r * n, n);
    }
    Dataset white = ZcaWhitening.whiten(new Dataset(rows, n, raw, sample.labels(), sample.height(), sample.width(),
        new int[0]), 0.01, Gemm.nativeOrFallback(1));
    float[] x = white.values();
    Path root = Files.createTempDirectory("ebmsim-fig1a");
    Path dataDir = Files.createTempDirectory("ebmsim-fig1a-data");
    DatasetFile.Builder file = DatasetFile.newBuilder().setRows(rows).setCols(n)
        .setImageShape(ImageShape.newBuilder().setHeight(sample.height()).setWidth(sample.width()));
    for (float v : x) {
      file.addValues(v);
    }
    for (int label : sample.labels()) {
      file.addLabels(label);
    }
    Files.write(root.resolve("fig1a.ebmsim"), file.build().toByteArray());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dataDir.toString());
    overrides.put("ebmsim.datasets.root", root.toString());
    String name = "fig1a-" + UUID.randomUUID();
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()),
        name);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      return run(s, x, rows, n, sample, channel, log);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
      org.ebmsim.load.TempTrees.delete(root);
      org.ebmsim.load.TempTrees.delete(dataDir);
    }
  }

  private static Errors run(Settings s, float[] x, int rows, int n, FashionMnistSample sample, ManagedChannel channel,
      PrintStream log) throws IOException {
    var datasets = DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
    var models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
    var sim = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.MINUTES);
    var training = TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(6, TimeUnit.HOURS);
    String datasetId = datasets.registerDataset(RegisterDatasetRequest.newBuilder().setSpec(DatasetSpec.newBuilder()
        .setName("fig1a-fashion-mnist").setFormat(DatasetFormat.DATASET_FORMAT_EBMSIM)).setDataPath("fig1a.ebmsim")
        .build()).getId();
    // small random patterns: the model starts with nothing of the data in it
    SplittableRandom init = new SplittableRandom(s.seed());
    Matrix.Builder xi = Matrix.newBuilder().setRows(s.hidden()).setCols(n);
    for (int k = 0; k < s.hidden() * n; k++) {
      xi.addValues(s.initSd() * init.nextGaussian());
    }
    Model model = models.createModel(CreateModelRequest.newBuilder().setName("fig1a").setAttnbm(AttnBmSpec.newBuilder()
        .setPatterns(xi).setInverseTemperature(1)
        .setImageShape(ImageShape.newBuilder().setHeight(sample.height()).setWidth(sample.width()))).build());
    log.printf(Locale.ROOT, "%d images of %d pixels (ZCA-whitened), N_h = %d, %d epochs, batch 5, lr 0.01, %.0f%%"
        + " of the pixels removed%n", rows, n, s.hidden(), s.epochs(), 100 * s.missing());

    boolean[] known = masks(rows, n, s.missing(), s.seed() + 1);
    double[] masked = new double[rows * n];
    for (int k = 0; k < masked.length; k++) {
      masked[k] = known[k] ? x[k] : 0;
    }
    double[] cmBefore = reconstruct(sim, model.getId(), 1, masked, rows, n, known,
        ReconstructionMethod.CONDITIONAL_MEAN);
    double[] oneBefore = reconstruct(sim, model.getId(), 1, masked, rows, n, known,
        ReconstructionMethod.ONE_STEP_RETRIEVAL);

    long started = System.nanoTime();
    Iterator<TrainEvent> events = training.train(TrainRequest.newBuilder().setModelId(model.getId())
        .setDatasetId(datasetId).setMethod(TrainingMethod.EXACT_LIKELIHOOD).setEpochs(s.epochs()).setBatchSize(5)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.01)).setSeed(s.seed()).setFinalVersionOnly(true)
        // a checkpoint at the end only: an experiment is rerun, not resumed, and an fsync per epoch
        // would cost more than the epoch's tiny batches
        .setCheckpointEveryBatches(Integer.MAX_VALUE).build());
    long version = 0;
    while (events.hasNext()) {
      TrainEvent e = events.next();
      if (e.hasProgress() && e.getProgress().getEpochEnd()) {
        log.printf(Locale.ROOT, "epoch %3d  one-update reconstruction error (clean rows) %.4f  ‖ξ‖ %.3f%n",
            e.getProgress().getEpoch(), e.getProgress().getTrain().getReconstructionError(),
            e.getProgress().getWeightNormsOrDefault("ξ", Double.NaN));
      }
      if (e.hasResult()) {
        version = e.getResult().getModelVersion();
      }
    }
    log.printf(Locale.ROOT, "trained in %.1f s (version %d)%n", (System.nanoTime() - started) / 1e9, version);
    double[] cm = reconstruct(sim, model.getId(), version, masked, rows, n, known,
        ReconstructionMethod.CONDITIONAL_MEAN);
    double[] one = reconstruct(sim, model.getId(), version, masked, rows, n, known,
        ReconstructionMethod.ONE_STEP_RETRIEVAL);
    Errors errors = new Errors(missingError(cm, x, known), missingError(one, x, known), missingError(cmBefore, x, known),
        missingError(oneBefore, x, known), missingError(masked, x, known));
    log.printf(Locale.ROOT, "mean squared error over the missing pixels (whitened units):%n"
        + "  conditional mean ⟨v_m | v_o⟩   %.4f   (untrained %.4f)%n"
        + "  one model-B update              %.4f   (untrained %.4f)%n"
        + "  the mean (0)                    %.4f%n", errors.conditionalMean(), errors.untrainedConditionalMean(),
        errors.oneUpdate(), errors.untrainedOneUpdate(), errors.meanFill());
    Files.writeString(s.out().resolve("fig1a.csv"), String.format(Locale.ROOT,
        "hidden,epochs,images,missing,conditional_mean,one_update,untrained_conditional_mean,untrained_one_update,"
            + "mean_fill%n%d,%d,%d,%.2f,%.6f,%.6f,%.6f,%.6f,%.6f%n", s.hidden(), s.epochs(), rows, s.missing(),
        errors.conditionalMean(), errors.oneUpdate(), errors.untrainedConditionalMean(), errors.untrainedOneUpdate(),
        errors.meanFill()));
    StringBuilder examples = new StringBuilder("class,kind,pixels\n");
    boolean[] shown = new boolean[10];
    for (int r = 0; r < rows; r++) {
      int c = sample.labels()[r];
      if (shown[c]) {
        continue;
      }
      shown[c] = true;
      example(examples, c, "original", x, r, n);
      example(examples, c, "masked", masked, r, n);
      example(examples, c, "conditional-mean", cm, r, n);
      example(examples, c, "one-update", one, r, n);
    }
    Files.writeString(s.out().resolve("examples.csv"), examples);
    return errors;
  }

  /** Per row, exactly round(missing·N) pixels unknown, chosen by a seeded shuffle. */
  static boolean[] masks(int rows, int n, double missing, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int hidden = (int) Math.round(missing * n);
    boolean[] known = new boolean[rows * n];
    int[] order = new int[n];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int k = hidden; k < n; k++) {
        known[r * n + order[k]] = true;
      }
    }
    return known;
  }

  private static double[] reconstruct(SimulationServiceGrpc.SimulationServiceBlockingStub sim, String modelId,
      long version, double[] rows, int count, int n, boolean[] known, ReconstructionMethod method) {
    Matrix.Builder m = Matrix.newBuilder().setRows(count).setCols(n);
    for (double v : rows) {
      m.addValues(v);
    }
    ReconstructRequest.Builder r = ReconstructRequest.newBuilder().setModelId(modelId).setModelVersion(version)
        .setRows(m).setMethod(method);
    for (boolean k : known) {
      r.addKnown(k);
    }
    return sim.reconstruct(r.build()).getRows().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double missingError(double[] filled, float[] truth, boolean[] known) {
    double sum = 0;
    long count = 0;
    for (int k = 0; k < truth.length; k++) {
      if (!known[k]) {
        double d = filled[k] - truth[k];
        sum += d * d;
        count++;
      }
    }
    return sum / count;
  }

  private static void example(StringBuilder out, int c, String kind, double[] values, int row, int n) {
    out.append(c).append(',').append(kind).append(',');
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", values[row * n + i]));
    }
    out.append('\n');
  }

  private static void example(StringBuilder out, int c, String kind, float[] values, int row, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = values[row * n + i];
    }
    example(out, c, kind, d, 0, n);
  }

  /** Writes every line to the console and the run log. */
  private static final class Tee extends PrintStream {
    private final PrintStream second;

    Tee(PrintStream first, PrintStream second) {
      super(first, true, java.nio.charset.StandardCharsets.UTF_8);
      this.second = second;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      super.write(buf, off, len);
      second.write(buf, off, len);
    }
  }
}
