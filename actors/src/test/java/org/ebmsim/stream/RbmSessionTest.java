package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.CompletionCoordinator;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** RBM chains through the engine: block Gibbs between visible and hidden layer actors. */
class RbmSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static List<SessionEvent> run(Coordinator c, EnergyModel m, int blasChainsPerGroup, boolean nativeBlas)
      throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(), EngineSettings.defaults().withNativeBlas(nativeBlas)
        .withSizing(new GroupSizing(16, 4, blasChainsPerGroup, 100)));
    return EngineRuns.data(EngineRuns.run(engine, c, m, KIT.system()));
  }

  /** A cue with nothing known: completion then samples the model (averages give marginals). */
  private static CompletionCoordinator sampleAll(EnergyModel m, double t, int sweeps, int averageLast, int chains) {
    int n = m.sampling().layout().visible().units();
    LayerBlock cue = m.sampling().layout().visible().type() == org.ebmsim.dynamics.state.ValueType.REAL
        ? LayerBlock.ofFloats(m.sampling().layout().visible(), 1) : LayerBlock.ofBytes(m.sampling().layout().visible(), 1);
    return new CompletionCoordinator(new CompletionCoordinator.Request(TestEnergyModels.ref(m), m.sampling(),
        m.patterns(), cue, new boolean[n], false, SamplerKind.GIBBS, Schedule.constant(t, sweeps), averageLast, chains,
        5L, 500));
  }

  @Test
  void mappedPair_hopfieldGlauberAndRbmBlockGibbs_bothMatchExactMarginals() throws Exception {
    int n = 10;
    int p = 3;
    double beta = 2;
    Random r = new Random(8);
    byte[] xi = new byte[p * n]; // rows = patterns
    double[] xiColumns = new double[n * p]; // N × p, one pattern per column
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        xi[mu * n + i] = r.nextBoolean() ? (byte) 1 : (byte) -1;
        xiColumns[i * p + mu] = xi[mu * n + i];
      }
    }
    double[] bias = new double[n];
    for (int i = 0; i < n; i++) {
      bias[i] = 0.4 * r.nextGaussian();
    }
    IsingModel hopfield = IsingModel.of(n, HopfieldRules.projectionWithDiagonal(p, n, xi), bias);
    BinaryGaussianRbm rbm = HopfieldToRbm.map(xiColumns, n, p, HopfieldToRbm.Orthogonalization.QR, beta, bias).rbm();
    double[] exact = IsingEnumeration.summarize(hopfield, beta, 1).marginalPlus();
    EnergyModel hopfieldModel = TestEnergyModels.hopfield(hopfield, xi, p);
    EnergyModel rbmModel = TestEnergyModels.rbm(rbm, xi, p);
    double[] glauber = ((SessionEvent.CompletionResult) EngineRuns.last(
        run(sampleAll(hopfieldModel, 1 / beta, 1500, 1400, 64), hopfieldModel, 100, true))).unitMeans();
    double[] blockGibbs = ((SessionEvent.CompletionResult) EngineRuns.last(
        run(sampleAll(rbmModel, 1.0, 1500, 1400, 64), rbmModel, 32, true))).unitMeans();
    for (int i = 0; i < n; i++) {
      // 64 chains × 1400 correlated sweeps: the standard error is well below 0.01
      assertEquals(exact[i], glauber[i], 0.03, "Hopfield Glauber marginal of unit " + i);
      assertEquals(exact[i], blockGibbs[i], 0.03, "RBM block-Gibbs marginal of unit " + i);
    }
  }

  /** Real-valued visible units now sample in sessions: the completion's means are the exact E[v_i]. */
  @Test
  void gaussianBernoulli_samplesRealVisibleUnits_meansMatchExact() throws Exception {
    Random r = new Random(12);
    int v = 5;
    int h = 3;
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.6 * r.nextGaussian();
    }
    double[] sd = {0.7, 1.0, 1.3, 0.9, 1.1};
    GaussianBernoulliRbm rbm = GaussianBernoulliRbm.of(v, h, w, new double[] {0.5, -0.3, 0, 0.2, 0.1},
        new double[] {0.2, -0.4, 0.1}, sd);
    EnergyModel model = TestEnergyModels.rbm(rbm);
    double[] exact = new RbmEnumeration().visibleMoments(rbm).means();
    double[] sampled = ((SessionEvent.CompletionResult) EngineRuns.last(
        run(sampleAll(model, 1.0, 2000, 1900, 100), model, 100, true))).unitMeans();
    for (int i = 0; i < v; i++) {
      // 100 chains × 1900 sweeps of a fast-mixing model: the standard error is about 0.01
      assertEquals(exact[i], sampled[i], 0.06, "E[v_" + i + "]");
    }
  }

  @Test
  void rbmAnneal_sameSeed_identicalWithOneOrFourChainGroups_andReachesExactMinimumFreeEnergy() throws Exception {
    int v = 10;
    int h = 6;
    Random r = new Random(3);
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = r.nextGaussian();
    }
    SpinRbm rbm = SpinRbm.of(v, h, w, new double[v], new double[h]);
    EnergyModel model = TestEnergyModels.rbm(rbm);
    AnnealCoordinator plan = EngineRuns.anneal(model, 64, 21L, Schedule.geometric(3, 0.2, 20, 5), SamplerKind.GIBBS,
        null, 10, AnnealCoordinator.SampleMode.EVERY, 20, 4, 64);
    List<SessionEvent> one = run(plan, model, 64, false);
    List<SessionEvent> four = run(EngineRuns.anneal(model, 64, 21L, Schedule.geometric(3, 0.2, 20, 5),
        SamplerKind.GIBBS, null, 10, AnnealCoordinator.SampleMode.EVERY, 20, 4, 64), model, 16, false);
    assertEquals(one.size(), four.size());
    for (int k = 0; k < one.size() - 1; k++) {
      SessionEvent.AnnealProgress a = (SessionEvent.AnnealProgress) one.get(k);
      SessionEvent.AnnealProgress b = (SessionEvent.AnnealProgress) four.get(k);
      assertEquals(a.energy(), b.energy(), "report " + k);
      assertEquals(a.flipRate(), b.flipRate(), "report " + k);
    }
    SessionEvent.AnnealResult a = EngineRuns.last(one);
    SessionEvent.AnnealResult b = EngineRuns.last(four);
    assertArrayEquals(a.bestEnergies(), b.bestEnergies());
    // the reported energy is F(v) of the reported visible state
    double[] s = new double[v];
    LayerBlock best = a.best().layers().get(0);
    for (int i = 0; i < v; i++) {
      s[i] = best.get(0, i);
    }
    assertEquals(rbm.freeEnergy(s), a.best().energy(), 1e-4);
    // brute force over the 2^10 visible states: the lowest free energy
    double min = Double.POSITIVE_INFINITY;
    for (int code = 0; code < 1 << v; code++) {
      for (int i = 0; i < v; i++) {
        s[i] = (code >> i & 1) == 1 ? 1 : -1;
      }
      min = Math.min(min, rbm.freeEnergy(s));
    }
    assertEquals(min, a.best().energy(), 1e-4, "annealing should reach the lowest free energy");
    long atMin = java.util.Arrays.stream(a.bestEnergies()).filter(e -> Math.abs(e - a.best().energy()) < 1e-4).count();
    assertTrue(atMin >= 50, "chains reaching the minimum: " + atMin + "/64");
  }
}
