package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.Test;

/**
 * The memory budget admits a session on its {@link org.ebmsim.session.Coordinator#heapEstimate}:
 * that estimate must cover what a running session really holds. Each family's session (4000
 * chains, samples of 1024 chains every sweep, its owner reading slowly) is measured on the heap
 * after full collections and must stay below its estimate with a margin for measurement noise.
 */
class SessionHeapEstimateTest {
  /** Heap in use after full collections. */
  static long used() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static double[] rand(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.01 * r.nextGaussian();
    }
    return x;
  }

  @Test
  void runningSessions_holdLessThanTheirAdmissionEstimate_forEveryFamily() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    List<EnergyModel> models = new ArrayList<>();
    models.add(TestEnergyModels.hopfield(SimulationEngineTest.randomModel(500, 1, 0.05)));
    models.add(TestEnergyModels.boltzmann(SimulationEngineTest.randomModel(500, 1, 0.05), 300));
    models.add(TestEnergyModels.rbm(BinaryRbm.of(400, 100, rand(40000, 2), null, null)));
    models.add(TestEnergyModels.rbm(GaussianBernoulliRbm.of(400, 100, rand(40000, 2), null, null, java.util.stream.DoubleStream.generate(() -> 1.0).limit(400).toArray())));
    models.add(TestEnergyModels.dbm(Dbm.of(ValueType.BINARY, new int[] {300, 150, 50}, new double[][] {rand(45000, 3),
        rand(7500, 4)}, null)));
    // 2000 patterns of 100 units: the p overlaps a chain keeps (8 kB) outweigh its units twentyfold
    byte[] xi = new byte[2000 * 100];
    Random r = new Random(5);
    for (int k = 0; k < xi.length; k++) {
      xi[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    models.add(TestEnergyModels.denseMemory(2000, 100, xi, 0));
    for (EnergyModel m : models) {
      int chains = 4000;
      long units = m.sampling().layout().totalUnits();
      long before = used();
      AnnealCoordinator c = EngineRuns.anneal(m, chains, 1, Schedule.constant(1.0, 100000), SamplerKind.GIBBS, null,
          1, AnnealCoordinator.SampleMode.EVERY, 1, 1024, 64);
      LaunchedSession s = EngineRuns.engine(kit.system(), 16, 16).start(c, m, false, 4);
      SinkQueueWithCancel<SessionEvent> q = s.events().runWith(Sink.queue(1), kit.system());
      for (int k = 0; k < 20; k++) {
        q.pull().toCompletableFuture().get();
      }
      long after = used();
      double measured = (after - before) / (double) (chains * units);
      double estimate = c.heapEstimate() / (double) (chains * units);
      System.out.printf("%s: %.1f bytes per chain-unit held, %.1f estimated%n", m.summary().description(), measured,
          estimate);
      assertTrue(measured < 0.8 * estimate, m.summary().description() + ": " + measured + " bytes per chain-unit held,"
          + " estimate " + estimate);
      q.cancel();
      s.stopped().toCompletableFuture().get();
    }
    kit.shutdownTestKit();
  }
}
