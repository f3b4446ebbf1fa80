package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.ClampChange;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The chain-group protocol with probes (queued advances, finish, stop, failure), and the proof
 * that a group of layer actors exchanging fields computes bit for bit what the single-thread
 * {@link BatchSampler} computes — the code the statistical tests check.
 */
class ChainGroupTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final EngineSettings JAVA_BLAS = EngineSettings.defaults().withNativeBlas(false);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  static IsingModel ising(int n, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.2 * r.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = 0.4 * r.nextGaussian();
      }
    }
    return IsingModel.of(n, w, b);
  }

  static BinaryGaussianRbm rbm(int v, int h, long seed) {
    Random r = new Random(seed);
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
    }
    return BinaryGaussianRbm.of(v, h, w, null, null, 1.3);
  }

  static Dbm dbm(long seed) {
    Random r = new Random(seed);
    int[] sizes = {7, 5, 4, 3};
    double[][] w = new double[3][];
    for (int l = 0; l < 3; l++) {
      w[l] = new double[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < w[l].length; k++) {
        w[l][k] = 0.6 * r.nextGaussian();
      }
    }
    return Dbm.of(ValueType.SPIN, sizes, w, null);
  }

  private static ActorRef<ChainGroup.Command> spawn(EnergyModel m, long first, int chains, long averageFrom,
      InitialState initial, SamplerKind kind) {
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    return KIT.spawn(ChainGroup.create(new GroupSpec.Sampling(0, TestEnergyModels.ref(m), first, chains, 5, kind,
        initial, averageFrom), cache, JAVA_BLAS));
  }

  private static GroupOrders orders(Schedule s, int[] sample, ClampChange... clamps) {
    return new GroupOrders(TemperaturePlan.of(s), List.of(clamps), sample);
  }

  private static int[] all(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  /** Layer actors vs the single-thread batch: same energies, same states, sweep for sweep, at changing T. */
  @Test
  void layerActors_computeExactlyWhatTheBatchSamplerComputes_boltzmannRbmAndDbm() {
    List<EnergyModel> models = List.of(TestEnergyModels.boltzmann(ising(11, 3), 6),
        TestEnergyModels.rbm(rbm(9, 4, 4)), TestEnergyModels.dbm(dbm(5)), TestEnergyModels.hopfield(ising(10, 6)));
    Schedule schedule = Schedule.geometric(2.0, 0.5, 5, 3);
    for (EnergyModel m : models) {
      int chains = 12;
      long first = 30;
      ActorRef<ChainGroup.Command> group = spawn(m, first, chains, Long.MAX_VALUE, new InitialState.Random(),
          SamplerKind.GIBBS);
      TestProbe<GroupReport> probe = KIT.createTestProbe();
      int[] sample = java.util.stream.IntStream.range(30, 42).toArray();
      group.tell(new ChainGroup.Advance(7, orders(schedule, sample), probe.getRef()));
      group.tell(new ChainGroup.Advance(15, orders(schedule, sample), probe.getRef()));
      GroupReport.Sweeps r7 = (GroupReport.Sweeps) probe.receiveMessage(Duration.ofSeconds(30));
      GroupReport.Sweeps r15 = (GroupReport.Sweeps) probe.receiveMessage(Duration.ofSeconds(30));
      BatchSampler batch = BatchSampler.random(m.sampling(), 5, first, chains, SamplerKind.GIBBS, Gemm.javaFallback());
      String what = TestEnergyModels.layers(m).toString();
      for (long s = 0; s < 15; s++) {
        batch.sweep(schedule.temperatureOfSweep(s));
        if (s + 1 == 7) {
          compare(batch, r7, what + " after 7 sweeps");
        }
      }
      compare(batch, r15, what + " after 15 sweeps");
      group.tell(ChainGroup.Stop.INSTANCE);
      probe.expectTerminated(group);
    }
  }

  private static void compare(BatchSampler batch, GroupReport.Sweeps report, String what) {
    assertArrayEquals(batch.energies(), report.energies(), what + ": energies");
    for (int k = 0; k < report.samples().size(); k++) {
      ChainSnapshot c = report.samples().get(k);
      for (int l = 0; l < c.layers().size(); l++) {
        LayerBlock got = c.layers().get(l);
        LayerBlock want = batch.layer(l).states().copyRows(new int[] {k});
        assertEquals(want, got, what + ": chain " + c.chain() + " layer " + l);
      }
    }
  }

  @Test
  void queuedAdvances_areAnsweredInOrder_withEnergiesOfTheReportedStates_andFinishReportsWindowAndBest() {
    IsingModel ising = ising(9, 2);
    for (EnergyModel m : List.of(TestEnergyModels.hopfield(ising), TestEnergyModels.boltzmann(ising, 5))) {
      ActorRef<ChainGroup.Command> group = spawn(m, 0, 6, 20, new InitialState.Random(), SamplerKind.GIBBS);
      TestProbe<GroupReport> probe = KIT.createTestProbe();
      Schedule s = Schedule.constant(1.0, 100);
      group.tell(new ChainGroup.Advance(10, orders(s, new int[] {0, 5}), probe.getRef()));
      group.tell(new ChainGroup.Advance(25, orders(s, new int[] {2}), probe.getRef())); // queued behind the first
      GroupReport.Sweeps first = (GroupReport.Sweeps) probe.receiveMessage();
      GroupReport.Sweeps second = (GroupReport.Sweeps) probe.receiveMessage();
      assertEquals(10, first.sweep());
      assertEquals(25, second.sweep());
      assertEquals(6L * 9 * 15, second.updates(), "updates count only the second advance's sweeps");
      // tracked energies: float32 coupling rows at each flip (~1e-8); shown states: exact (below)
      assertEquals(ising.energy(spins(first.samples().get(1))), first.energies()[5], 1e-6);
      assertEquals(ising.energy(spins(second.samples().get(0))), second.energies()[2], 1e-6);
      assertEquals(ising.energy(spins(first.samples().get(1))), first.samples().get(1).energy(), 1e-12);
      assertEquals(ising.energy(spins(second.best())), second.best().energy(), 1e-9);

      TestProbe<GroupFinal> done = KIT.createTestProbe();
      group.tell(new ChainGroup.Finish(new int[] {2}, true, done.getRef()));
      GroupFinal finished = done.receiveMessage();
      assertArrayEquals(spins(second.samples().get(0)), spins(finished.finalStates().get(0)));
      assertEquals(ising.energy(spins(finished.bestStates().get(0))), finished.bestEnergies()[2], 1e-9);
      // averaging window: states after sweeps 20 .. 25, six chains each
      assertEquals(6L * 6, finished.averaged());
      assertEquals(6, finished.allFinalStates().get(0).rows(), "all final states asked for");
      group.tell(ChainGroup.Stop.INSTANCE);
      probe.expectTerminated(group);
    }
  }

  @Test
  void clamps_holdUnits_andTheCueSetsKnownUnits() {
    EnergyModel m = TestEnergyModels.hopfield(ising(8, 4));
    LayerBlock cue = LayerBlock.wrap(m.sampling().layout().visible(), 1, new byte[] {1, -1, 1, 1, 1, 1, 1, 1});
    boolean[] known = {true, true, false, false, false, false, false, false};
    ActorRef<ChainGroup.Command> group = spawn(m, 0, 4, Long.MAX_VALUE, new InitialState.Cue(cue, known),
        SamplerKind.GIBBS);
    TestProbe<GroupReport> probe = KIT.createTestProbe();
    group.tell(new ChainGroup.Advance(20, orders(Schedule.constant(3.0, 20), all(4),
        new ClampChange(0, new int[] {0, 1}, new double[] {1, -1})), probe.getRef()));
    GroupReport.Sweeps r = (GroupReport.Sweeps) probe.receiveMessage();
    for (ChainSnapshot c : r.samples()) {
      assertEquals(1, c.layers().get(0).get(0, 0), "clamped unit 0 of chain " + c.chain());
      assertEquals(-1, c.layers().get(0).get(0, 1), "clamped unit 1 of chain " + c.chain());
    }
    group.tell(ChainGroup.Stop.INSTANCE);
    probe.expectTerminated(group);
  }

  /** A group of {@code m}'s chains, spawned as a child of a probe-watched parent would see it. */
  private static ActorRef<ChainGroup.Command> spawnPlain(EnergyModel m, int chains) {
    return spawn(m, 0, chains, Long.MAX_VALUE, new InitialState.Random(), SamplerKind.GIBBS);
  }

  private static final Duration PROMPT = Duration.ofMillis(400);

  @Test
  void stop_whilePreparingALargeBatch_isHandledWithinASlice() {
    // 400 chains of 2000 dense units: preparing their fields is ~1.6 G multiply-adds, about a second
    EnergyModel m = TestEnergyModels.hopfield(ising(2000, 8));
    ActorRef<ChainGroup.Command> group = spawnPlain(m, 400);
    TestProbe<GroupReport> probe = KIT.createTestProbe();
    group.tell(new ChainGroup.Advance(5, orders(Schedule.constant(1, 5), new int[0]), probe.getRef()));
    group.tell(ChainGroup.Stop.INSTANCE);
    probe.expectTerminated(group, PROMPT);
    probe.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void stop_inTheMiddleOfALongAdvance_isHandledWithinASlice_singleLayerAndLayerActors() {
    for (EnergyModel m : List.of(TestEnergyModels.hopfield(ising(300, 2)),
        TestEnergyModels.boltzmann(ising(300, 3), 200), TestEnergyModels.dbm(dbm(4)))) {
      ActorRef<ChainGroup.Command> group = spawnPlain(m, 64);
      TestProbe<GroupReport> probe = KIT.createTestProbe();
      group.tell(new ChainGroup.Advance(2, orders(Schedule.constant(1, 1_000_000), new int[0]), probe.getRef()));
      probe.receiveMessage(Duration.ofSeconds(30)); // running: the first advance is answered
      group.tell(new ChainGroup.Advance(1_000_000, orders(Schedule.constant(1, 1_000_000), new int[0]),
          probe.getRef()));
      group.tell(ChainGroup.Stop.INSTANCE);
      probe.expectTerminated(group, PROMPT);
    }
  }

  @Test
  void aKernelThatThrows_midAdvance_orWhilePreparing_failsTheGroup_singleLayerAndLayerActors() {
    EnergyModel hopfield = TestEnergyModels.hopfield(ising(20, 5));
    EnergyModel boltzmann = TestEnergyModels.boltzmann(ising(20, 6), 12);
    for (EnergyModel m : List.of(TestEnergyModels.faulty(hopfield, 0, 3), TestEnergyModels.faulty(hopfield, 0, -1),
        TestEnergyModels.faulty(boltzmann, 1, 3), TestEnergyModels.faulty(boltzmann, 0, -1))) {
      ActorRef<ChainGroup.Command> group = spawnPlain(m, 8);
      TestProbe<GroupReport> probe = KIT.createTestProbe();
      group.tell(new ChainGroup.Advance(10, orders(Schedule.constant(1, 10), new int[0]), probe.getRef()));
      probe.expectTerminated(group, Duration.ofSeconds(10));
      probe.expectNoMessage(Duration.ofMillis(50)); // no report of sweeps that never happened
    }
  }

  @Test
  void aGroupWhoseSetupFails_terminates_andItsParentSeesTheFailure() {
    EnergyModel m = TestEnergyModels.hopfield(ising(6, 1));
    LayerBlock zeros = LayerBlock.ofBytes(m.sampling().layout().visible(), 1); // not spins
    ActorRef<ChainGroup.Command> group = spawn(m, 0, 3, Long.MAX_VALUE, new InitialState.Given(new LayerBlock[] {zeros}),
        SamplerKind.GIBBS);
    TestProbe<GroupReport> probe = KIT.createTestProbe();
    probe.expectTerminated(group, Duration.ofSeconds(10));
  }

  static byte[] spins(ChainSnapshot c) {
    int n = c.layers().stream().mapToInt(LayerBlock::units).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (LayerBlock b : c.layers()) {
      for (int i = 0; i < b.units(); i++) {
        out[at++] = (byte) b.get(0, i);
      }
    }
    return out;
  }
}
