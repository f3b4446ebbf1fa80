package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SessionService over gRPC: list, get, watch, pause, resume, steer and stop live sessions; detached results. */
class SessionServiceTest {
  @TempDir Path dataDir;
  private RbmTestServer t;
  private SessionServiceGrpc.SessionServiceBlockingStub sessions;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;
  private Model model;

  @BeforeEach
  void start() {
    t = RbmTestServer.start(dataDir);
    sessions = SessionServiceGrpc.newBlockingStub(t.channel);
    sim = SimulationServiceGrpc.newBlockingStub(t.channel);
    model = t.models.createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(RbmTestServer.spins(2, 16, RbmTestServer.randomSpins(32, 3))))
        .build());
  }

  @AfterEach
  void stop() throws InterruptedException {
    t.close();
  }

  private AnnealRequest.Builder endless() {
    return AnnealRequest.newBuilder().setModelId(model.getId()).setChains(8).setSeed(4)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(2)
            .setSteps(1)).setSweepsPerTemperature(1_000_000)).setReportEverySweeps(50);
  }

  private String detached(AnnealRequest request) {
    Iterator<AnnealEvent> it = sim.anneal(request.toBuilder().setDetached(true).build());
    String id = it.next().getStarted().getSessionId();
    assertFalse(it.hasNext());
    return id;
  }

  @Test
  void detachedSession_isListedWatchedSteeredPausedAndStopped() {
    String id = detached(endless().build());
    Session listed = sessions.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList().stream()
        .filter(s -> s.getId().equals(id)).findFirst().orElseThrow();
    assertEquals("anneal", listed.getKind());
    assertTrue(listed.getDetached());
    assertFalse(listed.getOwnerAttached());

    Iterator<SessionEvent> watch = sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(8, watch.next().getStarted().getChains());
    long seen = watch.next().getAnnealProgress().getSweep();

    Steered steered = sessions.steerSession(SteerSessionRequest.newBuilder().setSessionId(id).setAction(
        SteerAction.newBuilder().setTemperature(0.5)).build());
    assertTrue(steered.getSweep() > seen - 1, "takes effect at a boundary not yet run: " + steered.getSweep());
    // the watcher sees the steering in the stream, then progress at the new temperature
    boolean sawSteered = false;
    double temperature = 0;
    for (int k = 0; k < 200 && (!sawSteered || temperature != 0.5); k++) {
      SessionEvent e = watch.next();
      sawSteered |= e.hasSteered() && e.getSteered().equals(steered);
      if (sawSteered && e.hasAnnealProgress()) {
        temperature = e.getAnnealProgress().getTemperature();
      }
    }
    assertTrue(sawSteered, "the Steered event reached the watcher");
    assertEquals(0.5, temperature);

    expect(Status.Code.INVALID_ARGUMENT, "must be -1 or +1", () -> sessions.steerSession(SteerSessionRequest
        .newBuilder().setSessionId(id).setAction(SteerAction.newBuilder().setClamp(ClampUnits.newBuilder()
            .addUnits(0).addValues(3))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "is not a layer of this model", () -> sessions.steerSession(
        SteerSessionRequest.newBuilder().setSessionId(id).setAction(SteerAction.newBuilder().setClamp(
            ClampUnits.newBuilder().setLayer("hidden").addUnits(0).addValues(1))).build()));
    Steered clamp = sessions.steerSession(SteerSessionRequest.newBuilder().setSessionId(id).setAction(
        SteerAction.newBuilder().setClamp(ClampUnits.newBuilder().addUnits(0).addUnits(3).addValues(1)
            .addValues(-1))).build());
    assertEquals(List.of(0, 3), clamp.getAction().getClamp().getUnitsList());

    assertEquals(SessionState.PAUSED, pausedState(id));
    Session resumed = sessions.resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(SessionState.RUNNING, resumed.getState());
    // Pause and Stop answer once the change has taken effect: what they return says so
    Session paused = sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(SessionState.PAUSED, paused.getState());
    sessions.resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id).build());
    Session stopped = sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(id, stopped.getId());
    assertEquals(SessionState.STOPPED, stopped.getState());
    SessionEvent last = null;
    while (watch.hasNext()) {
      last = watch.next();
    }
    assertEquals(SessionState.STOPPED, last.getEnded().getState());
    Session after = sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(SessionState.STOPPED, after.getState());
    assertEquals(2, after.getSteeringCount(), "the steering log: temperature, clamp");
    expect(Status.Code.FAILED_PRECONDITION, "has ended", () -> sessions.steerSession(SteerSessionRequest.newBuilder()
        .setSessionId(id).setAction(SteerAction.newBuilder().setTemperature(1)).build()));
    expect(Status.Code.FAILED_PRECONDITION, "has ended", () -> sessions.pauseSession(PauseSessionRequest.newBuilder()
        .setSessionId(id).build()));
  }

  /** Pauses and waits (watching) until the session says it has paused. */
  private SessionState pausedState(String id) {
    Iterator<SessionEvent> watch = sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
    watch.next();
    sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    while (true) {
      if (watch.next().hasPaused()) {
        return sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build()).getState();
      }
    }
  }

  @Test
  void detachedResult_isKeptForGetSession_withFinalStatesOnRequest_andEqualsTheAttachedRun() {
    AnnealRequest finite = endless().setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder()
        .setTStart(2).setTEnd(0.1).setSteps(20)).setSweepsPerTemperature(5)).setRetainFinalStates(true).build();
    String id = detached(finite);
    Iterator<SessionEvent> watch = sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
    SessionEvent last = null;
    while (watch.hasNext()) {
      last = watch.next();
    }
    assertEquals(SessionState.FINISHED, last.getEnded().getState());
    Session done = sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(SessionState.FINISHED, done.getState());
    assertEquals(100, done.getDone());
    assertTrue(done.hasAnneal());
    assertEquals(1, done.getAnneal().getFinalStatesCount(), "one block per layer");
    assertEquals(8, done.getAnneal().getFinalStates(0).getRows(), "every chain's final state");
    List<AnnealEvent> attached = new ArrayList<>();
    sim.anneal(finite.toBuilder().setRetainFinalStates(false).build()).forEachRemaining(attached::add);
    assertEquals(attached.get(attached.size() - 1).getResult().getBestEnergiesList(),
        done.getAnneal().getBestEnergiesList(), "same request and seed, same result, attached or not");
    // a watcher arriving after the end still gets the kept result before the end
    List<SessionEvent> late = new ArrayList<>();
    sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build()).forEachRemaining(late::add);
    assertEquals(3, late.size(), late.toString());
    assertTrue(late.get(0).hasStarted());
    assertEquals(done.getAnneal().getBestEnergiesList(), late.get(1).getAnnealResult().getBestEnergiesList());
    assertEquals(SessionState.FINISHED, late.get(2).getEnded().getState());
    expect(Status.Code.INVALID_ARGUMENT, "retain_final_states applies to detached sessions", () -> sim.anneal(
        finite).forEachRemaining(e -> { }));
  }

  @Test
  void unknownSessions_areNotFound() {
    expect(Status.Code.NOT_FOUND, "s-0000000000000000 not found", () -> sessions.getSession(
        GetSessionRequest.newBuilder().setSessionId("s-0000000000000000").build()));
    expect(Status.Code.NOT_FOUND, "not found", () -> sessions.watchSession(WatchSessionRequest.newBuilder()
        .setSessionId("x".repeat(10_000)).build()).forEachRemaining(e -> { }));
    expect(Status.Code.INVALID_ARGUMENT, "session_id is required", () -> sessions.stopSession(
        StopSessionRequest.getDefaultInstance()));
  }
}
