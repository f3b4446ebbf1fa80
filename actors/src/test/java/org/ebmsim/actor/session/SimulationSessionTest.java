package org.ebmsim.actor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.registry.SessionControl;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionInfo;
import org.ebmsim.session.SteerCommand;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.ModelRef;
import org.ebmsim.dynamics.state.LayerLayout;
import java.util.List;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupReport;
import org.junit.jupiter.api.Test;

/**
 * The session actor's protocol with probes: it speaks to its owner one acknowledged event at a
 * time, and ends cleanly (record state, onStop once) whether it finishes, is stopped before or
 * after attaching, loses its owner, never gets one, or loses a chain group.
 */
class SimulationSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EnergyModel MODEL = TestEnergyModels.hopfield(IsingModel.of(4,
      new double[] {0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0}, null));

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** A session actor under test with its record, and a future completed by onStop (exactly once). */
  private record Started(ActorRef<SimulationSession.Command> ref, SessionRecord record,
      CompletableFuture<Integer> stops) {}

  private static final SessionControl NO_CONTROL = new SessionControl() {
    @Override
    public void stop(String reason) {}

    @Override
    public java.util.concurrent.CompletionStage<Void> pause() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> resume() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public java.util.concurrent.CompletionStage<SessionEvent.Steered> steer(SteerCommand command) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }
  };

  private static Started start(AnnealCoordinator c, EngineSettings settings, boolean detached) {
    ModelCache cache = new ModelCache();
    cache.pin(c.model(), MODEL);
    SessionRecord record = new SessionRecord(new SessionInfo("s-test", c.kind(), c.model(), c.chains(), c.total(),
        c.layout(), detached, 0), NO_CONTROL, !detached, 8, 1 << 20);
    CompletableFuture<Integer> stops = new CompletableFuture<>();
    int[] count = {0};
    ActorRef<SimulationSession.Command> ref = KIT.spawn(SimulationSession.create(new SimulationSession.Setup(c, record,
        cache, settings, detached, () -> stops.complete(++count[0]))));
    return new Started(ref, record, stops);
  }

  private static AnnealCoordinator plan(long sweeps, LayerBlock[] initial) {
    return EngineRuns.anneal(MODEL, 8, 3L, Schedule.constant(1.0, (int) sweeps), SamplerKind.GIBBS, initial, 1,
        AnnealCoordinator.SampleMode.NONE, 1, 1, 2);
  }

  private static SessionEvent emitted(TestProbe<SessionOutput> owner) {
    return assertInstanceOf(SessionOutput.Emit.class, owner.receiveMessage(Duration.ofSeconds(30))).event();
  }

  @Test
  void attachedSession_sendsOneEventPerAck_thenResultThenDone() throws Exception {
    Started s = start(plan(3, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    s.ref().tell(new SimulationSession.Attach(owner.getRef()));
    assertInstanceOf(SessionEvent.Started.class, emitted(owner));
    owner.expectNoMessage(Duration.ofMillis(100)); // nothing more until the owner acknowledges
    for (int sweep = 1; sweep <= 3; sweep++) {
      s.ref().tell(SimulationSession.Ack.INSTANCE);
      assertEquals(sweep, assertInstanceOf(SessionEvent.AnnealProgress.class, emitted(owner)).sweep());
    }
    s.ref().tell(SimulationSession.Ack.INSTANCE);
    assertInstanceOf(SessionEvent.AnnealResult.class, emitted(owner));
    s.ref().tell(SimulationSession.Ack.INSTANCE);
    owner.expectMessage(SessionOutput.Done.INSTANCE);
    owner.expectTerminated(s.ref());
    assertEquals(1, s.stops().get(10, TimeUnit.SECONDS));
    assertEquals(SessionState.FINISHED, s.record().state());
  }

  @Test
  void stop_beforeAttach_andAfterEvents_endsTheSessionAsStopped() throws Exception {
    Started early = start(plan(1000, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> watcher = KIT.createTestProbe();
    early.ref().tell(new SimulationSession.Stop("early"));
    watcher.expectTerminated(early.ref());
    assertEquals(SessionState.STOPPED, early.record().state());
    assertEquals(1, early.stops().get(10, TimeUnit.SECONDS));

    Started later = start(plan(1_000_000, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    later.ref().tell(new SimulationSession.Attach(owner.getRef()));
    emitted(owner);
    later.ref().tell(SimulationSession.Ack.INSTANCE);
    emitted(owner);
    later.ref().tell(new SimulationSession.Stop("later"));
    SessionOutput.Failed failed = assertInstanceOf(SessionOutput.Failed.class, owner.receiveMessage());
    assertInstanceOf(SessionStoppedException.class, failed.cause());
    owner.expectTerminated(later.ref());
    assertEquals("later", later.record().view().reason());
  }

  @Test
  void ownerGone_stopsTheSession() throws Exception {
    Started s = start(plan(1_000_000, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    s.ref().tell(new SimulationSession.Attach(owner.getRef()));
    emitted(owner);
    owner.stop();
    TestProbe<Object> watcher = KIT.createTestProbe();
    watcher.expectTerminated(s.ref(), Duration.ofSeconds(10));
    assertEquals(SessionState.STOPPED, s.record().state());
    assertEquals(1, s.stops().get(10, TimeUnit.SECONDS));
  }

  @Test
  void noOwnerWithinTheAttachTimeout_stopsTheSession() throws Exception {
    Started s = start(plan(1000, null), EngineSettings.defaults().withTimeouts(Duration.ofHours(1),
        Duration.ofMillis(200)), false);
    KIT.createTestProbe().expectTerminated(s.ref(), Duration.ofSeconds(10));
    assertEquals(SessionState.STOPPED, s.record().state());
    assertTrue(s.record().view().reason().contains("no stream attached"), s.record().view().reason());
  }

  @Test
  void groupFailure_beforeAndAfterAttach_failsTheOwner() throws Exception {
    LayerBlock zeros = LayerBlock.ofBytes(MODEL.sampling().layout().visible(), 1); // not spins
    Started before = start(plan(10, new LayerBlock[] {zeros}), EngineSettings.defaults(), false);
    KIT.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(SessionState.FAILED, before.record().state());
      return null;
    });
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    before.ref().tell(new SimulationSession.Attach(owner.getRef()));
    SessionOutput.Failed failed = assertInstanceOf(SessionOutput.Failed.class, owner.receiveMessage());
    assertTrue(failed.cause().getMessage().contains("chain group"), failed.cause().toString());
    owner.expectTerminated(before.ref());
    assertEquals(1, before.stops().get(10, TimeUnit.SECONDS));

    Started after = start(plan(10, new LayerBlock[] {zeros}), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner2 = KIT.createTestProbe();
    after.ref().tell(new SimulationSession.Attach(owner2.getRef()));
    // the Started event may come first; then the failure
    SessionOutput first = owner2.receiveMessage(Duration.ofSeconds(10));
    if (first instanceof SessionOutput.Emit) {
      first = owner2.receiveMessage(Duration.ofSeconds(10));
    }
    assertInstanceOf(SessionOutput.Failed.class, first);
    owner2.expectTerminated(after.ref());
    assertEquals(SessionState.FAILED, after.record().state());
  }

  @Test
  void pauseAndResume_areAcknowledged_andAnnouncedAsEvents() throws Exception {
    Started s = start(plan(1_000_000, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    s.ref().tell(new SimulationSession.Attach(owner.getRef()));
    emitted(owner);
    TestProbe<StatusReply<Done>> replies = KIT.createTestProbe();
    s.ref().tell(new SimulationSession.Pause(replies.getRef()));
    assertTrue(replies.receiveMessage().isSuccess());
    SessionEvent e;
    do {
      s.ref().tell(SimulationSession.Ack.INSTANCE);
      e = emitted(owner);
    } while (!(e instanceof SessionEvent.Paused));
    s.ref().tell(SimulationSession.Ack.INSTANCE);
    owner.expectNoMessage(Duration.ofMillis(200)); // paused: no progress
    assertEquals(SessionState.PAUSED, s.record().state());
    s.ref().tell(new SimulationSession.Resume(replies.getRef()));
    assertTrue(replies.receiveMessage().isSuccess());
    assertInstanceOf(SessionEvent.Resumed.class, emitted(owner));
    s.ref().tell(SimulationSession.Ack.INSTANCE);
    assertInstanceOf(SessionEvent.AnnealProgress.class, emitted(owner));
    s.ref().tell(new SimulationSession.Stop("done"));
    owner.expectMessageClass(SessionOutput.Failed.class);
  }

  @Test
  void detachedSession_needsNoOwner_andFinishes() throws Exception {
    Started s = start(plan(50, null), EngineSettings.defaults(), true);
    KIT.createTestProbe().expectTerminated(s.ref(), Duration.ofSeconds(30));
    assertEquals(SessionState.FINISHED, s.record().state());
    assertInstanceOf(SessionEvent.AnnealResult.class, s.record().view().result());
  }

  /**
   * {@code real} whose gather (the session's own code) throws at the round ending at {@code at},
   * or, with {@code at < 0}, whose planning of groups throws as the session starts.
   */
  private static Coordinator crashingAt(AnnealCoordinator real, long at) {
    return new Coordinator() {
      public String kind() { return real.kind(); }
      public ModelRef model() { return real.model(); }
      public LayerLayout layout() { return real.layout(); }
      public int chains() { return real.chains(); }
      public long total() { return real.total(); }
      public long heapEstimate() { return real.heapEstimate(); }
      public long resultBytes() { return real.resultBytes(); }
      public List<GroupSpec> groups(GroupSizing sizing) {
        if (at < 0) {
          throw new IllegalStateException("planted session bug");
        }
        return real.groups(sizing);
      }
      public long nextReport(long done) { return real.nextReport(done); }
      public GroupOrders orders(long from, long to) { return real.orders(from, to); }
      public int[] finishChains() { return real.finishChains(); }
      public SessionEvent result(long a, boolean early, GroupFinal[] f) { return real.result(a, early, f); }
      public SessionEvent.Steered steer(SteerCommand c, long e) { return real.steer(c, e); }

      public Gathered gather(long round, GroupReport[] reports) {
        if (round >= at) {
          throw new IllegalStateException("planted session bug");
        }
        return real.gather(round, reports);
      }
    };
  }

  private static Started startUnderGuardian(Coordinator c) throws Exception {
    ModelCache cache = new ModelCache();
    cache.pin(c.model(), MODEL);
    SessionRecord record = new SessionRecord(new SessionInfo("s-crash", c.kind(), c.model(), c.chains(), c.total(),
        c.layout(), false, 0), NO_CONTROL, true, 8, 1 << 20);
    CompletableFuture<Integer> stops = new CompletableFuture<>();
    int[] count = {0};
    ActorRef<SessionGuardian.Command> guardian = KIT.spawn(SessionGuardian.create());
    TestProbe<StatusReply<ActorRef<SimulationSession.Command>>> spawned = KIT.createTestProbe();
    guardian.tell(new SessionGuardian.Spawn(new SimulationSession.Setup(c, record, cache, EngineSettings.defaults(),
        false, () -> stops.complete(++count[0])), "s-crash", spawned.getRef()));
    return new Started(spawned.receiveMessage().getValue(), record, stops);
  }

  @Test
  void aBugInTheSessionsOwnCode_endsItFailed_failsTheOwner_andRunsItsCleanupOnce_underTheGuardian() throws Exception {
    // after attach: the owner has taken some events
    Started s = startUnderGuardian(crashingAt(plan(50, null), 3));
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    s.ref().tell(new SimulationSession.Attach(owner.getRef()));
    SessionOutput out;
    do {
      out = owner.receiveMessage(Duration.ofSeconds(30));
      if (out instanceof SessionOutput.Emit) {
        s.ref().tell(SimulationSession.Ack.INSTANCE);
      }
    } while (out instanceof SessionOutput.Emit);
    SessionOutput.Failed failed = assertInstanceOf(SessionOutput.Failed.class, out);
    assertEquals("planted session bug", failed.cause().getCause().getMessage());
    owner.expectTerminated(s.ref());
    assertEquals(SessionState.FAILED, s.record().state());
    assertEquals(1, s.stops().get(10, TimeUnit.SECONDS));

    // while starting, before any owner: nobody to tell yet; the record says FAILED and the cleanup ran
    Started early = startUnderGuardian(crashingAt(plan(50, null), -1));
    KIT.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(SessionState.FAILED, early.record().state());
      return null;
    });
    assertEquals(1, early.stops().get(10, TimeUnit.SECONDS));
    assertFalse(early.record().isOwnerStreamEnded(), "the engine fails a stream that attaches later");
  }

  @Test
  void stop_whilePausedAndWhileFinishing_endsTheSessionAsStopped_andAnswersThePause() throws Exception {
    Started paused = start(plan(1_000_000, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner = KIT.createTestProbe();
    paused.ref().tell(new SimulationSession.Attach(owner.getRef()));
    TestProbe<StatusReply<org.apache.pekko.Done>> pause = KIT.createTestProbe();
    paused.ref().tell(new SimulationSession.Pause(pause.getRef()));
    while (true) { // events up to the pause taking effect
      SessionEvent e = emitted(owner);
      paused.ref().tell(SimulationSession.Ack.INSTANCE);
      if (e instanceof SessionEvent.Paused) {
        break;
      }
    }
    assertTrue(pause.receiveMessage(Duration.ofSeconds(10)).isSuccess(), "the pause is answered once in effect");
    paused.ref().tell(new SimulationSession.Stop("test"));
    assertInstanceOf(SessionOutput.Failed.class, owner.receiveMessage(Duration.ofSeconds(10)));
    owner.expectTerminated(paused.ref());
    assertEquals(SessionState.STOPPED, paused.record().state());

    // a short run stopped while its groups are finishing (final states being gathered)
    Started finishing = start(plan(2, null), EngineSettings.defaults(), false);
    TestProbe<SessionOutput> owner2 = KIT.createTestProbe();
    finishing.ref().tell(new SimulationSession.Attach(owner2.getRef()));
    emitted(owner2); // started
    finishing.ref().tell(SimulationSession.Ack.INSTANCE);
    finishing.ref().tell(new SimulationSession.Stop("test"));
    SessionOutput last;
    do {
      last = owner2.receiveMessage(Duration.ofSeconds(10));
      if (last instanceof SessionOutput.Emit) {
        finishing.ref().tell(SimulationSession.Ack.INSTANCE);
      }
    } while (last instanceof SessionOutput.Emit);
    owner2.expectTerminated(finishing.ref());
    assertTrue(finishing.record().state().ended());
    assertEquals(1, finishing.stops().get(10, TimeUnit.SECONDS));
  }
}
