package org.ebmsim.actor.ham;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.dynamics.layered.LayerDynamics;
import org.ebmsim.dynamics.modern.ham.HamIntegrator;
import org.ebmsim.dynamics.modern.ham.HamSteppers;
import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.StepMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A session of layer actors computes exactly what the single-threaded {@link HamIntegrator} does:
 * every reported energy and state is the same double, bit for bit, for Euler and RK4, dense and
 * convolution + pooling networks, clamped units and an adiabatic top layer; clamped units never
 * move; the deterministic energy never increases; a session stops early at a fixed point, waits
 * for its sink, and stops with all its actors on cancel.
 */
class HamSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** Runs the session and the integrator side by side; returns the session's events. */
  private static List<HamSessionEvent> assertSameAsIntegrator(HamNetwork net, StepMethod method, double dt,
      boolean adiabaticTop, boolean[][] clamped, double[][] x0, int steps) throws Exception {
    HamRuns.Run spec = new HamRuns.Run(net, method, dt, adiabaticTop, clamped, x0, steps, 1, 0, 0, 0);
    List<HamSessionEvent> events = HamRuns.run(KIT, spec).events();
    HamIntegrator reference = new HamIntegrator(net, method, dt, adiabaticTop, clamped, x0);
    HamSessionEvent.Started started = assertInstanceOf(HamSessionEvent.Started.class, events.get(0));
    assertEquals(reference.energy(), started.energy(), 0, "initial energy");
    assertEquals(method.stages(), started.stagesPerStep());
    assertEquals(steps + 1, events.size(), "started, a report per step but the last, the result");
    for (int t = 1; t <= steps; t++) {
      double e = reference.step();
      double[][] states;
      double energy;
      if (t < steps) {
        HamSessionEvent.Reported r = assertInstanceOf(HamSessionEvent.Reported.class, events.get(t));
        assertEquals(t, r.step());
        states = r.states();
        energy = r.energy();
      } else {
        HamSessionEvent.Finished f = assertInstanceOf(HamSessionEvent.Finished.class, events.get(t));
        assertEquals(t, f.steps());
        assertFalse(f.converged());
        states = f.states();
        energy = f.energy();
      }
      assertEquals(e, energy, 0, "energy after step " + t);
      for (int a = 0; a < net.layers(); a++) {
        assertArrayEquals(reference.state(a), states[a], "layer " + a + " after step " + t);
      }
    }
    return events;
  }

  private static double[] energies(List<HamSessionEvent> events) {
    return events.stream().mapToDouble(e -> e instanceof HamSessionEvent.Started s ? s.energy()
        : e instanceof HamSessionEvent.Reported r ? r.energy() : ((HamSessionEvent.Finished) e).energy()).toArray();
  }

  private static void assertNonIncreasing(double[] e) {
    for (int t = 1; t < e.length; t++) {
      assertTrue(e[t] <= e[t - 1] + 1e-12 * Math.max(1, Math.abs(e[t - 1])), "energy rose at step " + t + ": "
          + e[t - 1] + " -> " + e[t]);
    }
  }

  @Test
  void euler_denseThreeLayers_equalsIntegratorBitForBit_andEnergyNeverIncreases() throws Exception {
    HamNetwork net = HamRuns.denseNetwork(1);
    List<HamSessionEvent> events = assertSameAsIntegrator(net, StepMethod.EULER, 0.05, false, null,
        HamRuns.state(net, 2, 1), 60);
    assertNonIncreasing(energies(events));
  }

  @Test
  void rk4_denseThreeLayers_equalsIntegratorBitForBit_andEnergyNeverIncreases() throws Exception {
    HamNetwork net = HamRuns.denseNetwork(3);
    List<HamSessionEvent> events = assertSameAsIntegrator(net, StepMethod.RK4, 0.1, false, null,
        HamRuns.state(net, 4, 1), 40);
    assertNonIncreasing(energies(events));
  }

  @Test
  void euler_convAndPool_withClampedCue_equalsIntegratorBitForBit_clampedUnitsNeverMove() throws Exception {
    HamNetwork net = HamRuns.convNetwork(5);
    double[][] x0 = HamRuns.state(net, 6, 1);
    boolean[][] clamped = {new boolean[36], null, null};
    for (int i = 0; i < 36; i += 3) {
      clamped[0][i] = true;
    }
    List<HamSessionEvent> events = assertSameAsIntegrator(net, StepMethod.EULER, 0.05, false, clamped, x0, 40);
    assertNonIncreasing(energies(events));
    for (HamSessionEvent e : events.subList(1, events.size())) {
      double[] v = e instanceof HamSessionEvent.Reported r ? r.states()[0] : ((HamSessionEvent.Finished) e).states()[0];
      for (int i = 0; i < 36; i += 3) {
        assertEquals(x0[0][i], v[i], 0, "clamped unit " + i);
      }
    }
  }

  @Test
  void rk4_convAndPool_adiabaticTop_equalsIntegratorBitForBit() throws Exception {
    HamNetwork net = HamRuns.convNetwork(7);
    assertSameAsIntegrator(net, StepMethod.RK4, 0.1, true, null, HamRuns.state(net, 8, 1), 25);
  }

  @Test
  void sameRequest_sameStream() throws Exception {
    HamNetwork net = HamRuns.denseNetwork(9);
    HamRuns.Run spec = new HamRuns.Run(net, StepMethod.RK4, 0.1, true, null, HamRuns.state(net, 10, 1), 30, 7,
        0, 0, 0);
    List<HamSessionEvent> a = HamRuns.run(KIT, spec).events();
    List<HamSessionEvent> b = HamRuns.run(KIT, spec).events();
    assertEquals(a.size(), b.size());
    assertArrayEquals(energies(a), energies(b));
    assertEquals(1 + 30 / 7 + 1, a.size(), "started, reports at 7, 14, 21, 28, the result");
  }

  @Test
  void fixedPoint_stopsEarly_converged() throws Exception {
    HamNetwork net = HamRuns.denseNetwork(11);
    HamRuns.Run spec = new HamRuns.Run(net, StepMethod.EULER, 0.2, false, null, HamRuns.state(net, 12, 1),
        100_000, 1000, 0, 0, 1e-9);
    HamSessionEvent.Finished f = HamRuns.run(KIT, spec).done.get();
    assertTrue(f.converged(), "converged");
    assertTrue(f.steps() < 100_000 && f.maxChange() <= 1e-9, "steps " + f.steps() + ", max change " + f.maxChange());
    HamIntegrator reference = new HamIntegrator(net, StepMethod.EULER, 0.2, false, null, HamRuns.state(net, 12, 1));
    reference.run((int) f.steps());
    assertEquals(reference.energy(), f.energy(), 0);
  }

  @Test
  void sinkNotReady_sessionWaitsForResume() throws Exception {
    HamNetwork net = HamRuns.denseNetwork(13);
    AtomicBoolean resumed = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong early = new java.util.concurrent.atomic.AtomicLong();
    CountDownLatch full = new CountDownLatch(1);
    HamRuns.CollectingSink sink = new HamRuns.CollectingSink() {
      @Override
      public synchronized boolean offer(HamSessionEvent event) {
        super.offer(event);
        if (event instanceof HamSessionEvent.Reported r && r.step() == 3) {
          full.countDown();
          return false;
        }
        if (event instanceof HamSessionEvent.Reported r && r.step() > 3 && !resumed.get()) {
          early.set(r.step());
        }
        return true;
      }
    };
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef<HamSession.Command> session = HamRuns.start(KIT, new HamRuns.Run(net, StepMethod.EULER, 0.05, false,
        null, HamRuns.state(net, 14, 1), 10, 1, 0, 0, 0), sink, stopped::countDown);
    assertTrue(full.await(20, TimeUnit.SECONDS));
    resumed.set(true);
    session.tell(HamSession.Resume.INSTANCE);
    assertEquals(10, sink.done.get(20, TimeUnit.SECONDS).steps());
    assertEquals(0, early.get(), "a step reported before Resume");
    assertTrue(stopped.await(20, TimeUnit.SECONDS));
  }

  @Test
  void cancel_stopsTheSessionAndItsLayers() throws Exception {
    HamNetwork net = HamRuns.convNetwork(15);
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    HamRuns.CollectingSink sink = new HamRuns.CollectingSink() {
      @Override
      public synchronized boolean offer(HamSessionEvent event) {
        super.offer(event);
        if (event instanceof HamSessionEvent.Reported) {
          reported.countDown();
        }
        return true;
      }
    };
    ActorRef<HamSession.Command> session = HamRuns.start(KIT, new HamRuns.Run(net, StepMethod.RK4, 0.01, false,
        null, HamRuns.state(net, 16, 1), 1_000_000_000L, 1, 0, 0, 0), sink, stopped::countDown);
    assertTrue(reported.await(20, TimeUnit.SECONDS));
    // this session's own actors, by path: other tests' sessions may still be stopping, so a total
    // count taken before would not be a baseline
    String own = session.path().toStringWithoutAddress();
    assertEquals(4, ownActors(own), "session and three layers alive: " + HamRuns.census(KIT).livePaths());
    session.tell(HamSession.Cancel.INSTANCE);
    assertTrue(stopped.await(20, TimeUnit.SECONDS), "onStopped ran");
    long deadline = System.nanoTime() + HamRuns.timeout().toNanos();
    while (ownActors(own) > 0 && System.nanoTime() < deadline) {
      HamRuns.census(KIT).awaitAtMost(HamRuns.census(KIT).live() - 1, java.time.Duration.ofMillis(50));
    }
    assertEquals(0, ownActors(own), "actors still alive: " + HamRuns.census(KIT).livePaths());
    assertFalse(sink.done.isDone(), "no result after cancel");
  }

  /** Live counted actors at or below {@code path}. */
  private static long ownActors(String path) {
    return HamRuns.census(KIT).livePaths().stream().filter(p -> p.startsWith(path)).count();
  }

  /** A layer whose stage computation fails at its {@code failAt}-th call (a bug in the math). */
  private static final class FailingLayer implements LayerDynamics {
    private final LayerDynamics inner;
    private int calls;
    private final int failAt;

    FailingLayer(LayerDynamics inner, int failAt) {
      this.inner = inner;
      this.failAt = failAt;
    }

    @Override
    public int layer() {
      return inner.layer();
    }

    @Override
    public double[] output() {
      return inner.output();
    }

    @Override
    public double[] state() {
      return inner.state();
    }

    @Override
    public void computeStage(double[] gBelow, double[] gAbove) {
      if (++calls == failAt) {
        throw new IllegalStateException("injected failure");
      }
      inner.computeStage(gBelow, gAbove);
    }

    @Override
    public void finishStage() {
      inner.finishStage();
    }

    @Override
    public void relax(double[] gBelow) {
      inner.relax(gBelow);
    }

    @Override
    public double ownEnergy() {
      return inner.ownEnergy();
    }

    @Override
    public double couplingBelow(double[] gBelow) {
      return inner.couplingBelow(gBelow);
    }
  }

  @Test
  void aFailingLayer_failsTheSink_andEveryActorStops() throws Exception {
    long before = HamRuns.census(KIT).live();
    HamNetwork net = HamRuns.denseNetwork(17);
    LayerDynamics[] layers = HamSteppers.create(net, StepMethod.EULER, 0.05, false, null, HamRuns.state(net, 18, 1),
        0, 0);
    layers[1] = new FailingLayer(layers[1], 5);
    HamRuns.CollectingSink sink = new HamRuns.CollectingSink();
    CountDownLatch stopped = new CountDownLatch(1);
    KIT.spawn(ActorCensus.counted(HamSession.create(new HamSessionSpec(1, false, 100, 1, false, 0), layers, sink,
        stopped::countDown)));
    java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> sink.done.get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("layer-1 stopped during step 5"), e.getCause().getMessage());
    assertEquals(5, sink.events().size(), "started and the reports of steps 1 to 4");
    assertTrue(stopped.await(20, TimeUnit.SECONDS), "onStopped ran");
    assertTrue(HamRuns.census(KIT).awaitAtMost(before, HamRuns.timeout()), HamRuns.census(KIT).livePaths().toString());
  }
}
