package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.dynamics.PatternOverlaps;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.session.OverlapProbe;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The overlaps a chain group sends for an {@link OverlapProbe} are those of its chains' states at
 * the report: checked against {@link PatternOverlaps} (or the cosine) on the very states the same
 * report carries, for a one-layer model swept in the group (Hopfield, byte states), two-layer
 * models swept by layer actors (binary and binary–Gaussian RBMs, float32 states; Gaussian–Bernoulli
 * RBM, real visible units and cosines), a group holding only part of the probed chains, and one holding none of them.
 */
class ChainGroupOverlapsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EngineSettings JAVA_BLAS = EngineSettings.defaults().withNativeBlas(false);
  private static final int N = 12;
  private static final int P = 3;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static byte[] patterns(long seed) {
    Random r = new Random(seed);
    byte[] xi = new byte[P * N];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (byte) (r.nextBoolean() ? 1 : -1);
    }
    return xi;
  }

  private static double[] gaussian(int n, double sd, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      w[k] = sd * r.nextGaussian();
    }
    return w;
  }

  /** The probe's overlaps for chains 30..41 (group) when the first {@code probed} chains are probed. */
  private static void check(EnergyModel m, int probed, boolean cosine) {
    byte[] xi = m.patterns().values();
    int[] chosen = {2, 0};
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    int first = 30;
    int chains = 12;
    ActorRef<ChainGroup.Command> group = KIT.spawn(ChainGroup.create(new GroupSpec.Sampling(0, TestEnergyModels.ref(m),
        first, chains, 5, SamplerKind.GIBBS, new InitialState.Random(), Long.MAX_VALUE), cache, JAVA_BLAS));
    TestProbe<GroupReport> reports = KIT.createTestProbe();
    int[] all = java.util.stream.IntStream.range(first, first + chains).toArray();
    GroupOrders orders = new GroupOrders(TemperaturePlan.of(Schedule.constant(1.0, 20)), List.of(), all,
        new OverlapProbe(probed, chosen));
    for (long to : new long[] {3, 9}) {
      group.tell(new ChainGroup.Advance(to, orders, reports.getRef()));
      GroupReport.Sweeps r = (GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(30));
      int inGroup = Math.max(0, Math.min(chains, probed - first));
      assertEquals(inGroup * chosen.length, r.overlaps().length, "probed chains held here × patterns");
      PatternOverlaps direct = new PatternOverlaps(P, N, xi);
      for (int c = 0; c < inGroup; c++) {
        ChainSnapshot s = r.samples().get(c);
        assertEquals(first + c, s.chain());
        LayerBlock v = s.layers().get(0);
        byte[] spins = new byte[N];
        double vv = 0;
        for (int i = 0; i < N; i++) {
          spins[i] = (byte) (v.get(0, i) > 0 ? 1 : -1);
          vv += v.get(0, i) * v.get(0, i);
        }
        for (int k = 0; k < chosen.length; k++) {
          double expected;
          if (cosine) {
            double dot = 0;
            for (int i = 0; i < N; i++) {
              dot += xi[chosen[k] * N + i] * v.get(0, i);
            }
            expected = dot / Math.sqrt(vv * N);
          } else {
            expected = direct.overlap(chosen[k], spins, 0);
          }
          assertEquals(expected, r.overlaps()[c * chosen.length + k], 1e-12, "chain " + (first + c) + " pattern "
              + chosen[k] + " after " + to + " sweeps");
        }
      }
    }
    group.tell(ChainGroup.Stop.INSTANCE);
  }

  @Test
  void hopfield_oneLayerSweptInTheGroup() {
    byte[] xi = patterns(1);
    EnergyModel m = TestEnergyModels.hopfield(IsingModel.of(N, HopfieldRules.hebbian(P, N, xi), null), xi, P);
    check(m, 36, false);
    check(m, 64, false);
    check(m, 30, false);
  }

  @Test
  void binaryRbm_layerActors_floatStates() {
    EnergyModel m = TestEnergyModels.rbm(BinaryRbm.of(N, 4, gaussian(N * 4, 0.5, 2), null, null), patterns(3), P);
    check(m, 36, false);
  }

  @Test
  void binaryGaussianRbm_spinVisibleUnits() {
    EnergyModel m = TestEnergyModels.rbm(BinaryGaussianRbm.of(N, 4, gaussian(N * 4, 0.5, 4), null, null, 1.3),
        patterns(5), P);
    check(m, 40, false);
  }

  @Test
  void gaussianBernoulliRbm_realVisibleUnits_cosines() {
    double[] sd = new double[N];
    java.util.Arrays.fill(sd, 1.0);
    EnergyModel m = TestEnergyModels.rbm(GaussianBernoulliRbm.of(N, 4, gaussian(N * 4, 0.3, 6), null, null, sd),
        patterns(7), P);
    check(m, 40, true);
  }
}
