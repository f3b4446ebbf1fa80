package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.registry.ObserverBuffer;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Observers of a session: each has its own bounded, conflating buffer, so a stalled observer
 * never slows the session, its owner or the other observers, and holds a bounded amount.
 */
class WatchSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final int BUFFER_EVENTS = 1024;
  private static final long BUFFER_BYTES = 4L << 20;
  private static final int ROUNDS = 10;
  private static final EnergyModel MODEL = TestEnergyModels.hopfield(SimulationEngineTest.randomModel(64, 4, 0.3));

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static SimulationEngine engine() {
    return new SimulationEngine(KIT.system(), EngineSettings.defaults().withSizing(new GroupSizing(16, 4, 100, 100))
        .withObserverBuffer(BUFFER_EVENTS, BUFFER_BYTES));
  }

  /** Many events with states in them: one per sweep, 8 chains' states each. */
  private static AnnealCoordinator plan() {
    return EngineRuns.anneal(MODEL, 64, 5L, Schedule.constant(1.0, 6000), SamplerKind.GIBBS, null, 1,
        AnnealCoordinator.SampleMode.EVERY, 1, 8, 8);
  }

  private record Run(long nanos, int ownerEvents) {}

  /**
   * CPU time of the threads that are not this test's (earlier test classes' leftovers, if any):
   * the comparison assumes nothing else competes for the cores.
   */
  private static long foreignCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && !t.getThreadName().startsWith("WatchSessionTest") && !t.getThreadName().equals("test-reader")
          && !t.getThreadName().equals("main")) {
        total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return total;
  }

  private static Run unobserved(SimulationEngine engine) throws Exception {
    long start = System.nanoTime();
    int n = EngineRuns.run(engine, plan(), MODEL, KIT.system()).size();
    return new Run(System.nanoTime() - start, n);
  }

  /**
   * One thread that readers drain on, as the server's watch writer does: off the session's thread,
   * woken at most every 5 ms.
   */
  private static final ScheduledExecutorService READER_THREAD = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-reader");
    t.setDaemon(true);
    return t;
  });

  /** A reader that keeps up: it takes every item as soon as it is published. */
  private static final class Reader {
    final List<ObserverBuffer.Item> items = new ArrayList<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final AtomicBoolean queued = new AtomicBoolean();

    Reader(ObserverBuffer buffer) {
      buffer.onAvailable(() -> {
        if (queued.compareAndSet(false, true)) {
          READER_THREAD.schedule(() -> drain(buffer), 5, TimeUnit.MILLISECONDS);
        }
      });
    }

    private void drain(ObserverBuffer buffer) {
      queued.set(false);
      synchronized (items) {
        for (ObserverBuffer.Item i = buffer.poll(); i != null; i = buffer.poll()) {
          items.add(i);
          if (i.isEnd()) {
            ended.complete(null);
          }
        }
      }
    }

    List<ObserverBuffer.Item> items() {
      synchronized (items) {
        return List.copyOf(items);
      }
    }
  }

  @Test
  void stalledObserver_slowsNeitherOwnerNorReader_andItsBufferStaysBounded() throws Exception {
    SimulationEngine engine = engine();
    unobserved(engine); // warm-up: JIT, threads
    long baseline = Long.MAX_VALUE;
    long observed = Long.MAX_VALUE;
    int baselineEvents = 0;
    // best of ROUNDS each, interleaved in alternating order (observed first in odd rounds), each
    // after a collection: what earlier tests or the previous run left on the heap or in the JIT
    // must not land on one side of the comparison only. Measured apart (none, stalled only,
    // reader only, both: best of 6 each) the four differ by less than their run-to-run spread of
    // about 5% on a 2-core machine, so fewer rounds, or a fixed order, compared noise with noise
    long foreignFrom = foreignCpuNanos();
    for (int round = 0; round < ROUNDS; round++) {
      boolean observedFirst = round % 2 == 1;
      if (!observedFirst) {
        System.gc();
        Run plain = unobserved(engine);
        baseline = Math.min(baseline, plain.nanos());
        baselineEvents = plain.ownerEvents();
      }

      System.gc();
      LaunchedSession s = engine.start(plan(), MODEL, false, 4);
      ObserverBuffer stalled = s.record().watch(); // never read while the session runs
      Reader reader = new Reader(s.record().watch());
      long start = System.nanoTime();
      List<SessionEvent> owner = s.events().runWith(Sink.seq(), KIT.system()).toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      observed = Math.min(observed, System.nanoTime() - start);
      s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (observedFirst) {
        System.gc();
        Run plain = unobserved(engine);
        baseline = Math.min(baseline, plain.nanos());
        baselineEvents = plain.ownerEvents();
      }

      assertEquals(baselineEvents, owner.size(), "the owner's event count does not depend on observers");
      assertTrue(stalled.size() <= BUFFER_EVENTS + 1, "stalled buffer holds " + stalled.size() + " items");
      assertTrue(stalled.bytes() <= BUFFER_BYTES, "stalled buffer holds " + stalled.bytes() + " bytes");
      assertTrue(stalled.dropped() > 4000, "the stalled observer dropped old progress: " + stalled.dropped());

      reader.ended.get(30, TimeUnit.SECONDS);
      List<ObserverBuffer.Item> read = reader.items();
      assertTrue(read.get(read.size() - 1).isEnd(), "the reader's stream ends with the session's end");
      assertEquals(SessionState.FINISHED, read.get(read.size() - 1).endState());
      long readData = read.stream().filter(i -> !i.isEnd() && !(i.event() instanceof SessionEvent.Started)).count();
      long ownerData = owner.stream().filter(e -> !(e instanceof SessionEvent.Started)).count();
      assertInstanceOf(SessionEvent.Started.class, read.get(0).event(), "a watch starts with who the session is");
      // a reader that keeps up misses nothing; one starved of CPU (a loaded CI machine) may fall
      // behind and lose old progress, but never without being told: read + dropped = published
      long dropped = read.stream().mapToLong(ObserverBuffer.Item::dropped).sum();
      assertEquals(ownerData, readData + dropped, "every event was read or reported dropped");

      // the stalled observer, reading at last: the newest events, the result, and the end
      List<ObserverBuffer.Item> late = new ArrayList<>();
      for (ObserverBuffer.Item i = stalled.poll(); i != null; i = stalled.poll()) {
        late.add(i);
      }
      assertTrue(late.get(late.size() - 1).isEnd());
      assertInstanceOf(SessionEvent.AnnealResult.class, late.get(late.size() - 2).event(), "the result is never dropped");
      long gaps = late.stream().mapToLong(ObserverBuffer.Item::dropped).sum();
      assertEquals(stalled.dropped(), gaps, "every drop is reported to the observer");
    }
    long foreign = foreignCpuNanos() - foreignFrom;
    System.out.println("with observers " + observed / 1_000_000 + " ms, without " + baseline / 1_000_000
        + " ms; other threads used " + foreign / 1_000_000 + " ms of CPU meanwhile");
    // A session that waited for its observers would never finish with one that is never read (the
    // assertions above); what is left to bound is the cost of offering events to two buffers and
    // of the reader's thread, which competes with the session for the cores. On an idle 2-core
    // machine the two differ by less than their ~5% spread, but a CI machine running other builds
    // gave 455 against 408 ms once: the bound is loose enough for shared machines and still far
    // below what per-event blocking or copying would cost (several times the baseline).
    assertTrue(observed <= baseline * 1.5 + TimeUnit.MILLISECONDS.toNanos(50), "with observers "
        + observed / 1_000_000 + " ms, without " + baseline / 1_000_000 + " ms (best of " + ROUNDS + " each)");
  }
}
