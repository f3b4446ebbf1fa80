package org.ebmsim.load.modern;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ModernHopfieldSpec;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.server.EbmsimServer;

/**
 * Where one update of a modern continuous Hopfield network stops retrieving and starts averaging,
 * on real images: {@code per-class} Fashion-MNIST training images of each of the 10 classes are
 * stored (each image centred by its own mean pixel and scaled to unit variance, so every ‖ξ‖² =
 * 784: with unequal norms the dot product would favour bright images over the cued one), and for every β of a log grid each stored image is cued with
 * {@code noise} of its pixels replaced by N(0, 1) noise and completed by ONE update through the
 * server's Complete RPC. Per β: the fraction retrieved (best pattern = the cued one with cosine ≥
 * 0.95), the mean largest attention weight, the mean weight on the cued image, and the mean
 * cosine of the answer with the cued image and with the mean of all stored images. Writes
 * {@code beta-sweep.csv} and {@code examples.csv} (one cue and its answers, for the picture) and
 * prints a table and the β at which retrieval reaches 50% and 90%. Plot with
 * {@code loadtests/scripts/plot_modern_beta.py}.
 *
 * <p>{@code java -cp loadtests/target/benchmarks.jar org.ebmsim.load.modern.BetaSweepExperiment
 * [--images /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz] [--labels ...labels...gz]
 * [--per-class 10] [--noise 0.3] [--seed 1] [--out docs/modern]}
 */
public final class BetaSweepExperiment {
  /** β from 1e-4 to 10, eight points per decade. */
  static double[] betas() {
    double[] out = new double[41];
    for (int k = 0; k < out.length; k++) {
      out[k] = Math.pow(10, -4 + k / 8.0);
    }
    return out;
  }

  private BetaSweepExperiment() {}

  /** One β of the sweep. */
  record Row(double beta, double retrieved, double maxWeight, double trueWeight, double cosineTrue,
      double cosineMean) {}

  public static void main(String[] args) throws Exception {
    Path images = FashionMnistSample.IMAGES;
    Path labels = FashionMnistSample.LABELS;
    int perClass = 10;
    double noise = 0.3;
    long seed = 1;
    Path out = Path.of("docs/modern");
    for (int k = 0; k + 1 < args.length; k += 2) {
      switch (args[k]) {
        case "--images" -> images = Path.of(args[k + 1]);
        case "--labels" -> labels = Path.of(args[k + 1]);
        case "--per-class" -> perClass = Integer.parseInt(args[k + 1]);
        case "--noise" -> noise = Double.parseDouble(args[k + 1]);
        case "--seed" -> seed = Long.parseLong(args[k + 1]);
        case "--out" -> out = Path.of(args[k + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[k]
            + " (--images, --labels, --per-class, --noise, --seed, --out)");
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
    }
    float[][] stored = storedImages(images, labels, perClass);
    Files.createDirectories(out);
    List<Row> rows = run(stored, noise, seed, out, System.out);
    System.out.printf(Locale.ROOT, "retrieval reaches 50%% at β ≈ %s and 90%% at β ≈ %s%n",
        threshold(rows, 0.5), threshold(rows, 0.9));
  }

  /** The first {@code perClass} images of each class, standardised as the class comment says. */
  static float[][] storedImages(Path images, Path labels, int perClass) throws IOException {
    float[][] raw = FashionMnistSample.firstPerClass(images, labels, perClass).images();
    int n = raw[0].length;
    float[][] out = new float[raw.length][];
    for (int k = 0; k < out.length; k++) {
      float[] img = raw[k];
      double mean = 0;
      for (float v : img) {
        mean += v;
      }
      mean /= n;
      double sq = 0;
      for (float v : img) {
        sq += (v - mean) * (v - mean);
      }
      double scale = Math.sqrt(n / sq);
      out[k] = new float[n];
      for (int i = 0; i < n; i++) {
        out[k][i] = (float) ((img[i] - mean) * scale);
      }
    }
    return out;
  }

  static List<Row> run(float[][] stored, double noise, long seed, Path out, PrintStream log) throws Exception {
    Path dataDir = Files.createTempDirectory("ebmsim-beta-sweep");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dataDir.toString());
    String name = "beta-sweep-" + UUID.randomUUID();
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()),
        name);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      return sweep(stored, noise, seed, channel, out, log);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
      org.ebmsim.load.TempTrees.delete(dataDir);
    }
  }

  private static List<Row> sweep(float[][] stored, double noise, long seed, ManagedChannel channel, Path out,
      PrintStream log) throws IOException {
    ModelServiceGrpc.ModelServiceBlockingStub models = ModelServiceGrpc.newBlockingStub(channel);
    SimulationServiceGrpc.SimulationServiceBlockingStub sim = SimulationServiceGrpc.newBlockingStub(channel);
    int p = stored.length;
    int n = stored[0].length;
    Matrix.Builder xi = Matrix.newBuilder().setRows(p).setCols(n);
    double[] mean = new double[n];
    for (float[] img : stored) {
      for (int i = 0; i < n; i++) {
        xi.addValues(img[i]);
        mean[i] += img[i] / (double) p;
      }
    }
    int side = (int) Math.round(Math.sqrt(n));
    List<Row> rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder("beta,retrieved,max_weight,true_weight,cosine_true,cosine_mean\n");
    StringBuilder examples = new StringBuilder("beta,kind," + "pixels\n");
    log.printf(Locale.ROOT, "%d stored images of %d pixels, %.0f%% of the pixels of each cue replaced by noise%n",
        p, n, 100 * noise);
    log.printf(Locale.ROOT, "%10s %10s %11s %11s %10s %10s%n", "beta", "retrieved", "max weight", "true weight",
        "cos true", "cos mean");
    for (double beta : betas()) {
      ModernHopfieldSpec.Builder spec = ModernHopfieldSpec.newBuilder().setPatterns(xi).setInverseTemperature(beta);
      if (side * side == n) {
        spec.setImageShape(ImageShape.newBuilder().setHeight(side).setWidth(side));
      }
      Model m = models.withDeadlineAfter(1, TimeUnit.MINUTES).createModel(CreateModelRequest.newBuilder()
          .setName("beta-sweep").setModernHopfield(spec).build());
      double retrieved = 0;
      double maxWeight = 0;
      double trueWeight = 0;
      double cosTrue = 0;
      double cosMean = 0;
      for (int mu = 0; mu < p; mu++) {
        CompleteResult r = null;
        var events = sim.withDeadlineAfter(1, TimeUnit.MINUTES).complete(CompleteRequest.newBuilder()
            .setModelId(m.getId()).setSeed(seed * 1_000_003 + mu).setSweeps(1)
            .setNoisy(NoisyCue.newBuilder().setStoredIndex(mu).setFlipFraction(noise).setNoiseSd(1)).build());
        while (events.hasNext()) {
          CompleteEvent e = events.next();
          if (e.hasResult()) {
            r = e.getResult();
          }
        }
        if (r == null) {
          throw new IllegalStateException("the completion of pattern " + mu + " ended without a result");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = r.getCompleted().getValues(i);
        }
        double best = 0;
        for (double w : r.getPatternWeightsList()) {
          best = Math.max(best, w);
        }
        double c = cosine(v, stored[mu]);
        retrieved += r.getBestPattern() == mu && c >= 0.95 ? 1 : 0;
        maxWeight += best;
        trueWeight += r.getPatternWeights(mu);
        cosTrue += c;
        cosMean += cosine(v, mean);
        if (mu == 0) {
          if (rows.isEmpty()) {
            examples.append("0,original,").append(join(stored[0])).append('\n');
            examples.append("0,cue,").append(join(r.getCue().getValuesList())).append('\n');
          }
          examples.append(String.format(Locale.ROOT, "%.6g", beta)).append(",answer,")
              .append(join(r.getCompleted().getValuesList())).append('\n');
        }
      }
      models.deleteModel(DeleteModelRequest.newBuilder().setId(m.getId()).build());
      Row row = new Row(beta, retrieved / p, maxWeight / p, trueWeight / p, cosTrue / p, cosMean / p);
      rows.add(row);
      log.printf(Locale.ROOT, "%10.4g %10.2f %11.4f %11.4f %10.4f %10.4f%n", beta, row.retrieved(), row.maxWeight(),
          row.trueWeight(), row.cosineTrue(), row.cosineMean());
      csv.append(String.format(Locale.ROOT, "%.6g,%.4f,%.6f,%.6f,%.6f,%.6f%n", beta, row.retrieved(), row.maxWeight(),
          row.trueWeight(), row.cosineTrue(), row.cosineMean()));
    }
    Files.writeString(out.resolve("beta-sweep.csv"), csv);
    Files.writeString(out.resolve("examples.csv"), examples);
    return rows;
  }

  /** The smallest β of the sweep at which the retrieved fraction reaches {@code level}, or "never". */
  static String threshold(List<Row> rows, double level) {
    for (Row r : rows) {
      if (r.retrieved() >= level) {
        return String.format(Locale.ROOT, "%.3g", r.beta());
      }
    }
    return "never";
  }

  private static double cosine(double[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double cosine(double[] a, double[] b) {
    float[] f = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      f[i] = (float) b[i];
    }
    return cosine(a, f);
  }

  /** Pixels to 4 significant digits (plenty for a picture, and a quarter of the file). */
  private static String join(float[] v) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", v[i]));
    }
    return s.toString();
  }

  private static String join(List<Float> v) {
    float[] f = new float[v.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = v.get(i);
    }
    return join(f);
  }
}
