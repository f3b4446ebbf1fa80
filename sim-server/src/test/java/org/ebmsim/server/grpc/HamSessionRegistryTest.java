package org.ebmsim.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.registry.SessionRegistry;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HamDenseSynapse;
import org.ebmsim.proto.v1.HamEvent;
import org.ebmsim.proto.v1.HamLagrangian;
import org.ebmsim.proto.v1.HamLayerSpec;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.HamSynapseSpec;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.RunHamRequest;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.ebmsim.server.ServerConfig.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A HAM run is a session like the others: listed (kind "ham", no model), watched by other clients
 * (reports and the result, the same numbers as the owner's stream), paused and resumed, stopped
 * (the owner's stream ends CANCELLED), refused steering; the registry keeps its result.
 */
class HamSessionRegistryTest {
  private final ActorTestKit kit = ActorTestKit.create();
  private final SessionRegistry registry = new SessionRegistry(Duration.ofMinutes(5));
  private final MemoryBudget budget = new MemoryBudget(1L << 28);
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
  private Server server;
  private ManagedChannel channel;
  private HamServiceGrpc.HamServiceBlockingStub ham;
  private SessionServiceGrpc.SessionServiceBlockingStub sessions;

  @BeforeEach
  void start() throws Exception {
    String name = "ham-registry-" + UUID.randomUUID();
    Limits limits = new Limits(64, 64, 10, 64, 1 << 20, 4, 10_000_000, 1L << 40, 20, 0.5);
    server = InProcessServerBuilder.forName(name)
        .addService(new HamGrpcService(limits, kit.system(), budget, registry, 1024, 1 << 24))
        .addService(new SessionGrpcService(registry, budget, 1 << 24, writer)).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    ham = HamServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    sessions = SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    writer.shutdownNow();
    kit.shutdownTestKit();
  }

  /** Langevin dynamics on two identity layers: never converges early, so it runs all its steps. */
  private static RunHamRequest request(int steps, int reportEvery) {
    return RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setUnits(50).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addLayers(HamLayerSpec.newBuilder().setUnits(2).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addSynapses(HamSynapseSpec.newBuilder().setDense(HamDenseSynapse.newBuilder()
            .addAllWeights(java.util.Collections.nCopies(100, 0.01))))
        .setDt(0.01).setSteps(steps).setReportEvery(reportEvery).setTemperature(0.1).setSeed(7).build();
  }

  @Test
  void aWatcherSeesTheOwnersReportsAndResult_andTheRegistryKeepsTheResult() {
    // paused while a watcher attaches, so that it sees reports whatever the scheduling
    Iterator<HamEvent> owner = ham.runHam(request(50_000, 5_000));
    HamEvent started = owner.next();
    String id = started.getStarted().getSessionId();
    sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    assertTrue(id.startsWith("s-"), started.toString());
    Session listed = sessions.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList().stream()
        .filter(s -> s.getId().equals(id)).findFirst().orElseThrow();
    assertEquals("ham", listed.getKind());
    assertEquals("", listed.getModelId());
    assertEquals(50_000, listed.getTotal());

    Iterator<SessionEvent> watch = sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
    assertTrue(watch.next().hasStarted(), "the watch begins with the session's description");
    sessions.resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id).build());
    List<HamEvent> ownerEvents = new ArrayList<>();
    owner.forEachRemaining(ownerEvents::add);
    List<SessionEvent> watched = new ArrayList<>();
    watch.forEachRemaining(watched::add);

    assertTrue(watched.get(0).hasResumed(), watched.get(0).toString());
    SessionEvent end = watched.get(watched.size() - 1);
    assertTrue(end.hasEnded());
    assertEquals(SessionState.FINISHED, end.getEnded().getState());
    HamEvent ownerResult = ownerEvents.get(ownerEvents.size() - 1);
    assertTrue(ownerResult.hasResult());
    SessionEvent watchedResult = watched.get(watched.size() - 2);
    assertTrue(watchedResult.hasHamResult(), watchedResult.toString());
    assertEquals(ownerResult.getResult(), watchedResult.getHamResult(), "the same result on both streams");
    // reports seen by the watcher (it attached while the owner's stream held the run) are the owner's
    List<HamEvent> ownerReports = ownerEvents.stream().filter(HamEvent::hasReport).toList();
    List<SessionEvent> watchedReports = watched.stream().filter(SessionEvent::hasHamReport).toList();
    assertEquals(9, ownerReports.size(), "reports after steps 5 000 … 45 000");
    assertFalse(watchedReports.isEmpty(), "the watcher saw reports: " + watched);
    for (SessionEvent w : watchedReports) {
      assertTrue(ownerReports.stream().anyMatch(o -> o.getReport().equals(w.getHamReport())), w.toString());
    }

    Session kept = sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(SessionState.FINISHED, kept.getState());
    assertEquals(ownerResult.getResult(), kept.getHam());
    assertEquals(ownerResult.getResult().getSteps(), kept.getDone());
    assertEquals(ownerResult.getResult().getEnergy(), kept.getEnergy().getMean());
  }

  @Test
  void pauseResumeAndStop_reachTheRun_steeringIsRefused() throws Exception {
    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    try {
      // Langevin noise: the run never converges, so it is still running whatever the scheduling
      RunHamRequest endless = RunHamRequest.newBuilder()
          .addLayers(HamLayerSpec.newBuilder().setUnits(50).setLagrangian(HamLagrangian.HAM_IDENTITY))
          .addLayers(HamLayerSpec.newBuilder().setUnits(2).setLagrangian(HamLagrangian.HAM_IDENTITY))
          .addSynapses(HamSynapseSpec.newBuilder().setDense(HamDenseSynapse.newBuilder()
              .addAllWeights(java.util.Collections.nCopies(100, 0.01))))
          .setDt(0.01).setSteps(10_000_000).setReportEvery(1_000_000).setTemperature(0.1).setSeed(7).build();
      Iterator<HamEvent> owner = context.call(() -> ham.runHam(endless));
      String id = owner.next().getStarted().getSessionId();
      Iterator<SessionEvent> watch = sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
      assertTrue(watch.next().hasStarted());

      assertEquals(SessionState.PAUSED, sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id)
          .build()).getState());
      assertTrue(watch.next().hasPaused());
      assertEquals(SessionState.RUNNING, sessions.resumeSession(ResumeSessionRequest.newBuilder().setSessionId(id)
          .build()).getState());
      assertTrue(watch.next().hasResumed());

      StatusRuntimeException steer = assertThrows(StatusRuntimeException.class, () -> sessions.steerSession(
          SteerSessionRequest.newBuilder().setSessionId(id).setAction(SteerAction.newBuilder()
              .setTemperature(1)).build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, steer.getStatus().getCode(), steer.getStatus().toString());

      sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
      StatusRuntimeException ownerEnd = assertThrows(StatusRuntimeException.class, () -> {
        while (owner.hasNext()) {
          owner.next();
        }
      });
      assertEquals(Status.Code.CANCELLED, ownerEnd.getStatus().getCode(), ownerEnd.getStatus().toString());
      SessionEvent last = null;
      while (watch.hasNext()) {
        last = watch.next();
      }
      assertTrue(last.hasEnded());
      assertEquals(SessionState.STOPPED, last.getEnded().getState());
      ActorCensus census = ActorCensus.get(kit.system());
      assertTrue(census.awaitAtMost(0, Duration.ofSeconds(20)), census.livePaths().toString());
      assertEquals(SessionState.STOPPED, sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build())
          .getState());
    } finally {
      context.cancel(null);
    }
  }
}
