package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.CompletionCoordinator;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.LiveDiagnostics;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Live diagnostics through the engine do not depend on how chains are grouped: 70 chains (64 of
 * them traced, so the last group holds untraced ones) give the same diagnostics, bit for bit, in
 * one group, in groups of 8 and in groups of 5, for a one-layer model (Hopfield: anneal and
 * completion) and a two-layer one (an RBM with stored patterns, groups of 64, 16 and 7).
 */
class SessionDiagnosticsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final int N = 16;
  private static final int P = 3;
  private static final int CHAINS = 70;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static byte[] patterns() {
    Random r = new Random(3);
    byte[] xi = new byte[P * N];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (byte) (r.nextBoolean() ? 1 : -1);
    }
    return xi;
  }

  private static List<LiveDiagnostics> diagnostics(Coordinator c, EnergyModel m, int chainsPerGroup) throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(), EngineSettings.defaults().withNativeBlas(false)
        .withSizing(new GroupSizing(chainsPerGroup, 100, chainsPerGroup, 100)));
    return EngineRuns.data(EngineRuns.run(engine, c, m, KIT.system())).stream().map(e -> {
      if (e instanceof SessionEvent.AnnealProgress a) {
        return a.diagnostics();
      }
      if (e instanceof SessionEvent.CompletionProgress p) {
        return p.diagnostics();
      }
      return null;
    }).filter(d -> d != null).toList();
  }

  private static AnnealCoordinator anneal(EnergyModel m) {
    return new AnnealCoordinator(new AnnealCoordinator.Request(TestEnergyModels.ref(m), m.sampling(), CHAINS, 7,
        Schedule.geometric(2, 0.5, 3, 40), SamplerKind.GIBBS, null, 2, AnnealCoordinator.SampleMode.NONE, 1, 1, 1,
        false, true, new int[] {2, 0}));
  }

  private static void assertSameInEveryGrouping(java.util.concurrent.Callable<Coordinator> c, EnergyModel m,
      int... groupings) throws Exception {
    List<LiveDiagnostics> reference = diagnostics(c.call(), m, groupings[0]);
    assertTrue(reference.size() > 10, "diagnosed reports: " + reference.size());
    LiveDiagnostics last = reference.get(reference.size() - 1);
    assertEquals(64, last.energy().values().chains());
    assertEquals(List.of(2, 0), last.overlaps().stream().map(LiveDiagnostics.Observable::pattern).toList());
    for (int k = 1; k < groupings.length; k++) {
      assertEquals(reference, diagnostics(c.call(), m, groupings[k]), "groups of " + groupings[k]);
    }
  }

  @Test
  void hopfieldAnnealAndCompletion_sameDiagnosticsInEveryGrouping() throws Exception {
    byte[] xi = patterns();
    EnergyModel m = TestEnergyModels.hopfield(IsingModel.of(N, HopfieldRules.hebbian(P, N, xi), null), xi, P);
    assertSameInEveryGrouping(() -> anneal(m), m, 100, 8, 5);
    LayerBlock cue = LayerBlock.ofBytes(m.sampling().layout().visible(), 1);
    boolean[] known = new boolean[N];
    for (int i = 0; i < N; i++) {
      cue.set(0, i, xi[i]);
      known[i] = i < N / 2;
    }
    assertSameInEveryGrouping(() -> new CompletionCoordinator(new CompletionCoordinator.Request(TestEnergyModels.ref(m),
        m.sampling(), m.patterns(), cue, known, true, SamplerKind.GIBBS, Schedule.constant(0.8, 60), 1, CHAINS, 9, 2,
        null, true, new int[] {2, 0})), m, 100, 8, 5);
  }

  @Test
  void rbmAnneal_layerActors_sameDiagnosticsInEveryGrouping() throws Exception {
    Random r = new Random(4);
    double[] w = new double[N * 6];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
    }
    EnergyModel m = TestEnergyModels.rbm(BinaryRbm.of(N, 6, w, null, null), patterns(), P);
    assertSameInEveryGrouping(() -> anneal(m), m, 64, 16, 7);
  }
}
