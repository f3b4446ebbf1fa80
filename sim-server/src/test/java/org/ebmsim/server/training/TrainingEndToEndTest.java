package org.ebmsim.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainResult;
import org.ebmsim.proto.v1.TrainingCheckpoint;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training over gRPC against ground truth: exact log-likelihoods by enumeration, versions, resume. */
class TrainingEndToEndTest {
  private static final int V = 16;
  private static final int H = 6;

  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private TrainingServiceGrpc.TrainingServiceBlockingStub training;

  @BeforeEach
  void start() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    String name = "training-test-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    training = TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** A binary RBM V×H whose weights start N(0, 0.01²) from the dataset's seed (identical for the same seed). */
  private Model rbm(String datasetId) {
    return models.createModel(CreateModelRequest.newBuilder().setName("trained").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder().setDatasetId(datasetId)
            .setMethod(RbmInitialisation.Method.RANDOM).setHiddenUnits(H).setRandomSd(0.01).setSeed(1))).build());
  }

  private RbmSpec parameters(String id, long version) {
    return models.getModel(GetModelRequest.newBuilder().setId(id).setVersion(version).setIncludeParameters(true)
        .build()).getRbm();
  }

  /** Exact mean log p(v) of the rows under a binary RBM, log Z by enumerating all 2^V visible states. */
  static double exactMeanLogLikelihood(RbmSpec p, DatasetFile data) {
    double[] w = p.getWeights().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
    double[] b = p.getVisibleBiasList().stream().mapToDouble(Double::doubleValue).toArray();
    double[] c = p.getHiddenBiasList().stream().mapToDouble(Double::doubleValue).toArray();
    int v = b.length;
    double[] negF = new double[1 << v];
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < 1 << v; s++) {
      double[] x = new double[v];
      for (int i = 0; i < v; i++) {
        x[i] = (s >> i) & 1;
      }
      negF[s] = negativeFreeEnergy(x, w, b, c);
      max = Math.max(max, negF[s]);
    }
    double sum = 0;
    for (double f : negF) {
      sum += Math.exp(f - max);
    }
    double logZ = max + Math.log(sum);
    double total = 0;
    for (int r = 0; r < data.getRows(); r++) {
      double[] x = new double[v];
      for (int i = 0; i < v; i++) {
        x[i] = data.getValues(r * v + i);
      }
      total += negativeFreeEnergy(x, w, b, c) - logZ;
    }
    return total / data.getRows();
  }

  private static double negativeFreeEnergy(double[] x, double[] w, double[] b, double[] c) {
    int h = c.length;
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      f += b[i] * x[i];
    }
    for (int j = 0; j < h; j++) {
      double a = c[j];
      for (int i = 0; i < x.length; i++) {
        a += x[i] * w[i * h + j];
      }
      f += a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    }
    return f;
  }

  @Test
  void pcdOverGrpc_raisesTheExactLikelihood_writesAVersionPerEpoch_andReportsAnHonestAisEstimate() throws Exception {
    DatasetFile file = TrainingWire.prototypes(300, V, 5);
    Dataset data = TrainingWire.upload(channel, "prototypes", file, 0);
    Model model = rbm(data.getId());
    // 15 batches per epoch, 6 epochs; AIS on all 300 rows at epochs 3 and 6
    TrainRequest request = TrainingWire.pcd(model.getId(), data.getId(), 6, 20).setReportEveryBatches(5)
        .setAisEveryEpochs(3).setAisChains(200).setAisSteps(1000).setEvaluationRows(300).setSamples(2).build();
    List<TrainEvent> events = TrainingWire.all(training.train(request));
    String session = events.get(0).getStarted().getSessionId();
    assertEquals("train", events.get(0).getStarted().getKind());
    assertEquals(90, events.get(0).getStarted().getTotal());
    long lastBatch = 0;
    int epochEnds = 0;
    TrainProgress lastAis = null;
    for (TrainEvent e : events.subList(1, events.size() - 1)) {
      TrainProgress p = e.getProgress();
      assertTrue(p.getBatches() > lastBatch);
      lastBatch = p.getBatches();
      assertEquals(p.getBatches() % 15 == 0, p.getEpochEnd());
      if (p.getEpochEnd()) {
        epochEnds++;
        assertEquals(1 + p.getBatches() / 15, p.getModelVersion());
        assertEquals(2, p.getSamplesCount());
        assertTrue(p.getWeightNormsMap().get("W") > 0);
      }
      assertEquals(p.getBatches() == 45 || p.getBatches() == 90, p.hasAis(), "AIS at batch " + p.getBatches());
      if (p.hasAis()) {
        lastAis = p;
      }
      assertEquals(300, p.getTrain().getRows());
      assertTrue(Double.isFinite(p.getTrain().getPseudoLogLikelihood()));
    }
    assertEquals(6, epochEnds);
    TrainResult result = events.get(events.size() - 1).getResult();
    assertEquals(7, result.getModelVersion());

    List<ModelVersion> versions = models.listModelVersions(ListModelVersionsRequest.newBuilder()
        .setId(model.getId()).build()).getVersionsList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), versions.stream().map(ModelVersion::getVersion).toList());
    assertEquals(session, versions.get(3).getTrainingSession());
    assertEquals(45, versions.get(3).getTrainingBatches());
    assertEquals(2, versions.get(3).getTrainingEpoch());

    double before = exactMeanLogLikelihood(parameters(model.getId(), 1), file);
    double after = exactMeanLogLikelihood(parameters(model.getId(), 7), file);
    assertTrue(after > before + 1, "exact log-likelihood " + before + " -> " + after);
    // the AIS estimate of the final version against the exact value: within 3 standard errors + 0.05
    double ais = lastAis.getAis().getLogLikelihood();
    double se = lastAis.getAis().getStandardError();
    assertTrue(Math.abs(ais - after) < 3 * se + 0.05, "AIS " + ais + " ± " + se + " vs exact " + after);

    // sessions of other kinds run on any stored version
    Iterator<AnnealEvent> anneal = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60,
        TimeUnit.SECONDS).anneal(AnnealRequest.newBuilder().setModelId(model.getId()).setModelVersion(2)
        .setChains(4).setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2)
            .setTEnd(1).setSteps(3))).build());
    assertEquals(2, anneal.next().getStarted().getModelVersion());
    anneal.forEachRemaining(e -> { });
  }

  private static void expect(Status.Code code, String fragment, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
    assertTrue(String.valueOf(e.getStatus().getDescription()).contains(fragment),
        "\"" + e.getStatus().getDescription() + "\" should mention \"" + fragment + "\"");
  }

  @Test
  void badRequests_getPreciseStatuses_andWriteNothing() throws Exception {
    Dataset data = TrainingWire.upload(channel, "prototypes", TrainingWire.prototypes(100, V, 5), 0);
    Dataset narrow = TrainingWire.upload(channel, "narrow", TrainingWire.prototypes(100, V - 1, 5), 0);
    Model model = rbm(data.getId());
    String id = model.getId();
    expect(Status.Code.NOT_FOUND, "d-0000000000000000",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, "d-0000000000000000", 1, 10).build())));
    expect(Status.Code.FAILED_PRECONDITION, "15 columns",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, narrow.getId(), 1, 10).build())));
    expect(Status.Code.INVALID_ARGUMENT, "learning_rate.initial",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 1, 10)
            .setLearningRate(LearningRate.newBuilder().setInitial(Double.NaN)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "method is required",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 1, 10)
            .setMethod(TrainingMethod.TRAINING_METHOD_UNSPECIFIED).build())));
    expect(Status.Code.FAILED_PRECONDITION, "cannot be trained with VALLEYS",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 1, 10)
            .setMethod(TrainingMethod.VALLEYS).build())));
    expect(Status.Code.INVALID_ARGUMENT, "epochs",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 0, 10).build())));
    expect(Status.Code.INVALID_ARGUMENT, "batch_size",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 1, 101).build())));
    expect(Status.Code.NOT_FOUND, "no version 9",
        () -> TrainingWire.all(training.train(TrainingWire.pcd(id, data.getId(), 1, 10).setModelVersion(9).build())));
    expect(Status.Code.NOT_FOUND, "no checkpoint",
        () -> TrainingWire.all(training.resumeTraining(ResumeTrainingRequest.newBuilder()
            .setSessionId("s-0000000000000000").build())));
    // class-based initialisation of a dataset without labels
    DatasetFile unlabelled = TrainingWire.prototypes(100, V, 5).toBuilder().clearLabels().build();
    Dataset plain = TrainingWire.upload(channel, "plain", unlabelled, 0);
    expect(Status.Code.INVALID_ARGUMENT, "labels", () -> models.createModel(CreateModelRequest.newBuilder()
        .setRbm(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder()
            .setDatasetId(plain.getId()).setMethod(RbmInitialisation.Method.PROJECTION).setHiddenUnits(4)))
        .build()));
    assertEquals(1, models.listModelVersions(ListModelVersionsRequest.newBuilder().setId(id).build())
        .getVersionsCount());
    assertEquals(0, training.listCheckpoints(ListCheckpointsRequest.getDefaultInstance()).getCheckpointsCount());
  }

  @Test
  void stoppedTraining_resumesFromItsCheckpoint_toTheSameWeightsAsAnUninterruptedRun() throws Exception {
    DatasetFile file = TrainingWire.prototypes(400, V, 9);
    Dataset data = TrainingWire.upload(channel, "prototypes", file, 0.25);
    Model a = rbm(data.getId());
    Model b = rbm(data.getId());
    // 30 batches per epoch x 40 epochs; checkpoints every 7 batches (not aligned with epochs)
    TrainRequest.Builder request = TrainingWire.pcd(a.getId(), data.getId(), 40, 10).setReportEveryBatches(1)
        .setCheckpointEveryBatches(7).setWeightDecay(1e-4)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.05).setKind(LearningRate.Kind.EXPONENTIAL)
            .setFactor(0.95));
    Iterator<TrainEvent> stream = training.train(request.build());
    String session = stream.next().getStarted().getSessionId();
    stream.next();
    SessionServiceGrpc.newBlockingStub(channel).stopSession(StopSessionRequest.newBuilder().setSessionId(session)
        .build());
    assertThrows(StatusRuntimeException.class, () -> stream.forEachRemaining(e -> { }));
    TrainingCheckpoint checkpoint = training.listCheckpoints(ListCheckpointsRequest.getDefaultInstance())
        .getCheckpoints(0);
    assertEquals(session, checkpoint.getSessionId());
    assertFalse(checkpoint.getFinished());
    assertTrue(checkpoint.getBatches() >= 1 && checkpoint.getBatches() < 1200, "at " + checkpoint.getBatches());

    List<TrainEvent> resumed = TrainingWire.all(training.resumeTraining(ResumeTrainingRequest.newBuilder()
        .setSessionId(session).build()));
    assertEquals(1200, resumed.get(resumed.size() - 1).getResult().getBatches());
    TrainProgress first = resumed.get(1).getProgress();
    assertTrue(first.getBatches() > checkpoint.getBatches());

    List<TrainEvent> whole = TrainingWire.all(training.train(request.setModelId(b.getId()).build()));
    RbmSpec resumedWeights = parameters(a.getId(), 0);
    RbmSpec wholeWeights = parameters(b.getId(), 0);
    assertEquals(wholeWeights.getWeights(), resumedWeights.getWeights());
    assertEquals(wholeWeights.getVisibleBiasList(), resumedWeights.getVisibleBiasList());
    assertEquals(wholeWeights.getHiddenBiasList(), resumedWeights.getHiddenBiasList());
    assertEquals(whole.get(whole.size() - 1).getResult().getHeldOut(),
        resumed.get(resumed.size() - 1).getResult().getHeldOut());
    // a finished training has nothing to resume
    expect(Status.Code.FAILED_PRECONDITION, "ran to its end", () -> TrainingWire.all(training.resumeTraining(
        ResumeTrainingRequest.newBuilder().setSessionId(resumed.get(0).getStarted().getSessionId()).build())));
  }
}
