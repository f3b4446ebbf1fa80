package org.ebmsim.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.dynamics.ExactEnumeration;
import org.ebmsim.dynamics.HopfieldRules;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.session.AnnealPlan;
import org.ebmsim.session.CompletionPlan;
import org.ebmsim.session.ModelView;
import org.ebmsim.session.RbmModelView;
import org.ebmsim.session.SampleMode;
import org.ebmsim.session.SamplerKind;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** RBM chains through the engine: block Gibbs between visible and hidden layer actors. */
class RbmSessionTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static List<SessionEvent> run(SessionPlan plan, int rbmChainsPerGroup, boolean nativeBlas) throws Exception {
    SimulationEngine engine = new SimulationEngine(KIT.system(),
        new SamplingSession.Tuning(16, 4, 64, 4096, rbmChainsPerGroup, nativeBlas));
    return engine.start(plan, 4).runWith(Sink.seq(), KIT.system()).toCompletableFuture().get(120, TimeUnit.SECONDS);
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
    double[] exact = ExactEnumeration.summarize(hopfield, beta, 1).marginalPlus();

    byte[] cue = new byte[n];
    boolean[] unknown = new boolean[n];
    CompletionPlan hopfieldSide = new CompletionPlan(new ModelView(hopfield, n, xi, p), cue, unknown, false,
        SamplerKind.GIBBS, Schedule.constant(1 / beta, 1500), 1400, 64, 5L, 500);
    CompletionPlan rbmSide = new CompletionPlan(new RbmModelView(rbm, xi, p), cue, unknown, false,
        SamplerKind.GIBBS, Schedule.constant(1.0, 1500), 1400, 64, 5L, 500);
    double[] glauber = result(run(hopfieldSide, 100, true)).probabilityPlus();
    double[] blockGibbs = result(run(rbmSide, 32, true)).probabilityPlus();
    for (int i = 0; i < n; i++) {
      // 64 chains × 1400 correlated sweeps: the standard error is well below 0.01
      assertEquals(exact[i], glauber[i], 0.03, "Hopfield Glauber marginal of unit " + i);
      assertEquals(exact[i], blockGibbs[i], 0.03, "RBM block-Gibbs marginal of unit " + i);
    }
  }

  private static SessionEvent.CompletionResult result(List<SessionEvent> events) {
    return (SessionEvent.CompletionResult) events.get(events.size() - 1);
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
    AnnealPlan plan = new AnnealPlan(new RbmModelView(rbm, null, 0), 64, 21L, Schedule.geometric(3, 0.2, 20, 5),
        SamplerKind.GIBBS, null, 10, SampleMode.EVERY, 20, 4, 64);
    List<SessionEvent> one = run(plan, 64, false);
    List<SessionEvent> four = run(plan, 16, false);
    assertEquals(one.size(), four.size());
    for (int k = 0; k < one.size() - 1; k++) {
      SessionEvent.AnnealProgress a = (SessionEvent.AnnealProgress) one.get(k);
      SessionEvent.AnnealProgress b = (SessionEvent.AnnealProgress) four.get(k);
      assertEquals(a.energy(), b.energy(), "report " + k);
      assertEquals(a.flipRate(), b.flipRate(), "report " + k);
    }
    SessionEvent.AnnealResult a = (SessionEvent.AnnealResult) one.get(one.size() - 1);
    SessionEvent.AnnealResult b = (SessionEvent.AnnealResult) four.get(four.size() - 1);
    assertArrayEquals(a.bestEnergies(), b.bestEnergies());
    // the reported energy is F(v) of the reported visible state
    double[] s = new double[v];
    for (int i = 0; i < v; i++) {
      s[i] = a.best().spins()[i];
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
