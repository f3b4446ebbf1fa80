package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.PartitionFunctionCoordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
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

  private static List<SessionEvent> run(PartitionFunctionCoordinator c, EnergyModel m, int chainsPerGroup)
      throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(), EngineSettings.defaults().withNativeBlas(false)
        .withSizing(new GroupSizing(16, 4, 100, chainsPerGroup)));
    return EngineRuns.data(EngineRuns.run(engine, c, m, KIT.system()));
  }

  private static PartitionFunctionCoordinator plan(EnergyModel model, AisSupport.Base base, LayerBlock data,
      int steps, int chains, int reportEvery, boolean reverse) {
    AisSupport ais = model.ais().orElseThrow();
    AisSupport.AisPathSpec spec = ais.pathSpec(base, data);
    return new PartitionFunctionCoordinator(new PartitionFunctionCoordinator.Request(TestEnergyModels.ref(model),
        model.sampling().layout(), spec, ais.constants(spec), AisSchedule.uniform(steps), chains, 11L, reportEvery,
        true, data, data == null ? null : ais.negativeFreeEnergies(data), reverse));
  }

  @Test
  void forwardAndReverseAis_matchExactLogZ_andDoNotDependOnGrouping() throws Exception {
    BinaryRbm rbm = randomRbm(12, 8, 0.5, 3);
    EnergyModel model = TestEnergyModels.rbm(rbm);
    double exact = new RbmEnumeration().logPartition(rbm).visible();
    LayerBlock data = LayerBlock.ofBytes(model.sampling().layout().visible(), 20);
    Random r = new Random(4);
    for (int k = 0; k < 20; k++) {
      for (int i = 0; i < 12; i++) {
        data.set(k, i, r.nextBoolean() ? 1 : 0);
      }
    }
    List<SessionEvent> events = run(plan(model, AisSupport.Base.UNIFORM, data, 400, 200, 100, true), model, 50);
    SessionEvent.PartitionResult result = EngineRuns.last(events);
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

    List<SessionEvent> single = run(plan(model, AisSupport.Base.UNIFORM, data, 400, 200, 100, true), model, 200);
    SessionEvent.PartitionResult one = EngineRuns.last(single);
    assertEquals(f.logPartitionVisible(), one.forward().logPartitionVisible(), 0.0, "1 vs 4 chain groups");
    assertArrayEquals(first.logWeights(), ((SessionEvent.PartitionProgress) single.get(0)).logWeights());
  }

  /** The Gaussian–Bernoulli path (base: the same model with W = 0) against exact log Z over the hidden bits. */
  @Test
  void gaussianBernoulliAis_matchesExactLogZ() throws Exception {
    Random r = new Random(21);
    int v = 6;
    int h = 5;
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.4 * r.nextGaussian();
    }
    double[] sd = new double[v];
    double[] b = new double[v];
    for (int i = 0; i < v; i++) {
      sd[i] = 0.6 + 0.8 * r.nextDouble();
      b[i] = 0.3 * r.nextGaussian();
    }
    GaussianBernoulliRbm rbm = GaussianBernoulliRbm.of(v, h, w, b, new double[] {0.1, -0.2, 0.3, 0, 0.2}, sd);
    EnergyModel model = TestEnergyModels.rbm(rbm);
    double exact = new RbmEnumeration().logPartition(rbm).visible();
    SessionEvent.PartitionResult result = EngineRuns.last(run(plan(model, AisSupport.Base.DEFAULT, null, 500, 400, 100,
        false), model, 100));
    AisEstimate f = result.forward();
    assertTrue(Math.abs(f.logPartitionVisible() - exact) < Math.max(0.05, 4 * f.standardError()),
        "forward " + f.logPartitionVisible() + " ± " + f.standardError() + " vs exact " + exact);
  }
}
