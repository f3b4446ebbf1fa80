package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.dynamics.ExactEnumeration;
import org.ebmsim.dynamics.HopfieldRules;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.session.AnnealPlan;
import org.ebmsim.session.CompletionPlan;
import org.ebmsim.session.ModelView;
import org.ebmsim.session.SampleMode;
import org.ebmsim.session.SamplerKind;
import org.ebmsim.session.SessionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SimulationEngineTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static SimulationEngine engine(int minChainsPerGroup, int maxGroups) {
    return new SimulationEngine(KIT.system(), SamplingSession.Tuning.of(minChainsPerGroup, maxGroups));
  }

  private static IsingModel randomModel(int n, long seed, double scale) {
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

  private static List<SessionEvent> run(SimulationEngine engine, org.ebmsim.session.SessionPlan plan)
      throws Exception {
    return engine.start(plan, 8).runWith(Sink.seq(), KIT.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static AnnealPlan annealPlan(ModelView model, SamplerKind kind) {
    return new AnnealPlan(model, 64, 1234L, Schedule.geometric(3.0, 0.2, 6, 5), kind, null, 5,
        SampleMode.EVERY, 10, 3, 64);
  }

  @Test
  void anneal_sameSeed_identicalWithOneOrFourChainGroups_hopfieldAndBoltzmann() throws Exception {
    ModelView hopfield = new ModelView(randomModel(20, 1, 0.5), 20, null, 0);
    ModelView boltzmann = new ModelView(randomModel(14, 2, 0.5), 9, null, 0);
    for (ModelView model : List.of(hopfield, boltzmann)) {
      for (SamplerKind kind : List.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS)) {
        List<SessionEvent> one = run(engine(64, 1), annealPlan(model, kind));
        List<SessionEvent> four = run(engine(16, 4), annealPlan(model, kind));
        assertEquals(one.size(), four.size());
        for (int k = 0; k < one.size(); k++) {
          assertSameEvent(one.get(k), four.get(k));
        }
        SessionEvent.AnnealResult result = (SessionEvent.AnnealResult) one.get(one.size() - 1);
        assertEquals(64, result.bestEnergies().length);
        assertEquals(30, result.sweeps());
        // the reported best energy must be the energy of the reported best state
        assertEquals(model.ising().energy(result.best().spins()), result.best().energy(), 1e-9);
        for (var s : result.bestStates()) {
          assertEquals(model.ising().energy(s.spins()), s.energy(), 1e-9, "chain " + s.chain());
        }
      }
    }
  }

  private static void assertSameEvent(SessionEvent a, SessionEvent b) {
    if (a instanceof SessionEvent.AnnealProgress pa) {
      SessionEvent.AnnealProgress pb = assertInstanceOf(SessionEvent.AnnealProgress.class, b);
      assertEquals(pa.sweep(), pb.sweep());
      assertEquals(pa.energy(), pb.energy());
      assertEquals(pa.flipRate(), pb.flipRate());
      assertEquals(pa.samples().size(), pb.samples().size());
      for (int k = 0; k < pa.samples().size(); k++) {
        assertArrayEquals(pa.samples().get(k).spins(), pb.samples().get(k).spins());
      }
    } else {
      SessionEvent.AnnealResult ra = assertInstanceOf(SessionEvent.AnnealResult.class, a);
      SessionEvent.AnnealResult rb = assertInstanceOf(SessionEvent.AnnealResult.class, b);
      assertArrayEquals(ra.bestEnergies(), rb.bestEnergies());
      assertArrayEquals(ra.best().spins(), rb.best().spins());
      assertEquals(ra.finalEnergy(), rb.finalEnergy());
    }
  }

  @Test
  void anneal_frustratedModel_reachesExactGroundStateInAlmostAllChains() throws Exception {
    IsingModel sk = randomModel(14, 7, 1.0);
    double ground = ExactEnumeration.summarize(sk, 1.0, 4).groundEnergy();
    AnnealPlan plan = new AnnealPlan(new ModelView(sk, 14, null, 0), 100, 99L,
        Schedule.geometric(4.0, 0.05, 100, 20), SamplerKind.GIBBS, null, 100, SampleMode.NONE, 1, 1, 0);
    List<SessionEvent> events = run(engine(16, 4), plan);
    SessionEvent.AnnealResult result = (SessionEvent.AnnealResult) events.get(events.size() - 1);
    int hits = 0;
    for (double e : result.bestEnergies()) {
      hits += Math.abs(e - ground) < 1e-9 ? 1 : 0;
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
    IsingModel model = IsingModel.of(n, HopfieldRules.hebbian(p, n, patterns), null);
    ModelView view = new ModelView(model, n, patterns, p);
    byte[] cue = java.util.Arrays.copyOfRange(patterns, n, 2 * n); // pattern 1
    boolean[] known = new boolean[n];
    for (int i = 0; i < n / 2; i++) {
      known[i] = true;
    }
    for (SamplerKind kind : List.of(SamplerKind.DETERMINISTIC, SamplerKind.GIBBS)) {
      Schedule schedule = kind == SamplerKind.DETERMINISTIC ? Schedule.constant(1, 50) : Schedule.constant(0.2, 40);
      CompletionPlan plan = new CompletionPlan(view, cue, known, true, kind, schedule, 10, 4, 17L, 1);
      List<SessionEvent> events = run(engine(1, 4), plan);
      SessionEvent.CompletionResult result = (SessionEvent.CompletionResult) events.get(events.size() - 1);
      assertArrayEquals(cue, result.completed(), kind + ": completed pattern differs from the stored one");
      assertEquals(1, result.bestPattern());
      assertEquals(1.0, result.bestOverlap(), 1e-12);
      if (kind == SamplerKind.DETERMINISTIC) {
        assertTrue(result.converged(), "deterministic completion should reach a fixed point");
        assertTrue(result.sweeps() < 50, "stopped at the fixed point, ran " + result.sweeps());
      }
    }
  }

  @Test
  void failingChainGroup_failsTheStreamAndFreesTheSession() throws Exception {
    SimulationEngine engine = engine(16, 4);
    byte[] broken = new byte[30]; // zeros are not spins: the chain group's setup throws
    AnnealPlan plan = new AnnealPlan(new ModelView(randomModel(30, 3, 0.5), 30, null, 0), 32, 1L,
        Schedule.constant(1.0, 100), SamplerKind.GIBBS, broken, 1, SampleMode.NONE, 1, 1, 0);
    Pair<SessionHandle, java.util.concurrent.CompletionStage<List<SessionEvent>>> running =
        engine.start(plan, 4).toMat(Sink.seq(), Keep.both()).run(KIT.system());
    java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> running.second().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause().getMessage().contains("chain group"), failed.getCause().toString());
    running.first().stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());
  }

  @Test
  void cancel_stopsSessionActorsAndFreesTheSlot() throws Exception {
    SimulationEngine engine = engine(16, 4);
    AnnealPlan longPlan = new AnnealPlan(new ModelView(randomModel(30, 3, 0.5), 30, null, 0), 64, 1L,
        Schedule.constant(1.0, 10_000_000), SamplerKind.GIBBS, null, 1, SampleMode.NONE, 1, 1, 0);
    Pair<SessionHandle, java.util.concurrent.CompletionStage<SessionEvent>> running =
        engine.start(longPlan, 1).toMat(Sink.head(), Keep.both()).run(KIT.system());
    SessionEvent first = running.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertInstanceOf(SessionEvent.AnnealProgress.class, first);
    // Sink.head cancels upstream after one element: the session must stop by itself.
    running.first().stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());

    var second = engine.start(longPlan, 1).toMat(Sink.ignore(), Keep.left()).run(KIT.system());
    assertThrows(SessionLimitExceededException.class, () -> engine.start(longPlan, 1));
    second.cancel();
    second.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, engine.activeSessions());
  }
}
