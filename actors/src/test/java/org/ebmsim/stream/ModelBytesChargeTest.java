package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A session on a model the store does not hold (an older version read from disk) is charged its bytes. */
class ModelBytesChargeTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EnergyModel MODEL = TestEnergyModels.hopfield(SimulationEngineTest.randomModel(16, 3, 0.5));

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void modelBytes_areChargedWhileTheSessionRuns_andReleasedWhenItStops() throws Exception {
    MemoryBudget budget = new MemoryBudget(1L << 30);
    SimulationEngine engine = new SimulationEngine(KIT.system(), EngineSettings.defaults(), budget);
    AnnealCoordinator c = EngineRuns.anneal(MODEL, 4, 1L, Schedule.constant(1.0, 1_000_000), SamplerKind.GIBBS, null,
        1000, AnnealCoordinator.SampleMode.NONE, 0, 1, 1);
    LaunchedSession s = engine.start(c, MODEL, true, 4, 5_000_000);
    assertEquals(c.heapEstimate() + 5_000_000, budget.used());
    s.record().control().stop("test");
    s.stopped().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(budget.used() < 5_000_000, "after the stop only the retained result stays charged: " + budget.used());
    // beyond the budget the session is refused before it starts
    MemoryBudget small = new MemoryBudget(c.heapEstimate() + 1000);
    SimulationEngine tight = new SimulationEngine(KIT.system(), EngineSettings.defaults(), small);
    org.junit.jupiter.api.Assertions.assertThrows(org.ebmsim.errors.ResourceLimitException.class,
        () -> tight.start(c, MODEL, true, 4, 5_000_000));
    assertEquals(0, small.used());
  }
}
