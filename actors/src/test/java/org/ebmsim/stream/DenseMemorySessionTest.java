package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.dense.DenseMemory;
import org.ebmsim.dynamics.dense.InteractionFunction;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Annealing sessions of a dense associative memory through the whole engine: identical events
 * with one or four chain groups for every update rule (across an overlap rebuild at sweep 64),
 * and reported energies that are the memory's energies of the reported states.
 */
class DenseMemorySessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void anneal_sameSeed_identicalWithOneOrFourChainGroups_everyRule() throws Exception {
    int n = 20;
    int p = 6;
    byte[] xi = new byte[p * n];
    Random r = new Random(8);
    for (int k = 0; k < xi.length; k++) {
      xi[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    EnergyModel model = TestEnergyModels.denseMemory(p, n, xi, 3);
    DenseMemory reference = DenseMemory.of(p, n, xi, InteractionFunction.power(3));
    // energies reach p·N³ = 48 000; single-unit differences are ~6·m² per pattern
    Schedule schedule = Schedule.geometric(3000, 30, 10, 10); // 100 sweeps: past the rebuild at 64
    for (SamplerKind kind : List.of(SamplerKind.GIBBS, SamplerKind.METROPOLIS, SamplerKind.DETERMINISTIC)) {
      List<SessionEvent> one = EngineRuns.data(EngineRuns.run(EngineRuns.engine(KIT.system(), 64, 1),
          plan(model, schedule, kind), model, KIT.system()));
      List<SessionEvent> four = EngineRuns.data(EngineRuns.run(EngineRuns.engine(KIT.system(), 16, 4),
          plan(model, schedule, kind), model, KIT.system()));
      assertEquals(one.size(), four.size(), kind.toString());
      for (int k = 0; k < one.size(); k++) {
        SimulationEngineTest.assertSameEvent(one.get(k), four.get(k));
      }
      SessionEvent.AnnealResult result = EngineRuns.last(one);
      assertEquals(100, result.sweeps());
      for (ChainSnapshot s : result.bestStates()) {
        assertEquals(reference.energy(SimulationEngineTest.spins(s), 0), s.energy(), 1e-9, kind + " chain "
            + s.chain());
      }
    }
  }

  private static AnnealCoordinator plan(EnergyModel model, Schedule schedule, SamplerKind kind) {
    return EngineRuns.anneal(model, 64, 99L, schedule, kind, null, 10, AnnealCoordinator.SampleMode.EVERY, 10, 3, 64);
  }
}
