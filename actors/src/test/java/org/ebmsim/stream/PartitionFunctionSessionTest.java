package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.BaseRates;
import org.ebmsim.dynamics.ais.BinaryRbmAisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.ExactEnumeration;
import org.ebmsim.session.PartitionFunctionPlan;
import org.ebmsim.session.SessionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** AIS sessions through the engine (actors, groups, stream) against exact enumeration. */
class PartitionFunctionSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static BinaryRbm randomRbm(int v, int h, double sd, long seed) {
    Random r = new Random(seed);
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = sd * r.nextGaussian();
    }
    double[] b = new double[v];
    double[] c = new double[h];
    for (int i = 0; i < v; i++) {
      b[i] = 0.2 * r.nextGaussian();
    }
    for (int j = 0; j < h; j++) {
      c[j] = 0.2 * r.nextGaussian();
    }
    return BinaryRbm.of(v, h, w, b, c);
  }

  private static List<SessionEvent> run(PartitionFunctionPlan plan) throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(), SamplingSession.Tuning.of(16, 4), 7);
    return engine.start(plan, 4).runWith(Sink.seq(), KIT.system()).toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @Test
  void forwardAndReverseAis_matchExactLogZ_andDoNotDependOnGrouping() throws Exception {
    BinaryRbm rbm = randomRbm(12, 8, 0.5, 3);
    double exact = new ExactEnumeration().logPartition(rbm).visible();
    FloatMatrix data = FloatMatrix.zeros(20, 12);
    Random r = new Random(4);
    for (int k = 0; k < 20; k++) {
      for (int i = 0; i < 12; i++) {
        data.set(k, i, r.nextBoolean() ? 1f : 0f);
      }
    }
    BinaryRbmAisPath path = BinaryRbmAisPath.of(rbm, BaseRates.uniform(12), Gemm.javaFallback());
    PartitionFunctionPlan grouped = new PartitionFunctionPlan(rbm, path, AisSchedule.uniform(400), 200, 11L, 50,
        100, true, data, true);
    List<SessionEvent> events = run(grouped);
    SessionEvent.PartitionResult result = assertInstanceOf(SessionEvent.PartitionResult.class,
        events.get(events.size() - 1));
    AisEstimate f = result.forward();
    assertTrue(Math.abs(f.logPartitionVisible() - exact) < 0.1 && Math.abs(f.logPartitionVisible() - exact)
        < 3 * f.standardError() + 1e-3, "forward " + f.logPartitionVisible() + " ± " + f.standardError() + " vs " + exact);
    AisEstimate rev = result.reverse();
    assertTrue(Math.abs(rev.logPartitionVisible() - exact) < 0.5, "reverse " + rev.logPartitionVisible() + " vs " + exact);
    // progress: 4 reports × 2 directions, running β and the weights asked for
    assertEquals(9, events.size());
    SessionEvent.PartitionProgress first = (SessionEvent.PartitionProgress) events.get(0);
    assertEquals(100, first.step());
    assertEquals(200, first.logWeights().length);
    double expectedLl = 0;
    for (int k = 0; k < 20; k++) {
      double[] v = new double[12];
      for (int i = 0; i < 12; i++) {
        v[i] = data.get(k, i);
      }
      expectedLl += (-rbm.freeEnergy(v) - f.logPartitionVisible()) / 20;
    }
    assertEquals(expectedLl, result.logLikelihood().mean(), 1e-9);

    PartitionFunctionPlan oneGroup = new PartitionFunctionPlan(rbm, path, AisSchedule.uniform(400), 200, 11L, 200,
        100, true, data, true);
    SessionEvent.PartitionResult single = (SessionEvent.PartitionResult) run(oneGroup).get(events.size() - 1);
    assertEquals(f.logPartitionVisible(), single.forward().logPartitionVisible(), 0.0, "1 vs 4 chain groups");
    SessionEvent.PartitionProgress firstSingle = (SessionEvent.PartitionProgress) run(oneGroup).get(0);
    assertArrayEquals(first.logWeights(), firstSingle.logWeights());
  }
}
