package org.ebmsim.server.security;

import static org.ebmsim.server.security.SecuredTestServer.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A session belongs to the token that started it: run tokens control their own, admin anyone's. */
class SessionOwnerTest {
  @TempDir Path dir;
  private SecuredTestServer t;
  private String sessionId;

  @BeforeEach
  void startASessionAsRunner() {
    t = new SecuredTestServer(dir);
    SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(2).setCols(16);
    Random r = new Random(3);
    for (int k = 0; k < 32; k++) {
      patterns.addSpins(r.nextBoolean() ? 1 : -1);
    }
    String model = as(ModelServiceGrpc.newBlockingStub(t.channel), t.tokens.get("admin"))
        .createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
            HopfieldFromPatterns.newBuilder().setPatterns(patterns)).build()).getId();
    // runs until stopped: one temperature for a million sweeps
    AnnealRequest endless = AnnealRequest.newBuilder().setModelId(model).setChains(4).setSeed(4).setDetached(true)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(2)
            .setSteps(1)).setSweepsPerTemperature(1_000_000)).setReportEverySweeps(50).build();
    Iterator<AnnealEvent> events = as(SimulationServiceGrpc.newBlockingStub(t.channel), t.tokens.get("runner"))
        .anneal(endless);
    sessionId = events.next().getStarted().getSessionId();
    assertFalse(events.hasNext());
  }

  @AfterEach
  void stop() throws InterruptedException {
    t.close();
  }

  private SessionServiceGrpc.SessionServiceBlockingStub sessionsAs(String name) {
    return as(SessionServiceGrpc.newBlockingStub(t.channel), t.tokens.get(name));
  }

  private static void denied(String fragment, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(fragment), e.getStatus().getDescription());
  }

  @Test
  void theSession_isOwnedByTheTokenThatStartedIt() {
    assertEquals("runner", t.server.engine().registry().get(sessionId).orElseThrow().owner());
  }

  @Test
  void anotherRunToken_cannotControlIt_butItsOwnerCan() {
    StopSessionRequest stop = StopSessionRequest.newBuilder().setSessionId(sessionId).build();
    denied("started by another token; controlling it needs role admin", () -> sessionsAs("other-runner").stopSession(stop));
    denied("needs role admin", () -> sessionsAs("other-runner").pauseSession(
        PauseSessionRequest.newBuilder().setSessionId(sessionId).build()));
    denied("needs role run", () -> sessionsAs("reader").stopSession(stop));
    assertEquals(SessionState.RUNNING, sessionsAs("reader").getSession(
        org.ebmsim.proto.v1.GetSessionRequest.newBuilder().setSessionId(sessionId).build()).getState(),
        "refused calls must leave the session alone");

    sessionsAs("runner").pauseSession(PauseSessionRequest.newBuilder().setSessionId(sessionId).build());
    sessionsAs("runner").resumeSession(ResumeSessionRequest.newBuilder().setSessionId(sessionId).build());
    sessionsAs("runner").stopSession(stop);
    awaitEnded();
  }

  @Test
  void admin_canStopAnyonesSession() {
    sessionsAs("admin").stopSession(StopSessionRequest.newBuilder().setSessionId(sessionId).build());
    awaitEnded();
  }

  private void awaitEnded() {
    try {
      t.server.engine().registry().get(sessionId).orElseThrow().whenEnded().toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the session did not end within 30 s after its stop", e);
    }
  }
}
