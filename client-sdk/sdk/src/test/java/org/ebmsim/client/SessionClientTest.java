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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's SessionService calls, detached sessions, ListFamilies and AIS on
 * SimulationService, against {@link FakeEbmsimServer}.
 */
class SessionClientTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private FakeEbmsimServer server;
  private EbmsimClient client;
  private String model;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEbmsimServer();
    client = EbmsimClient.create(server.newChannel());
    model = client.createModel(ModelRequests.hopfieldFromPatterns("tiny", new int[][] {{1, -1, 1, -1}},
        StorageRule.HEBBIAN)).getId();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private AnnealRequest anneal(int chains) {
    return AnnealRequest.newBuilder().setModelId(model).setChains(chains)
        .setSchedule(Schedules.linear(2, 0.5, 3)).build();
  }

  @Test
  void annealDetached_returnsStartedAtOnce_sessionRunsOnAndIsListed() {
    SessionStarted started = client.annealDetached(anneal(1000));

    assertTrue(started.getDetached());
    assertEquals("anneal", started.getKind());
    assertEquals(1000, started.getChains());
    assertTrue(server.requests(AnnealRequest.class).get(0).getDetached(), "the request went out detached");
    List<Session> running = client.listSessions(false);
    assertTrue(running.stream().anyMatch(s -> s.getId().equals(started.getSessionId())
        && s.getState() == SessionState.RUNNING), running.toString());
    assertFalse(client.getSession(started.getSessionId()).hasAnneal(), "no result while running");
  }

  @Test
  void watchSession_blocking_startedProgressResultEnded_thenGetSessionHasTheResult() {
    String id = client.annealDetached(anneal(3)).getSessionId();

    List<SessionEvent> events;
    try (EventStream<SessionEvent> watch = client.watchSession(id)) {
      events = watch.stream().toList();
    }

    List<SessionEvent.EventCase> kinds = events.stream().map(SessionEvent::getEventCase).toList();
    assertEquals(List.of(SessionEvent.EventCase.STARTED, SessionEvent.EventCase.ANNEAL_PROGRESS,
        SessionEvent.EventCase.ANNEAL_PROGRESS, SessionEvent.EventCase.ANNEAL_PROGRESS,
        SessionEvent.EventCase.ANNEAL_RESULT, SessionEvent.EventCase.ENDED), kinds);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), events.stream().map(SessionEvent::getSequence).toList());
    assertTrue(events.stream().allMatch(e -> e.getSessionId().equals(id)));
    assertEquals(SessionState.FINISHED, events.get(5).getEnded().getState());
    Session done = client.getSession(id);
    assertEquals(SessionState.FINISHED, done.getState());
    assertEquals(3, done.getAnneal().getChains());
    assertTrue(client.listSessions(false).stream().noneMatch(s -> s.getId().equals(id)), "ended: not running");
    assertTrue(client.listSessions(true).stream().anyMatch(s -> s.getId().equals(id)), "ended: listed with all");
  }

  @Test
  void watchSession_callbacks_everyEventThenCompleted() throws Exception {
    String id = client.annealDetached(anneal(2)).getSessionId();
    List<String> calls = Collections.synchronizedList(new ArrayList<>());

    SessionHandle handle = client.watchSession(id, new SessionWatcher() {
      @Override public void onEvent(SessionEvent event) {
        calls.add(event.getEventCase().name());
      }

      @Override public void onError(EbmsimException error) {
        calls.add("error " + error.code());
      }

      @Override public void onCompleted() {
        calls.add("completed");
      }
    });

    assertTrue(handle.awaitTermination(WAIT), "the watch should end with the session");
    assertEquals(List.of("STARTED", "ANNEAL_PROGRESS", "ANNEAL_PROGRESS", "ANNEAL_PROGRESS", "ANNEAL_RESULT", "ENDED",
        "completed"), calls);
  }

  @Test
  void watchSession_closedEarly_detachesTheWatcherOnly() throws Exception {
    EventStream<SessionEvent> watch = client.watchSession(FakeEbmsimServer.ENDLESS_SESSION);
    assertTrue(watch.next().hasStarted());
    assertTrue(watch.next().hasAnnealProgress());

    watch.close();

    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "server saw no cancellation");
    assertFalse(watch.hasNext());
    assertEquals(SessionState.RUNNING, client.getSession(FakeEbmsimServer.ENDLESS_SESSION).getState());
  }

  @Test
  void watchSession_asyncCancel_reportsCancelled() throws Exception {
    CountDownLatch firstEvent = new CountDownLatch(1);
    List<EbmsimException> errors = Collections.synchronizedList(new ArrayList<>());
    SessionHandle handle = client.watchSession(FakeEbmsimServer.ENDLESS_SESSION, new SessionWatcher() {
      @Override public void onEvent(SessionEvent event) {
        firstEvent.countDown();
      }

      @Override public void onError(EbmsimException error) {
        errors.add(error);
      }
    });
    assertTrue(firstEvent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));

    handle.cancel();

    assertTrue(handle.awaitTermination(WAIT));
    assertEquals(Status.Code.CANCELLED, errors.get(0).code());
  }

  @Test
  void pauseResumeSteerStop_changeTheStateAndFailOnceEnded() {
    String id = client.annealDetached(anneal(4)).getSessionId();

    assertEquals(SessionState.PAUSED, client.pauseSession(id).getState());
    assertEquals(SessionState.RUNNING, client.resumeSession(id).getState());
    Steered steered = client.steerSession(id, SteerActions.temperature(0.25));
    Session stopped = client.stopSession(id);

    assertEquals(20, steered.getSweep());
    assertEquals(0.25, steered.getAction().getTemperature());
    assertEquals(SteerAction.ActionCase.TEMPERATURE,
        server.requests(SteerSessionRequest.class).get(0).getAction().getActionCase());
    assertEquals(SessionState.STOPPED, stopped.getState());
    assertEquals(List.of(steered), stopped.getSteeringList());
    assertEquals(SessionState.STOPPED, client.stopSession(id).getState(), "stop is idempotent");
    EbmsimException e = assertThrows(EbmsimException.class, () -> client.steerSession(id, SteerActions.reportEvery(5)));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertTrue(e.description().contains("has ended"), e.description());
    assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(EbmsimException.class, () -> client.resumeSession(id)).code());
  }

  @Test
  void getSession_unknownId_notFound() {
    EbmsimException e = assertThrows(EbmsimException.class, () -> client.getSession("s-0000000000000bad"));

    assertEquals(Status.Code.NOT_FOUND, e.code());
  }

  @Test
  void estimatePartitionFunction_callbacks_startedProgressResult_onSimulationService() throws Exception {
    String rbm = client.createModel(ModelRequests.rbm("r", RbmVariant.BINARY, new double[][] {{0.5, -0.5}, {1, 0}},
        null, null)).getId();
    List<Object> seen = Collections.synchronizedList(new ArrayList<>());

    SessionHandle handle = client.estimatePartitionFunction(EstimatePartitionFunctionRequest.newBuilder()
        .setModelId(rbm).setChains(10).setSchedule(AisSchedules.uniform(100)).setReportEvery(25).build(),
        new SessionObserver<AisProgress, PartitionFunctionResult>() {
          @Override public void onStarted(SessionStarted started) {
            seen.add(started.getKind());
          }

          @Override public void onProgress(AisProgress p) {
            seen.add(p.getStep());
          }

          @Override public void onResult(PartitionFunctionResult r) {
            seen.add(r.getLogZ());
          }

          @Override public void onError(EbmsimException error) {
            seen.add(error);
          }
        });

    assertTrue(handle.awaitTermination(WAIT));
    assertEquals(List.of("partition_function", 25, 50, 75, 100, 7.5), seen);
  }

  @Test
  void estimatePartitionFunction_modelWithoutAisPath_failedPrecondition() {
    EbmsimException e = assertThrows(EbmsimException.class, () -> {
      try (EventStream<?> events = client.estimatePartitionFunction(EstimatePartitionFunctionRequest.newBuilder()
          .setModelId(model).setChains(10).build())) {
        events.hasNext();
      }
    });

    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertTrue(e.description().contains("no AIS path"), e.description());
  }

  @Test
  void listFamilies_theBuiltInFamiliesWithTheirSpecs() {
    List<ModelFamilyInfo> families = client.listFamilies();

    assertEquals(List.of("hopfield", "boltzmann", "rbm", "dbm"),
        families.stream().map(ModelFamilyInfo::getFamily).collect(Collectors.toList()));
    assertEquals(List.of("ebmsim.v1.DbmSpec"), families.get(3).getSpecTypesList());
  }

  @Test
  void createModel_dbm_layersVisibleH1H2() {
    Model dbm = client.createModel(ModelRequests.dbm("deep", org.ebmsim.proto.v1.DbmUnits.DBM_SPIN,
        new double[][][] {{{1, 0}, {0, 1}, {1, 1}}, {{0.5}, {-0.5}}}, null));

    assertEquals("dbm", dbm.getFamily());
    assertEquals(List.of("visible", "h1", "h2"), dbm.getLayersList().stream().map(l -> l.getName()).toList());
    assertEquals(6, dbm.getUnits());
  }
}
