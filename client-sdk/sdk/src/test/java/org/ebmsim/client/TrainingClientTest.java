package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainResult;
import org.ebmsim.proto.v1.TrainingCheckpoint;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's TrainingService calls, model versions and learning-rate steering against
 * {@link FakeEbmsimServer}, whose canned run has 4 batches per epoch and writes a version at
 * every epoch end.
 */
class TrainingClientTest {
  private static final String RBM = "m-00000000000000bb";
  private static final String DATASET = "d-0000000000000001";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private FakeEbmsimServer server;
  private EbmsimClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEbmsimServer();
    server.put(FakeEbmsimServer.rbmImageModel(RBM));
    client = EbmsimClient.create(server.newChannel());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private static List<TrainEvent> all(EventStream<TrainEvent> events) {
    List<TrainEvent> out = new ArrayList<>();
    try (events) {
      events.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void train_streamsStartedProgressAndResult_writesAVersionPerEpoch_listedWithTheirTraining() {
    TrainRequest request = TrainRequests.pcd(RBM, DATASET, 1, 3, LearningRates.exponential(0.1, 0.5))
        .setReportEveryBatches(2).setSeed(7).build();

    List<TrainEvent> events = all(client.train(request));

    assertEquals(request, server.requests(TrainRequest.class).get(0), "the request reached the server as built");
    SessionStarted started = events.get(0).getStarted();
    assertEquals("train", started.getKind());
    assertEquals(12, started.getTotal(), "3 epochs of 4 batches");
    List<TrainProgress> progress = events.stream().filter(TrainEvent::hasProgress).map(TrainEvent::getProgress)
        .toList();
    assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L), progress.stream().map(TrainProgress::getBatches).toList(),
        "every 2 batches");
    List<TrainProgress> epochEnds = progress.stream().filter(TrainProgress::getEpochEnd).toList();
    assertEquals(List.of(0.1, 0.05, 0.025), epochEnds.stream().map(TrainProgress::getLearningRate).toList());
    assertEquals(List.of(2L, 3L, 4L), epochEnds.stream().map(TrainProgress::getModelVersion).toList());
    TrainResult result = events.get(events.size() - 1).getResult();
    assertEquals(4, result.getModelVersion());
    assertEquals(12, result.getBatches());

    List<ModelVersion> versions = client.listModelVersions(RBM);
    assertEquals(List.of(1L, 2L, 3L, 4L), versions.stream().map(ModelVersion::getVersion).toList());
    assertEquals("", versions.get(0).getTrainingSession(), "version 1 is the created model");
    ModelVersion second = versions.get(2);
    assertEquals(started.getSessionId(), second.getTrainingSession());
    assertEquals(8, second.getTrainingBatches());
    assertEquals(1, second.getTrainingEpoch());
  }

  @Test
  void getModel_atAVersion_describesThatVersionAndTheLatest_unknownVersionIsNotFound() {
    all(client.train(TrainRequests.cd(RBM, DATASET, 1, 2, LearningRates.constant(0.1)).build()));

    Model v2 = client.getModel(RBM, 2, false);
    Model latest = client.getModel(RBM, 0, false);

    assertEquals(2, v2.getVersion());
    assertEquals(3, v2.getLatestVersion());
    assertEquals(4, v2.getVersionInfo().getTrainingBatches());
    assertEquals(3, latest.getVersion());
    EbmsimException missing = assertThrows(EbmsimException.class, () -> client.getModel(RBM, 9, false));
    assertEquals(Status.Code.NOT_FOUND, missing.code());
    assertThrows(IllegalArgumentException.class, () -> client.getModel(RBM, -1, false));
  }

  @Test
  void sessionsOfOtherKinds_runOnAStoredVersion_andFailOnAVersionNotStored() {
    all(client.train(TrainRequests.cd(RBM, DATASET, 1, 1, LearningRates.constant(0.1)).build()));

    try (EventStream<org.ebmsim.proto.v1.AnnealEvent> events = client.anneal(AnnealRequest.newBuilder()
        .setModelId(RBM).setModelVersion(1).setChains(2).setSchedule(Schedules.linear(2, 1, 2)).build())) {
      assertEquals(1, events.next().getStarted().getModelVersion());
    }
    EbmsimException e = assertThrows(EbmsimException.class, () -> {
      try (EventStream<org.ebmsim.proto.v1.AnnealEvent> events = client.anneal(AnnealRequest.newBuilder()
          .setModelId(RBM).setModelVersion(5).setChains(2).setSchedule(Schedules.linear(2, 1, 2)).build())) {
        events.next();
      }
    });
    assertEquals(Status.Code.NOT_FOUND, e.code());
  }

  @Test
  void train_withObserver_callsBackInOrder() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    SessionHandle handle = client.train(TrainRequests.cd(RBM, DATASET, 1, 2, LearningRates.constant(0.1)).build(),
        new SessionObserver<TrainProgress, TrainResult>() {
          @Override
          public void onStarted(SessionStarted started) {
            calls.add("started " + started.getKind());
          }

          @Override
          public void onProgress(TrainProgress p) {
            calls.add("epoch " + p.getEpoch());
          }

          @Override
          public void onResult(TrainResult r) {
            calls.add("result v" + r.getModelVersion());
          }

          @Override
          public void onError(EbmsimException error) {
            calls.add("error " + error.code());
          }

          @Override
          public void onCompleted() {
            calls.add("completed");
          }
        });

    assertTrue(handle.awaitTermination(WAIT));
    assertEquals(List.of("started train", "epoch 0", "epoch 1", "result v3", "completed"), calls);
  }

  @Test
  void trainDetached_stop_resumeTraining_continuesFromTheCheckpointAsANewSession() {
    SessionStarted started = client.trainDetached(
        TrainRequests.pcd(RBM, DATASET, 1, 3, LearningRates.constant(0.1)).build());
    assertTrue(started.getDetached());
    assertTrue(server.requests(TrainRequest.class).get(0).getDetached());
    String id = started.getSessionId();

    EbmsimException running = assertThrows(EbmsimException.class, () -> all(client.resumeTraining(id)));
    assertEquals(Status.Code.FAILED_PRECONDITION, running.code(), "a running training cannot be resumed");
    TrainingCheckpoint before = client.listCheckpoints().get(0);
    assertEquals(id, before.getSessionId());
    assertFalse(before.getFinished());
    assertEquals(6, before.getBatches());
    assertEquals(SessionState.STOPPED, client.stopSession(id).getState());

    List<TrainEvent> resumed = all(client.resumeTraining(id));

    String next = resumed.get(0).getStarted().getSessionId();
    assertFalse(next.equals(id), "a resumed training is a new session");
    List<Long> batches = resumed.stream().filter(TrainEvent::hasProgress).map(e -> e.getProgress().getBatches())
        .toList();
    assertEquals(List.of(8L, 12L), batches, "from batch 7 on: the ends of epochs 2 and 3");
    assertEquals(12, resumed.get(resumed.size() - 1).getResult().getBatches());
    List<TrainingCheckpoint> after = client.listCheckpoints();
    assertEquals(List.of(next, id), after.stream().map(TrainingCheckpoint::getSessionId).toList(), "newest first");
    assertTrue(after.get(0).getFinished());
    EbmsimException finished = assertThrows(EbmsimException.class, () -> all(client.resumeTraining(next)));
    assertEquals(Status.Code.FAILED_PRECONDITION, finished.code());
    EbmsimException unknown = assertThrows(EbmsimException.class, () -> all(client.resumeTraining("s-none")));
    assertEquals(Status.Code.NOT_FOUND, unknown.code());
  }

  @Test
  void resumeTrainingDetached_returnsTheNewSessionsStartedEvent() {
    String id = client.trainDetached(TrainRequests.cd(RBM, DATASET, 1, 3, LearningRates.constant(0.1)).build())
        .getSessionId();
    client.stopSession(id);

    SessionStarted resumed = client.resumeTrainingDetached(id);

    assertTrue(resumed.getDetached());
    assertEquals("train", resumed.getKind());
    assertFalse(resumed.getSessionId().equals(id));
  }

  @Test
  void steerLearningRate_onATrainingSession_isRecorded_otherKindsRefuseIt() {
    String id = client.trainDetached(TrainRequests.cd(RBM, DATASET, 1, 3, LearningRates.constant(0.1)).build())
        .getSessionId();

    Steered steered = client.steerSession(id, SteerActions.learningRate(0.01));

    assertEquals(0.01, steered.getAction().getLearningRate());
    assertEquals(List.of(steered), client.getSession(id).getSteeringList());
    String anneal = client.annealDetached(AnnealRequest.newBuilder().setModelId(RBM).setChains(2)
        .setSchedule(Schedules.linear(2, 1, 2)).build()).getSessionId();
    EbmsimException e = assertThrows(EbmsimException.class,
        () -> client.steerSession(anneal, SteerActions.learningRate(0.01)));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
  }

  @Test
  void learningRateSteering_rejectsRatesThatCannotBeRight() {
    for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> SteerActions.learningRate(bad), "rate " + bad);
    }
  }

  @Test
  void learningRates_scheduleOfEachEpoch_matchesTheClosedForms() {
    LearningRate constant = LearningRates.constant(0.2);
    LearningRate exp = LearningRates.exponential(0.2, 0.5);
    LearningRate step = LearningRates.step(0.2, 0.5, 2);

    assertEquals(0.2, LearningRates.at(constant, 9));
    assertEquals(List.of(0.2, 0.1, 0.05, 0.025), List.of(LearningRates.at(exp, 0), LearningRates.at(exp, 1),
        LearningRates.at(exp, 2), LearningRates.at(exp, 3)));
    assertEquals(List.of(0.2, 0.2, 0.1, 0.1, 0.05), List.of(LearningRates.at(step, 0), LearningRates.at(step, 1),
        LearningRates.at(step, 2), LearningRates.at(step, 3), LearningRates.at(step, 4)));
    assertEquals(LearningRate.Kind.STEP, step.getKind());
    assertEquals(2, step.getEveryEpochs());
  }

  @Test
  void learningRates_andTrainRequests_rejectValuesTheServerWould() {
    assertThrows(IllegalArgumentException.class, () -> LearningRates.constant(0));
    assertThrows(IllegalArgumentException.class, () -> LearningRates.constant(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> LearningRates.exponential(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> LearningRates.exponential(0.1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRates.exponential(0.1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> LearningRates.step(0.1, 0.5, 0));
    LearningRate ok = LearningRates.constant(0.1);
    assertThrows(IllegalArgumentException.class, () -> TrainRequests.cd(RBM, DATASET, 1, 0, ok));
    assertThrows(IllegalArgumentException.class, () -> TrainRequests.cd(RBM, DATASET, 0, 1, ok));
    assertThrows(IllegalArgumentException.class, () -> TrainRequests.pcd(RBM, DATASET, 1001, 1, ok));
    assertThrows(IllegalArgumentException.class, () -> TrainRequests.cd(RBM, "", 1, 1, ok));
    assertThrows(IllegalArgumentException.class,
        () -> TrainRequests.cd(RBM, DATASET, 1, 1, LearningRate.getDefaultInstance()));
    TrainRequest valleys = TrainRequests.valleys("m-1", DATASET, 0, 2, ok).build();
    assertEquals(TrainingMethod.VALLEYS, valleys.getMethod());
    assertEquals(0, valleys.getGibbsSteps(), "0 leaves the server's default sweeps");
  }

  @Test
  void train_serverRefusal_surfacesWithItsCode() {
    TrainRequest noDataset = TrainRequest.newBuilder().setModelId(RBM).setMethod(TrainingMethod.CD).setEpochs(1)
        .setLearningRate(LearningRates.constant(0.1)).build();

    EbmsimException e = assertThrows(EbmsimException.class, () -> all(client.train(noDataset)));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.description().contains("dataset_id"), e.description());
  }
}
