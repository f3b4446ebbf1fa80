package org.ebmsim.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HarmoniumPotential;
import org.ebmsim.proto.v1.HarmoniumSpec;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
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
 * The harmonium family over gRPC, against closed forms written here for F = x²/2 (visible law
 * {@code p(σ) ∝ exp(β Σ_μ (ξ_μ·σ)²/2)}, enumerated for N = 8): Anneal's chain energies average to
 * the exact mean free energy within 4 standard errors, and CD-1 through Train raises the exact
 * log-likelihood of data drawn from a teacher by more than 0.5 nats per row. Parameters round-trip
 * through GetModel; bad specs and unsupported methods get precise statuses.
 */
class HarmoniumEndToEndTest {
  private static final int N = 8;
  private static final int P = 2;
  private static final int ROWS = 1000;

  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;
  private TrainingServiceGrpc.TrainingServiceBlockingStub training;

  @BeforeEach
  void start() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    String name = "harmonium-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    sim = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    training = TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
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

  private static Matrix matrix(double[] xi) {
    Matrix.Builder m = Matrix.newBuilder().setRows(P).setCols(N);
    for (double v : xi) {
      m.addValues(v);
    }
    return m.build();
  }

  /** −F(σ) = β Σ_μ (ξ_μ·σ)²/2 for every state s (bit i set ⇔ σ_i = +1). */
  private static double[] logWeights(double[] xi, double beta) {
    double[] w = new double[1 << N];
    for (int s = 0; s < w.length; s++) {
      for (int mu = 0; mu < P; mu++) {
        double in = 0;
        for (int i = 0; i < N; i++) {
          in += xi[mu * N + i] * (((s >> i) & 1) == 1 ? 1 : -1);
        }
        w[s] += beta * in * in / 2;
      }
    }
    return w;
  }

  private static double logZ(double[] logW) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : logW) {
      max = Math.max(max, x);
    }
    double z = 0;
    for (double x : logW) {
      z += Math.exp(x - max);
    }
    return max + Math.log(z);
  }

  private Model create(double[] xi, double beta) {
    return models.createModel(CreateModelRequest.newBuilder().setName("h").setHarmonium(HarmoniumSpec.newBuilder()
        .setPatterns(matrix(xi)).setInverseTemperature(beta)).build());
  }

  private double[] patterns(String id) {
    HarmoniumSpec p = models.getModel(GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build())
        .getHarmonium();
    return p.getPatterns().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void anneal_energiesAverageToTheExactMeanFreeEnergy() {
    double[] xi = gaussian(P * N, 0.3, 1);
    double beta = 1.0;
    Model m = create(xi, beta);
    assertEquals("harmonium", m.getFamily());
    HarmoniumSpec stored = models.getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true)
        .build()).getHarmonium();
    assertEquals(HarmoniumPotential.HARMONIUM_QUADRATIC, stored.getPotential());
    assertEquals(beta, stored.getInverseTemperature());
    double[] logW = logWeights(xi, beta);
    double lz = logZ(logW);
    double mean = 0;
    double second = 0;
    for (double lw : logW) {
      double p = Math.exp(lw - lz);
      mean += p * -lw;
      second += p * lw * lw;
    }
    double sd = Math.sqrt(second - mean * mean);
    int chains = 400;
    int sweeps = 40;
    List<AnnealEvent> events = new ArrayList<>();
    sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(chains).setSeed(17)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(1).setSteps(1))
            .setSweepsPerTemperature(sweeps)).setReportEverySweeps(1).build()).forEachRemaining(events::add);
    double sum = 0;
    int reports = 0;
    for (AnnealEvent e : events) {
      if (e.hasProgress()) {
        reports++;
        if (reports > 10) { // after 10 sweeps of burn-in
          sum += e.getProgress().getEnergy().getMean();
        }
      }
    }
    assertEquals(sweeps, reports);
    double measured = sum / (reports - 10);
    // a time average of each chain varies less than one state: sd/√chains is a conservative error
    double se = sd / Math.sqrt(chains);
    assertTrue(Math.abs(measured - mean) < 4 * se, "mean free energy " + measured + " vs exact " + mean + " ± " + se);
  }

  @Test
  void train_cd_raisesTheExactLogLikelihood() throws Exception {
    double[] teacher = gaussian(P * N, 0.5, 2);
    double[] logW = logWeights(teacher, 1);
    double lz = logZ(logW);
    double[] cdf = new double[logW.length];
    double acc = 0;
    for (int s = 0; s < cdf.length; s++) {
      acc += Math.exp(logW[s] - lz);
      cdf[s] = acc;
    }
    SplittableRandom rng = new SplittableRandom(3);
    DatasetFile.Builder f = DatasetFile.newBuilder().setRows(ROWS).setCols(N);
    int[] states = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      double u = rng.nextDouble() * acc;
      int s = 0;
      while (s < cdf.length - 1 && cdf[s] <= u) {
        s++;
      }
      states[r] = s;
      for (int i = 0; i < N; i++) {
        f.addValues(((s >> i) & 1) == 1 ? 1f : -1f);
      }
    }
    Dataset d = TrainingWire.upload(channel, "harmonium-teacher", f.build(), 0);
    Model m = create(gaussian(P * N, 0.05, 4), 1);
    double before = meanLogLikelihood(patterns(m.getId()), states);
    List<TrainEvent> events = TrainingWire.all(training.train(TrainRequest.newBuilder().setModelId(m.getId())
        .setDatasetId(d.getId()).setMethod(TrainingMethod.CD).setEpochs(40).setBatchSize(20).setMomentum(0.5)
        .setSeed(5).setFinalVersionOnly(true).setLearningRate(LearningRate.newBuilder().setInitial(0.01)).build()));
    assertTrue(events.get(events.size() - 1).hasResult(), "the session ends with a result");
    double after = meanLogLikelihood(patterns(m.getId()), states);
    double teacherLl = meanLogLikelihood(teacher, states);
    assertTrue(after - before > 0.5, "log-likelihood " + before + " -> " + after + " (teacher " + teacherLl + ")");
    assertTrue(teacherLl - after < 0.1, "log-likelihood " + after + ", teacher " + teacherLl);
  }

  private static double meanLogLikelihood(double[] xi, int[] states) {
    double[] logW = logWeights(xi, 1);
    double lz = logZ(logW);
    double s = 0;
    for (int st : states) {
      s += logW[st] - lz;
    }
    return s / states.length;
  }

  /**
   * One log-cosh pattern ξ = s* (a = 1, β = 1): p(σ) ∝ Z(s*·σ)² with log Z(I) ≈ I²/2 + |I| − log 2,
   * so with half of s* clamped each unknown unit sits on s* with odds above e^10. Gibbs completion
   * (STOCHASTIC at T = 1) holds every unknown unit at s* in at least 95% of the averaged states.
   */
  @Test
  void complete_fillsTheUnknownUnitsOfAPattern() {
    int[] star = {1, -1, -1, 1, 1, 1, -1, 1};
    Matrix.Builder xi = Matrix.newBuilder().setRows(1).setCols(N);
    org.ebmsim.proto.v1.MaskedCue.Builder cue = org.ebmsim.proto.v1.MaskedCue.newBuilder();
    for (int i = 0; i < N; i++) {
      xi.addValues(star[i]);
      cue.addValues(i < N / 2 ? star[i] : 0).addKnown(i < N / 2);
    }
    Model m = models.createModel(CreateModelRequest.newBuilder().setHarmonium(HarmoniumSpec.newBuilder()
        .setPatterns(xi).setPotential(HarmoniumPotential.HARMONIUM_LOG_COSH)).build());
    List<org.ebmsim.proto.v1.CompleteEvent> events = new ArrayList<>();
    sim.complete(org.ebmsim.proto.v1.CompleteRequest.newBuilder().setModelId(m.getId()).setMasked(cue)
        .setMode(org.ebmsim.proto.v1.CompletionMode.STOCHASTIC).setTemperature(1).setSweeps(40).setAverageLast(20)
        .setSeed(3).build()).forEachRemaining(events::add);
    var result = events.get(events.size() - 1).getResult();
    for (int i = 0; i < N; i++) {
      assertEquals((star[i] + 1) / 2.0, result.getUnitMeans(i), 0.05, "fraction of samples at +1, unit " + i);
    }
  }

  private void expect(Status.Code code, String fragment, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(fragment), e.getStatus().getDescription());
  }

  @Test
  void badSpecsAndMethods_getPreciseStatuses() {
    double[] xi = gaussian(P * N, 0.3, 1);
    expect(Status.Code.INVALID_ARGUMENT, "potential_parameter", () -> models.createModel(CreateModelRequest
        .newBuilder().setHarmonium(HarmoniumSpec.newBuilder().setPatterns(matrix(xi))
            .setPotential(HarmoniumPotential.HARMONIUM_RECTIFIED_POWER).setPotentialParameter(1.5)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "potential_parameter", () -> models.createModel(CreateModelRequest
        .newBuilder().setHarmonium(HarmoniumSpec.newBuilder().setPatterns(matrix(xi))
            .setPotential(HarmoniumPotential.HARMONIUM_LOG_COSH).setPotentialParameter(-1)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "inverse_temperature", () -> models.createModel(CreateModelRequest
        .newBuilder().setHarmonium(HarmoniumSpec.newBuilder().setPatterns(matrix(xi)).setInverseTemperature(-2))
        .build()));
    expect(Status.Code.INVALID_ARGUMENT, "patterns is required", () -> models.createModel(CreateModelRequest
        .newBuilder().setHarmonium(HarmoniumSpec.newBuilder().setInverseTemperature(1)).build()));
    Model logCosh = models.createModel(CreateModelRequest.newBuilder().setHarmonium(HarmoniumSpec.newBuilder()
        .setPatterns(matrix(xi)).setPotential(HarmoniumPotential.HARMONIUM_LOG_COSH)).build());
    HarmoniumSpec stored = models.getModel(GetModelRequest.newBuilder().setId(logCosh.getId())
        .setIncludeParameters(true).build()).getHarmonium();
    assertEquals(1.0, stored.getPotentialParameter(), "the default a = 1 is written out");
    assertEquals(1.0, stored.getInverseTemperature(), "the default β = 1 is written out");
  }

  @Test
  void train_withAMethodOtherThanCd_isRefused() throws Exception {
    DatasetFile.Builder f = DatasetFile.newBuilder().setRows(4).setCols(N);
    for (int k = 0; k < 4 * N; k++) {
      f.addValues(k % 3 == 0 ? 1f : -1f);
    }
    Dataset d = TrainingWire.upload(channel, "tiny", f.build(), 0);
    Model m = create(gaussian(P * N, 0.1, 8), 1);
    expect(Status.Code.FAILED_PRECONDITION, "cannot be trained with PCD", () -> TrainingWire.all(training.train(
        TrainingWire.pcd(m.getId(), d.getId(), 1, 2).build())));
  }
}
