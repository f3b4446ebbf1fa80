package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.session.LearningRatePlan;
import org.ebmsim.session.ModelRef;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SteerCommand;
import org.ebmsim.session.TrainingCheckpoint;
import org.ebmsim.session.TrainingCoordinator;
import org.ebmsim.session.TrainingInputs;
import org.ebmsim.session.TrainingPlan;
import org.ebmsim.session.TrainingResume;
import org.ebmsim.session.TrainingStorage;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.HebbianTestLearner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Training sessions through the engine: boundaries, versions, checkpoints, resume, steering, stop. */
class TrainingSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final int UNITS = 6;
  private static final TrainingInputs INPUTS = new TrainingInputs(spins(40, 1), spins(10, 2));

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static TrainingData spins(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[rows * UNITS];
    for (int k = 0; k < v.length; k++) {
      v[k] = r.nextBoolean() ? 1f : -1f;
    }
    return new TrainingData(rows, UNITS, v, null, 0);
  }

  /** Versions and checkpoints kept in memory. */
  private static final class MemoryStorage implements TrainingStorage {
    final List<EnergyModel> versions = new CopyOnWriteArrayList<>();
    final List<Long> versionBatches = new CopyOnWriteArrayList<>();
    final List<TrainingCheckpoint> checkpoints = new CopyOnWriteArrayList<>();

    @Override
    public long writeVersion(String modelId, EnergyModel model, String sessionId, long batches, int epoch) {
      versions.add(model);
      versionBatches.add(batches);
      return versions.size() + 1;
    }

    @Override
    public void writeCheckpoint(TrainingCheckpoint checkpoint) throws IOException {
      checkpoints.add(checkpoint);
    }
  }

  private static int sessions;

  /** Batch 4 over 40 rows: 10 batches per epoch, 3 epochs; reports every 3, checkpoints every 5. */
  private static TrainingPlan plan(String key) {
    return plan(key, 3);
  }

  private static TrainingPlan plan(String key, int epochs) {
    return new TrainingPlan(key, "d-test", new LearnerSettings(LearnerSettings.Method.CD, 1, 4, 0, 0, 3, 7), 4, epochs,
        new LearningRatePlan(0.2, LearningRatePlan.Kind.EXPONENTIAL, 0.5, 1, List.of()), 7, 3, 5, 3, false, 10, 0, 0,
        100, 100, new byte[0]);
  }

  private record Run(SimulationEngine engine, LaunchedSession session, MemoryStorage storage) {}

  private static synchronized String key() {
    return String.format("s-%016x", 0xabc000L + ++sessions);
  }

  private static Run start(HebbianTestLearner.Trainable model, TrainingPlan plan, TrainingResume resume) {
    SimulationEngine engine = EngineRuns.engine(KIT.system(), 100, 4);
    MemoryStorage storage = new MemoryStorage();
    engine.cache().training().register(plan.sessionKey(), INPUTS, storage);
    TrainingCoordinator c = new TrainingCoordinator(new ModelRef("m-00000000000000aa", 1),
        model.sampling().layout(), plan, INPUTS.train().rows(), resume, 1 << 20);
    return new Run(engine, engine.start(c, model, false, 8), storage);
  }

  private static List<SessionEvent> all(Run run) throws Exception {
    return run.session().events().runWith(Sink.seq(), KIT.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static double[] finalCouplings(MemoryStorage s) {
    return ((HebbianTestLearner.Trainable) s.versions.get(s.versions.size() - 1)).couplings();
  }

  @Test
  void fullRun_reportsAtEveryBoundary_writesAVersionPerEpoch_andCheckpoints() throws Exception {
    Run run = start(HebbianTestLearner.model(UNITS), plan(key()), null);
    List<SessionEvent> events = all(run);
    assertInstanceOf(SessionEvent.Started.class, events.get(0));
    List<Long> at = new ArrayList<>();
    for (SessionEvent e : events) {
      if (e instanceof SessionEvent.TrainProgress p) {
        at.add(p.batches());
        assertEquals(p.batches() % 10 == 0, p.epochEnd());
        assertEquals(p.epochEnd() ? 1 + p.batches() / 10 : 0, p.version());
        assertEquals(0.2 * Math.pow(0.5, (p.batches() - 1) / 10), p.learningRate(), 1e-15);
        assertEquals(10, p.heldOutRows());
      }
    }
    assertEquals(List.of(3L, 5L, 6L, 9L, 10L, 12L, 15L, 18L, 20L, 21L, 24L, 25L, 27L, 30L), at);
    SessionEvent.TrainResult result = EngineRuns.last(events);
    assertEquals(4, result.version());
    assertEquals(30, result.batches());
    assertEquals(List.of(10L, 20L, 30L), run.storage().versionBatches);
    assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L),
        run.storage().checkpoints.stream().map(TrainingCheckpoint::batches).toList());
    assertTrue(run.storage().checkpoints.get(5).finished());
    assertFalse(run.storage().checkpoints.get(4).finished());
    run.session().stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0, run.engine().cache().size());
  }

  @Test
  void resumeFromAnyCheckpoint_endsBitIdenticalToTheUninterruptedRun() throws Exception {
    Run whole = start(HebbianTestLearner.model(UNITS), plan(key()), null);
    all(whole);
    double[] expected = finalCouplings(whole.storage());
    for (TrainingCheckpoint c : whole.storage().checkpoints.subList(0, 5)) {
      HebbianTestLearner.Trainable model = HebbianTestLearner.model(UNITS);
      Run resumed = start(model, plan(key()), new TrainingResume(c.batches(), c.learnerState(), c.lastVersion()));
      List<SessionEvent> events = all(resumed);
      SessionEvent.TrainResult result = EngineRuns.last(events);
      assertEquals(30, result.batches());
      assertArrayEquals(expected, finalCouplings(resumed.storage()), "resumed from batch " + c.batches());
      assertEquals(30 - c.batches(), model.learners.get(0).rates.size());
      long firstProgress = events.stream().filter(e -> e instanceof SessionEvent.TrainProgress)
          .mapToLong(e -> ((SessionEvent.TrainProgress) e).batches()).min().orElseThrow();
      assertTrue(firstProgress > c.batches());
    }
  }

  /** An owner that reads one event at a time. */
  private static SessionEvent next(SinkQueueWithCancel<SessionEvent> q) throws Exception {
    Optional<SessionEvent> e = q.pull().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return e.orElseThrow(() -> new AssertionError("the stream ended"));
  }

  @Test
  void steeringTheLearningRate_appliesFromItsBatch_isRecorded_andCheckpointed() throws Exception {
    HebbianTestLearner.Trainable model = HebbianTestLearner.model(UNITS);
    // long enough (1000 batches) that the owner's stream holds the session back while it steers
    Run run = start(model, plan(key(), 100), null);
    SinkQueueWithCancel<SessionEvent> q = run.session().events().runWith(Sink.queue(1), KIT.system());
    assertInstanceOf(SessionEvent.Started.class, next(q));
    assertInstanceOf(SessionEvent.TrainProgress.class, next(q));
    SessionEvent.Steered steered = run.session().record().control().steer(new SteerCommand.SetLearningRate(0.05))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    long from = steered.sweep();
    assertTrue(from >= 3 && from < 200, "effective at " + from);
    List<SessionEvent> rest = new ArrayList<>();
    while (true) {
      Optional<SessionEvent> e = q.pull().toCompletableFuture().get(60, TimeUnit.SECONDS);
      if (e.isEmpty()) {
        break;
      }
      rest.add(e.get());
    }
    assertTrue(rest.stream().anyMatch(e -> e instanceof SessionEvent.Steered s && s.sweep() == from));
    List<Double> rates = model.learners.get(0).rates;
    assertEquals(1000, rates.size());
    for (int b = 0; b < 1000; b++) {
      double scheduled = 0.2 * Math.pow(0.5, b / 10);
      assertEquals(b >= from ? 0.05 : scheduled, rates.get(b), 1e-15, "batch " + b);
    }
    TrainingCheckpoint last = run.storage().checkpoints.get(run.storage().checkpoints.size() - 1);
    assertEquals(List.of(new LearningRatePlan.Override(from, 0.05)), last.overrides());
  }

  @Test
  void stoppingASession_leavesACheckpointWhereItStopped() throws Exception {
    Run run = start(HebbianTestLearner.model(UNITS), plan(key(), 100), null);
    SinkQueueWithCancel<SessionEvent> q = run.session().events().runWith(Sink.queue(1), KIT.system());
    assertInstanceOf(SessionEvent.Started.class, next(q));
    SessionEvent.TrainProgress first = (SessionEvent.TrainProgress) next(q);
    assertEquals(3, first.batches());
    run.session().record().control().stop("test");
    run.session().stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    q.cancel();
    TrainingCheckpoint last = run.storage().checkpoints.get(run.storage().checkpoints.size() - 1);
    assertFalse(last.finished());
    assertTrue(last.batches() >= 3 && last.batches() < 1000, "stopped at " + last.batches());
    // the group runs ahead of what was reported; the checkpoint is where it stopped, not behind it
    assertTrue(last.batches() >= run.session().record().view().done());
  }
}
