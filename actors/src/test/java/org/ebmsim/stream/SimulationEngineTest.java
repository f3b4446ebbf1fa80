package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.CompletionCoordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Sessions of single-site models through the whole engine: determinism, physics, failure, cancellation. */
class SimulationEngineTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static SimulationEngine engine(int chainsPerGroup, int maxGroups) {
    return EngineRuns.engine(KIT.system(), chainsPerGroup, maxGroups);
  }

  static IsingModel randomModel(int n, long seed, double scale) {
    Random r = new Random(seed);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.3 * r.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = scale * r.nextGaussian();
      }
    }
    return IsingModel.of(n, w, b);
  }

  /** A chain's state over all layers, concatenated (±1 bytes). */
  static byte[] spins(ChainSnapshot c) {
    int n = c.layers().stream().mapToInt(LayerBlock::units).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (LayerBlock b : c.layers()) {
      for (int i = 0; i < b.units(); i++) {
        out[at++] = (byte) b.get(0, i);
      }
    }
    return out;
  }

  private static AnnealCoordinator annealPlan(EnergyModel model, SamplerKind kind) {
    return EngineRuns.anneal(model, 64, 1234L, Schedule.geometric(3.0, 0.2, 6, 5), kind, null, 5,
        AnnealCoordinator.SampleMode.EVERY, 10, 3, 64);
  }

  @Test
  void anneal_sameSeed_identicalWithOneOrFourChainGroups_hopfieldAndBoltzmann() throws Exception {
    IsingModel h = randomModel(20, 1, 0.5);
    IsingModel bm = randomModel(14, 2, 0.5);
    EnergyModel hopfield = TestEnergyModels.hopfield(h);
    EnergyModel boltzmann = TestEnergyModels.boltzmann(bm, 9);
    for (EnergyModel model : List.of(hopfield, boltzmann)) {
      IsingModel ising = model == hopfield ? h : bm;
      for (SamplerKind kind : List.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS)) {
        List<SessionEvent> one = EngineRuns.data(EngineRuns.run(engine(64, 1), annealPlan(model, kind), model,
            KIT.system()));
        List<SessionEvent> four = EngineRuns.data(EngineRuns.run(engine(16, 4), annealPlan(model, kind), model,
            KIT.system()));
        assertEquals(one.size(), four.size());
        for (int k = 0; k < one.size(); k++) {
          assertSameEvent(one.get(k), four.get(k));
        }
        SessionEvent.AnnealResult result = EngineRuns.last(one);
        assertEquals(64, result.bestEnergies().length);
        assertEquals(64, result.chains());
        assertEquals(30, result.sweeps());
        // the reported best energy must be the energy of the reported best state
        assertEquals(ising.energy(spins(result.best())), result.best().energy(), 1e-9);
        for (ChainSnapshot s : result.bestStates()) {
          assertEquals(ising.energy(spins(s)), s.energy(), 1e-9, "chain " + s.chain());
        }
      }
    }
  }

  static void assertSameEvent(SessionEvent a, SessionEvent b) {
    if (a instanceof SessionEvent.AnnealProgress pa) {
      SessionEvent.AnnealProgress pb = assertInstanceOf(SessionEvent.AnnealProgress.class, b);
      assertEquals(pa.sweep(), pb.sweep());
      assertEquals(pa.energy(), pb.energy());
      assertEquals(pa.flipRate(), pb.flipRate());
      assertEquals(pa.samples().size(), pb.samples().size());
      for (int k = 0; k < pa.samples().size(); k++) {
        assertArrayEquals(spins(pa.samples().get(k)), spins(pb.samples().get(k)));
      }
    } else {
      SessionEvent.AnnealResult ra = assertInstanceOf(SessionEvent.AnnealResult.class, a);
      SessionEvent.AnnealResult rb = assertInstanceOf(SessionEvent.AnnealResult.class, b);
      assertArrayEquals(ra.bestEnergies(), rb.bestEnergies());
      assertArrayEquals(spins(ra.best()), spins(rb.best()));
      assertEquals(ra.finalEnergy(), rb.finalEnergy());
    }
  }

  @Test
  void anneal_frustratedModel_reachesExactGroundStateInAlmostAllChains() throws Exception {
    IsingModel sk = randomModel(14, 7, 1.0);
    double ground = IsingEnumeration.summarize(sk, 1.0, 4).groundEnergy();
    EnergyModel model = TestEnergyModels.hopfield(sk);
    AnnealCoordinator plan = EngineRuns.anneal(model, 100, 99L, Schedule.geometric(4.0, 0.05, 100, 20),
        SamplerKind.GIBBS, null, 100, AnnealCoordinator.SampleMode.NONE, 1, 1, 0);
    SessionEvent.AnnealResult result = EngineRuns.last(EngineRuns.run(engine(16, 4), plan, model, KIT.system()));
    int hits = 0;
    for (double e : result.bestEnergies()) {
      hits += Math.abs(e - ground) < 1e-6 ? 1 : 0; // tracked energies: float32 coupling rows, ~1e-8 off
    }
    assertTrue(hits >= 95, "chains at the ground energy " + ground + ": " + hits + "/100");
    assertEquals(ground, result.best().energy(), 1e-9);
  }

  @Test
  void complete_halfOfStoredPatternClamped_restCompletesToIt() throws Exception {
    int n = 64;
    int p = 3;
    Random r = new Random(5);
    byte[] patterns = new byte[p * n];
    for (int k = 0; k < patterns.length; k++) {
      patterns[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    IsingModel ising = IsingModel.of(n, HopfieldRules.hebbian(p, n, patterns), null);
    EnergyModel model = TestEnergyModels.hopfield(ising, patterns, p);
    byte[] pattern1 = java.util.Arrays.copyOfRange(patterns, n, 2 * n);
    LayerBlock cue = LayerBlock.wrap(model.sampling().layout().visible(), 1, pattern1.clone());
    boolean[] known = new boolean[n];
    for (int i = 0; i < n / 2; i++) {
      known[i] = true;
    }
    for (SamplerKind kind : List.of(SamplerKind.DETERMINISTIC, SamplerKind.GIBBS)) {
      Schedule schedule = kind == SamplerKind.DETERMINISTIC ? Schedule.constant(1, 50) : Schedule.constant(0.2, 40);
      CompletionCoordinator plan = new CompletionCoordinator(new CompletionCoordinator.Request(
          TestEnergyModels.ref(model), model.sampling(), model.patterns(), cue, known, true, kind, schedule, 10, 4,
          17L, 1));
      SessionEvent.CompletionResult result = EngineRuns.last(EngineRuns.run(engine(1, 4), plan, model,
          KIT.system()));
      assertArrayEquals(pattern1, result.completed().bytes(), kind + ": completed pattern differs from the stored one");
      assertEquals(1, result.bestPattern());
      assertEquals(1.0, result.bestOverlap(), 1e-12);
      if (kind == SamplerKind.DETERMINISTIC) {
        assertTrue(result.converged(), "deterministic completion should reach a fixed point");
        assertTrue(result.sweeps() < 50, "stopped at the fixed point, ran " + result.sweeps());
      }
      // detached, the same request ends the same way (a session that may stop early once never started when detached)
      CompletionCoordinator again = new CompletionCoordinator(new CompletionCoordinator.Request(
          TestEnergyModels.ref(model), model.sampling(), model.patterns(), cue, known, true, kind, schedule, 10, 4,
          17L, 1));
      LaunchedSession detached = engine(1, 4).start(again, model, true, 4);
      detached.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
      SessionEvent.CompletionResult kept = (SessionEvent.CompletionResult) detached.record().view().result();
      assertArrayEquals(result.completed().bytes(), kept.completed().bytes(), kind + ": detached result");
      assertEquals(result.sweeps(), kept.sweeps(), kind + ": detached sweeps");
    }
  }

  @Test
  void complete_landingOnAMirrorImage_reportsTheMirror() throws Exception {
    int n = 32;
    Random r = new Random(11);
    byte[] patterns = new byte[2 * n];
    for (int k = 0; k < patterns.length; k++) {
      patterns[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    EnergyModel model = TestEnergyModels.hopfield(IsingModel.of(n, HopfieldRules.hebbian(2, n, patterns), null),
        patterns, 2);
    byte[] mirror = new byte[n];
    for (int i = 0; i < n; i++) {
      mirror[i] = (byte) -patterns[n + i]; // -ξ¹, an attractor of every symmetric network
    }
    boolean[] known = new boolean[n];
    java.util.Arrays.fill(known, 0, n / 2, true);
    CompletionCoordinator plan = new CompletionCoordinator(new CompletionCoordinator.Request(
        TestEnergyModels.ref(model), model.sampling(), model.patterns(),
        LayerBlock.wrap(model.sampling().layout().visible(), 1, mirror.clone()), known, true, SamplerKind.DETERMINISTIC,
        Schedule.constant(1, 50), 1, 1, 3L, 1));
    SessionEvent.CompletionResult result = EngineRuns.last(EngineRuns.run(engine(1, 4), plan, model, KIT.system()));
    assertEquals(1, result.bestPattern());
    assertEquals(-1.0, result.bestOverlap(), 1e-12);
    assertTrue(result.bestIsMirror(), "the completion is the mirror image of pattern 1");
  }

  private static AnnealCoordinator brokenPlan(EnergyModel model) {
    // zeros are not spins: the chain group's kernel refuses them when it is built
    LayerBlock broken = LayerBlock.ofBytes(model.sampling().layout().visible(), 1);
    return EngineRuns.anneal(model, 32, 1L, Schedule.constant(1.0, 100), SamplerKind.GIBBS,
        new LayerBlock[] {broken}, 1, AnnealCoordinator.SampleMode.NONE, 1, 1, 0);
  }

  @Test
  void failingChainGroup_failsTheStreamAndFreesTheSession() throws Exception {
    SimulationEngine engine = engine(16, 4);
    EnergyModel model = TestEnergyModels.hopfield(randomModel(30, 3, 0.5));
    LaunchedSession session = engine.start(brokenPlan(model), model, false, 4);
    CompletionStage<List<SessionEvent>> events = session.events().runWith(Sink.seq(), KIT.system());
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> events.toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause().getMessage().contains("chain group"), failed.getCause().toString());
    session.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());
    assertEquals(SessionState.FAILED, session.record().state());
  }

  /**
   * A group that fails before the owner's stream attaches: the failure is kept and delivered
   * when the stream attaches, instead of leaving the stream open with no events.
   */
  @Test
  void failingChainGroup_beforeTheStreamAttaches_failsTheStreamOnAttach() throws Exception {
    SimulationEngine engine = engine(16, 4);
    EnergyModel model = TestEnergyModels.hopfield(randomModel(30, 3, 0.5));
    LaunchedSession session = engine.start(brokenPlan(model), model, false, 4);
    // wait for the failure itself (the record says FAILED) before anything attaches
    KIT.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(SessionState.FAILED, session.record().state());
      return null;
    });
    CompletionStage<List<SessionEvent>> events = session.events().runWith(Sink.seq(), KIT.system());
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> events.toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause().getMessage().contains("chain group"), failed.getCause().toString());
    session.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());
  }

  @Test
  void cancel_stopsSessionActorsAndFreesTheSlot() throws Exception {
    SimulationEngine engine = engine(16, 4);
    EnergyModel model = TestEnergyModels.hopfield(randomModel(30, 3, 0.5));
    AnnealCoordinator longPlan = EngineRuns.anneal(model, 64, 1L, Schedule.constant(1.0, 10_000_000),
        SamplerKind.GIBBS, null, 1, AnnealCoordinator.SampleMode.NONE, 1, 1, 0);
    LaunchedSession first = engine.start(longPlan, model, false, 1);
    // take the first two events (started, one progress); Sink.head-style cancel stops the session by itself
    List<SessionEvent> two = first.events().take(2).runWith(Sink.seq(), KIT.system()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertInstanceOf(SessionEvent.Started.class, two.get(0));
    assertInstanceOf(SessionEvent.AnnealProgress.class, two.get(1));
    first.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());

    AnnealCoordinator again = EngineRuns.anneal(model, 64, 1L, Schedule.constant(1.0, 10_000_000),
        SamplerKind.GIBBS, null, 1, AnnealCoordinator.SampleMode.NONE, 1, 1, 0);
    LaunchedSession second = engine.start(again, model, false, 1);
    second.events().runWith(Sink.ignore(), KIT.system());
    assertThrows(SessionLimitExceededException.class, () -> engine.start(again, model, false, 1));
    second.cancel();
    second.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());
    assertEquals(SessionState.STOPPED, second.record().state());
    assertEquals(0, engine.cache().size(), "every session unpinned its model");
  }

  @Test
  void storedPatterns_areCopiedNotShared() {
    StoredPatterns p = new StoredPatterns(1, 2, new byte[] {1, -1});
    byte[] v = p.values();
    v[0] = -1;
    assertEquals(1, p.values()[0]);
  }
}
