package org.ebmsim.server.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.proto.v1.AttnBmParameters;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training an attentional Boltzmann machine through the Train RPC, on 600 exact samples of a
 * teacher AttnBM (N = 4, p = 3, β = 1). Ground truth is the likelihood itself: a maximum
 * likelihood fit must reach at least the teacher's own log-likelihood on the data it was fit to
 * (up to the noise of stochastic gradient steps), and the full-batch gradient must nearly
 * vanish where it stops. Denoising score matching lowers its reconstruction error and raises the
 * likelihood too. Same request and seed give the same parameters; the rules that need chains
 * and the settings that do not apply get precise statuses.
 */
class AttnBmTrainingEndToEndTest {
  private static final int N = 4;
  private static final int P = 3;
  private static final int ROWS = 600;

  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private TrainingServiceGrpc.TrainingServiceBlockingStub training;
  private double[] rows;
  private String datasetId;

  @BeforeEach
  void start() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    String name = "attnbm-training-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    training = TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    AttnBm teacher = AttnBm.of(N, P, gaussian(P * N, 1.5, 1), 1);
    rows = teacher.sample(ROWS, new SplittableRandom(2));
    DatasetFile.Builder f = DatasetFile.newBuilder().setRows(ROWS).setCols(N);
    for (double x : rows) {
      f.addValues((float) x);
    }
    for (int k = 0; k < rows.length; k++) {
      rows[k] = (float) rows[k]; // what the server trains on
    }
    Dataset d = TrainingWire.upload(channel, "teacher-samples", f.build(), 0);
    datasetId = d.getId();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static double[] gaussian(int count, double sd, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      out[k] = sd * r.nextGaussian();
    }
    return out;
  }

  private static Matrix matrix(int rows, int cols, double[] values) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (double v : values) {
      m.addValues(v);
    }
    return m.build();
  }

  /** A student with small random patterns (seed 9), β = 1, zero biases. */
  private Model student() {
    return models.createModel(CreateModelRequest.newBuilder().setName("student").setAttnbm(AttnBmSpec.newBuilder()
        .setPatterns(matrix(P, N, gaussian(P * N, 0.3, 9))).setInverseTemperature(1)).build());
  }

  private AttnBm parameters(String id) {
    AttnBmParameters p = models.getModel(GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build())
        .getAttnbm();
    return AttnBm.of(N, P, p.getPatterns().getValuesList().stream().mapToDouble(Double::doubleValue).toArray(),
        p.getVisibleBiasList().stream().mapToDouble(Double::doubleValue).toArray(),
        p.getHiddenBiasList().stream().mapToDouble(Double::doubleValue).toArray(), p.getInverseTemperature());
  }

  private TrainRequest.Builder request(String modelId, TrainingMethod method) {
    return TrainRequest.newBuilder().setModelId(modelId).setDatasetId(datasetId).setMethod(method).setEpochs(100)
        .setBatchSize(50).setMomentum(0.5).setSeed(5).setFinalVersionOnly(true)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.3).setKind(LearningRate.Kind.EXPONENTIAL)
            .setFactor(0.96));
  }

  private static double norm(AttnBm m, double[] rows) {
    var g = m.negativeLogLikelihoodGradient(rows, ROWS);
    double s = 0;
    for (double[] a : new double[][] {g.patterns(), g.visibleBias(), g.hiddenBias()}) {
      for (double x : a) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  @Test
  void exactLikelihood_reachesTheTeachersLikelihood_whereTheGradientVanishes() {
    AttnBm teacher = AttnBm.of(N, P, gaussian(P * N, 1.5, 1), 1);
    Model m = student();
    AttnBm start = parameters(m.getId());
    List<TrainEvent> events = TrainingWire.all(training.train(request(m.getId(), TrainingMethod.EXACT_LIKELIHOOD)
        .build()));
    assertTrue(events.get(events.size() - 1).hasResult(), "the session ends with a result");
    AttnBm fit = parameters(m.getId());
    double teacherLl = teacher.meanLogLikelihood(rows, ROWS);
    double startLl = start.meanLogLikelihood(rows, ROWS);
    double fitLl = fit.meanLogLikelihood(rows, ROWS);
    assertTrue(fitLl > startLl + 0.5, "training raised the likelihood: " + startLl + " -> " + fitLl);
    // 19 parameters fit to 600 rows: the global maximum lies about 19/(2·600) ≈ 0.016 nats above
    // the truth; full-batch descent from this start stops at −5.713 (a maximum 0.005 above the
    // teacher's −5.718), and 1200 momentum steps with a decaying rate come within 0.003 of it
    assertTrue(fitLl >= teacherLl - 0.01, "a maximum-likelihood fit is about as likely as the truth on its own"
        + " data: fit " + fitLl + ", teacher " + teacherLl);
    assertTrue(norm(fit, rows) < 0.1 * norm(start, rows), "the full-batch gradient nearly vanishes: "
        + norm(start, rows) + " -> " + norm(fit, rows));

    // same request and seed, same parameters
    Model again = student();
    TrainingWire.all(training.train(request(again.getId(), TrainingMethod.EXACT_LIKELIHOOD).build()));
    AttnBm twin = parameters(again.getId());
    assertArrayEquals(fit.patterns(), twin.patterns(), 0);
    assertArrayEquals(fit.visibleBias(), twin.visibleBias(), 0);
    assertArrayEquals(fit.hiddenBias(), twin.hiddenBias(), 0);
  }

  @Test
  void denoisingScoreMatching_lowersItsReconstructionError_andRaisesTheLikelihood() {
    Model m = student();
    AttnBm start = parameters(m.getId());
    List<TrainEvent> events = TrainingWire.all(training.train(request(m.getId(),
        TrainingMethod.DENOISING_SCORE_MATCHING).setNoiseSd(0.5).build()));
    List<Double> errors = events.stream().filter(e -> e.hasProgress() && e.getProgress().getEpochEnd())
        .map(e -> e.getProgress().getTrain().getReconstructionError()).toList();
    assertEquals(100, errors.size(), "one report per epoch");
    double startError = 0;
    double[] retrieved = start.retrieve(rows, ROWS);
    for (int k = 0; k < rows.length; k++) {
      startError += (retrieved[k] - rows[k]) * (retrieved[k] - rows[k]) / rows.length;
    }
    // the one-step retrieval error cannot go below the data's unit noise variance (≈ 1)
    assertTrue(errors.get(errors.size() - 1) < 0.5 * startError && errors.get(errors.size() - 1) > 0.8,
        "reconstruction error from " + startError + ": " + errors);
    assertTrue(events.stream().filter(TrainEvent::hasProgress).allMatch(e -> e.getProgress().getWeightNormsMap()
        .containsKey("ξ")), "‖ξ‖ reported");
    AttnBm fit = parameters(m.getId());
    assertTrue(fit.meanLogLikelihood(rows, ROWS) > start.meanLogLikelihood(rows, ROWS) + 0.3,
        "score matching also raises the likelihood");
  }

  private static void expect(Status.Code code, String fragment, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(String.valueOf(e.getStatus().getDescription()).contains(fragment), e.getStatus().toString());
  }

  @Test
  void rulesThatNeedChains_andSettingsThatDoNotApply_getPreciseStatuses() {
    String id = student().getId();
    expect(Status.Code.FAILED_PRECONDITION, "cannot be trained with CD",
        () -> TrainingWire.all(training.train(request(id, TrainingMethod.CD).build())));
    expect(Status.Code.INVALID_ARGUMENT, "noise_sd applies to DENOISING_SCORE_MATCHING only",
        () -> TrainingWire.all(training.train(request(id, TrainingMethod.EXACT_LIKELIHOOD).setNoiseSd(1).build())));
    expect(Status.Code.INVALID_ARGUMENT, "noise_sd must be finite",
        () -> TrainingWire.all(training.train(request(id, TrainingMethod.DENOISING_SCORE_MATCHING).setNoiseSd(-1)
            .build())));
    String hot = models.createModel(CreateModelRequest.newBuilder().setAttnbm(AttnBmSpec.newBuilder()
        .setPatterns(matrix(P, N, gaussian(P * N, 0.3, 9))).setInverseTemperature(1.5)).build()).getId();
    expect(Status.Code.INVALID_ARGUMENT, "integer",
        () -> TrainingWire.all(training.train(request(hot, TrainingMethod.EXACT_LIKELIHOOD).build())));
    // samples are exact draws at T = 1: there only where β is a positive integer
    expect(Status.Code.FAILED_PRECONDITION, "positive integer", () -> TrainingWire.all(training.train(
        request(hot, TrainingMethod.DENOISING_SCORE_MATCHING).setSamples(2).build())));
    String rbm = models.createModel(CreateModelRequest.newBuilder().setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.GAUSSIAN_BERNOULLI).setWeights(matrix(N, 2, new double[2 * N]))).build()).getId();
    expect(Status.Code.FAILED_PRECONDITION, "cannot be trained with EXACT_LIKELIHOOD",
        () -> TrainingWire.all(training.train(request(rbm, TrainingMethod.EXACT_LIKELIHOOD).build())));
  }
}
