package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SteerCommand;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.ebmsim.actor.session.SessionStoppedException;
import org.junit.jupiter.api.Test;

/** Pause, resume, steering, stop and detached sessions, through the engine. */
class SessionControlTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EnergyModel MODEL = TestEnergyModels.hopfield(SimulationEngineTest.randomModel(24, 9, 0.5));

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static AnnealCoordinator plan(Schedule schedule) {
    return EngineRuns.anneal(MODEL, 24, 77L, schedule, SamplerKind.GIBBS, null, 10, AnnealCoordinator.SampleMode.EVERY,
        10, 24, 24);
  }

  /** An owner that reads one event at a time. */
  private static final class Owner {
    final SinkQueueWithCancel<SessionEvent> queue;
    final List<SessionEvent> seen = new ArrayList<>();

    Owner(LaunchedSession s) {
      this.queue = s.events().runWith(Sink.queue(1), KIT.system());
    }

    SessionEvent next() throws Exception {
      Optional<SessionEvent> e = queue.pull().toCompletableFuture().get(60, TimeUnit.SECONDS);
      SessionEvent event = e.orElseThrow(() -> new AssertionError("the stream ended"));
      seen.add(event);
      return event;
    }

    /** Reads until an event of {@code type} and returns it. */
    <T extends SessionEvent> T until(Class<T> type) throws Exception {
      while (true) {
        SessionEvent e = next();
        if (type.isInstance(e)) {
          return type.cast(e);
        }
      }
    }

    List<SessionEvent> rest() throws Exception {
      while (true) {
        Optional<SessionEvent> e = queue.pull().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (e.isEmpty()) {
          return seen;
        }
        seen.add(e.get());
      }
    }
  }

  /**
   * A temperature changed at sweep k (while paused there) gives exactly the trajectory of a
   * request whose schedule has that change at k: the run replays from request plus steering log.
   */
  @Test
  void steeredTemperature_replaysExactlyAsTheScheduleWithTheChangeBuiltIn() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession s = engine.start(plan(Schedule.constant(2.0, 200)), MODEL, false, 4);
    Owner owner = new Owner(s);
    owner.until(SessionEvent.AnnealProgress.class);
    s.record().control().pause().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long k = owner.until(SessionEvent.Paused.class).sweep();
    assertEquals(SessionState.PAUSED, s.record().state());
    SessionEvent.Steered steered = s.record().control().steer(new SteerCommand.SetTemperature(0.5))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(k, steered.sweep(), "a paused session takes the change where it stands");
    s.record().control().resume().toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<SessionEvent> steeredRun = EngineRuns.data(owner.rest());
    assertEquals(List.of(steered), s.record().view().steering(), "the steering log");

    double[] temps = new double[200];
    for (int i = 0; i < 200; i++) {
      temps[i] = i < k ? 2.0 : 0.5;
    }
    List<SessionEvent> replay = EngineRuns.data(EngineRuns.run(engine, plan(Schedule.explicit(temps, 1)), MODEL,
        KIT.system()));
    assertEquals(replay.size(), steeredRun.size());
    for (int i = 0; i < replay.size(); i++) {
      SimulationEngineTest.assertSameEvent(replay.get(i), steeredRun.get(i));
    }
    SessionEvent.AnnealProgress last = (SessionEvent.AnnealProgress) steeredRun.get(steeredRun.size() - 2);
    assertEquals(0.5, last.temperature(), "the progress events report the steered temperature");
  }

  /** Steering while running takes effect at the next boundary not yet ordered, and the stream says where. */
  @Test
  void steeringWhileRunning_appearsInTheStreamAtItsSweep_andRestrictedActionsAreRefused() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession s = engine.start(plan(Schedule.constant(2.0, 400)), MODEL, false, 4);
    Owner owner = new Owner(s);
    owner.until(SessionEvent.AnnealProgress.class);
    SessionEvent.Steered steered = s.record().control().steer(new SteerCommand.SetReportInterval(50))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<SessionEvent> all = owner.rest();
    int at = all.indexOf(steered);
    assertTrue(at > 0, "the Steered event is in the stream");
    long before = ((SessionEvent.AnnealProgress) all.get(at - 1)).sweep();
    assertEquals(steered.sweep(), before, "it follows the progress event of the sweep it takes effect at");
    for (SessionEvent e : all.subList(at + 1, all.size())) {
      if (e instanceof SessionEvent.AnnealProgress p && p.sweep() < 400) { // the last report ends the run
        assertEquals(0, (p.sweep() - steered.sweep()) % 50, "reports every 50 sweeps after the change: " + p.sweep());
      }
    }
    ExecutionException ended = assertThrows(ExecutionException.class, () -> s.record().control()
        .steer(new SteerCommand.SetTemperature(1)).toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(ended.getCause() != null, "an ended session refuses steering");
  }

  @Test
  void deterministicCompletion_refusesTemperatureSteering() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession s = engine.start(EngineRuns.anneal(MODEL, 4, 1L, Schedule.constant(1.0, 1_000_000),
        SamplerKind.DETERMINISTIC, null, 1, AnnealCoordinator.SampleMode.NONE, 1, 1, 0), MODEL, false, 4);
    Owner owner = new Owner(s);
    owner.until(SessionEvent.AnnealProgress.class);
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.record().control()
        .steer(new SteerCommand.SetTemperature(1)).toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertInstanceOf(FailedPreconditionException.class, e.getCause());
    s.cancel();
    s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A detached session runs without an owner, ends FINISHED, and keeps its result: the same as an attached run. */
  @Test
  void detachedSession_runsWithoutOwner_andItsResultIsKeptAndEqualsTheAttachedRun() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession detached = engine.start(plan(Schedule.constant(1.5, 300)), MODEL, true, 4);
    assertNull(detached.events(), "no owner stream");
    detached.stopped().toCompletableFuture().get(60, TimeUnit.SECONDS);
    SessionRecord record = engine.registry().get(detached.id()).orElseThrow();
    assertEquals(SessionState.FINISHED, record.state());
    SessionEvent.AnnealResult kept = assertInstanceOf(SessionEvent.AnnealResult.class, record.view().result());
    SessionEvent.AnnealResult attached = EngineRuns.last(EngineRuns.run(engine, plan(Schedule.constant(1.5, 300)),
        MODEL, KIT.system()));
    assertArrayEquals(attached.bestEnergies(), kept.bestEnergies());
    assertEquals(300, record.view().done());
    assertTrue(engine.registry().list(true).contains(record));
    assertTrue(!engine.registry().list(false).contains(record), "ended sessions are listed only on request");
  }

  @Test
  void stop_endsARunningSession_asStopped_andTheOwnerStreamFails() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession s = engine.start(plan(Schedule.constant(1.0, 10_000_000)), MODEL, false, 4);
    Owner owner = new Owner(s);
    owner.until(SessionEvent.AnnealProgress.class);
    s.record().control().stop("stopped by the test");
    ExecutionException e = assertThrows(ExecutionException.class, owner::rest);
    assertTrue(e.getCause().getMessage().contains("stopped by the test"), e.getCause().toString());
    s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(SessionState.STOPPED, s.record().state());
    assertEquals("stopped by the test", s.record().view().reason());
    assertEquals(0, engine.activeSessions());
  }

  /** A session that ends before its owner's stream attaches fails that stream instead of leaving it open. */
  @Test
  void stop_beforeTheOwnerStreamAttaches_failsTheStreamWhenItAttaches() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 8, 4);
    LaunchedSession s = engine.start(plan(Schedule.constant(1.0, 10_000_000)), MODEL, false, 4);
    s.record().control().stop("stopped before attach");
    s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.events().runWith(Sink.seq(), KIT.system())
        .toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertInstanceOf(SessionStoppedException.class, e.getCause());
    assertEquals(0, engine.activeSessions());
  }

  /** A large session's groups stop within a time slice, not at the end of the sweep they are in. */
  @Test
  void cancel_largeSession_freesTheSlotWithinHalfASecond() throws Exception {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 16, 4);
    EnergyModel big = TestEnergyModels.hopfield(SimulationEngineTest.randomModel(1000, 3, 0.05));
    // 4000 chains × 1000 units: one sweep is 4e6 updates, seconds of work per report
    LaunchedSession s = engine.start(EngineRuns.anneal(big, 4000, 1L, Schedule.constant(1.0, 1000),
        SamplerKind.GIBBS, null, 1, AnnealCoordinator.SampleMode.NONE, 1, 1, 0), big, false, 4);
    Owner owner = new Owner(s);
    // after the first report the next round is already being computed: the groups are busy
    owner.until(SessionEvent.AnnealProgress.class);
    long start = System.nanoTime();
    s.cancel();
    s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 500, "the session stopped " + ms + " ms after cancel");
    assertEquals(0, engine.activeSessions());
  }
}
