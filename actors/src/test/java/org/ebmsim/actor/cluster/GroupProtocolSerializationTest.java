package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.ClampChange;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.session.ModelRef;
import org.ebmsim.session.PartitionFunctionCoordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.SimulationEngine;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The session ↔ chain-group protocol is plain data that crosses nodes: with
 * {@code serialize-messages = on} every message of a session is written and read back by its
 * bound serializer (Jackson CBOR) before delivery, and the results are the same bits as without.
 */
class GroupProtocolSerializationTest {
  private static final ActorTestKit PLAIN = ActorTestKit.create();
  private static final ActorTestKit CHECKED = ActorTestKit.create("checked", ConfigFactory.parseString(
      "pekko.actor.serialize-messages = on").withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    PLAIN.shutdownTestKit();
    CHECKED.shutdownTestKit();
  }

  static IsingModel randomIsing(int n, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.3 * r.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = 0.5 * r.nextGaussian();
      }
    }
    return IsingModel.of(n, w, b);
  }

  static BinaryRbm randomRbm(int v, int h, long seed) {
    Random r = new Random(seed);
    double[] w = new double[v * h];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
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

  static AnnealCoordinator anneal(EnergyModel m, long seed) {
    return EngineRuns.anneal(m, 48, seed, Schedule.geometric(3.0, 0.2, 6, 20), SamplerKind.GIBBS, null, 20,
        AnnealCoordinator.SampleMode.EVERY, 20, 3, 8);
  }

  static PartitionFunctionCoordinator ais(EnergyModel model) {
    AisSupport ais = model.ais().orElseThrow();
    // data rows: reverse chains start from them (a matrix in each reverse group's spec)
    LayerBlock data = LayerBlock.ofBytes(model.sampling().layout().visible(), 120);
    Random r = new Random(5);
    for (int k = 0; k < data.rows(); k++) {
      for (int i = 0; i < data.units(); i++) {
        data.set(k, i, r.nextBoolean() ? 1 : 0);
      }
    }
    AisSupport.AisPathSpec spec = ais.pathSpec(AisSupport.Base.UNIFORM, data);
    return new PartitionFunctionCoordinator(new PartitionFunctionCoordinator.Request(TestEnergyModels.ref(model),
        model.sampling().layout(), spec, ais.constants(spec), AisSchedule.uniform(200), 120, 11L, 50,
        true, data, ais.negativeFreeEnergies(data), true));
  }

  private static String run(ActorSystem<?> system, Coordinator c, EnergyModel m) throws Exception {
    SimulationEngine engine = new SimulationEngine(system, EngineSettings.defaults().withNativeBlas(false)
        .withSizing(new GroupSizing(12, 4, 100, 40)));
    List<SessionEvent> events = EngineRuns.run(engine, c, m, system);
    assertTrue(events.get(events.size() - 1).isFinal(), "the session ended with its result");
    return SessionFingerprints.of(events);
  }

  @Test
  void anneal_everyMessageThroughItsSerializer_sameBitsAsLocal() throws Exception {
    EnergyModel hopfield = TestEnergyModels.hopfield(randomIsing(20, 1));
    EnergyModel boltzmann = TestEnergyModels.boltzmann(randomIsing(14, 2), 10); // two layers: layer actors too
    for (EnergyModel m : List.of(hopfield, boltzmann)) {
      String local = run(PLAIN.system(), anneal(m, 7), m);
      assertEquals(local, run(CHECKED.system(), anneal(m, 7), m));
      assertTrue(local.contains("result"), local);
    }
  }

  @Test
  void ais_everyMessageThroughItsSerializer_sameBitsAsLocal() throws Exception {
    EnergyModel rbm = TestEnergyModels.rbm(randomRbm(10, 6, 3));
    String local = run(PLAIN.system(), ais(rbm), rbm);
    assertEquals(local, run(CHECKED.system(), ais(rbm), rbm));
    assertTrue(local.contains("ais result"), local);
  }

  /** Specs and orders an anneal does not send (given states, cues, AIS starts, steering) survive the wire too. */
  @Test
  void specsAndOrders_roundTripThroughJacksonCbor() throws Exception {
    Serialization s = SerializationExtension.get(CHECKED.system().classicSystem());
    EnergyModel m = TestEnergyModels.hopfield(randomIsing(6, 4));
    LayerBlock given = LayerBlock.ofBytes(m.sampling().layout().visible(), 2);
    for (int i = 0; i < 6; i++) {
      given.set(0, i, i % 2 == 0 ? 1 : -1);
      given.set(1, i, -1);
    }
    ModelRef ref = new ModelRef("m-0123456789abcdef", 3);
    GroupSpec.Sampling sampling = new GroupSpec.Sampling(2, ref, 32, 16, 99L, SamplerKind.METROPOLIS,
        new InitialState.Given(new LayerBlock[] {given}), 40);
    GroupSpec.Sampling cue = new GroupSpec.Sampling(0, ref, 0, 4, 1L, SamplerKind.GIBBS,
        new InitialState.Cue(given.copyRows(new int[] {0}), new boolean[] {true, false, true, true, false, false}),
        Long.MAX_VALUE);
    GroupSpec.Ais ais = new GroupSpec.Ais(1, ref, true, 10, 2, 5L, new AisSupport.AisPathSpec(new double[] {0.5, -1}),
        new double[] {0, 0.5, 1}, FloatMatrix.wrap(2, 3, new float[] {1, 0, 1, 0, 1, 1}));
    TemperaturePlan plan = TemperaturePlan.of(Schedule.geometric(2, 0.1, 5, 7)).withTemperature(12, 0.7)
        .withTemperature(20, 0.3);
    GroupOrders orders = new GroupOrders(plan, List.of(new ClampChange(0, new int[] {1, 3}, new double[] {1, -1}),
        new ClampChange(0, new int[] {2}, null)), new int[] {4, 5});
    for (Object o : List.of(sampling, cue, ais)) {
      Object back = roundTrip(s, o);
      assertNotSame(o, back);
      assertEquals(describe(o), describe(back));
    }
    GroupOrders back = ((GroupEntity.Order) roundTrip(s, new GroupEntity.Order("s-1", sampling, List.of(), null,
        new org.ebmsim.actor.group.ChainGroup.Advance(20, 40, orders, null), null))).advance().orders();
    for (long sweep = 0; sweep < 35; sweep++) {
      assertEquals(plan.temperatureOfSweep(sweep), back.temperatures().temperatureOfSweep(sweep), 0.0);
    }
    assertEquals(2, back.clamps().size());
    assertArrayEquals(new double[] {1, -1}, back.clamps().get(0).values());
    assertTrue(back.clamps().get(1).release());
    assertArrayEquals(new int[] {4, 5}, back.sampleChains());

    // a tempering round sent again with the rounds a rebuilt group replays (each at its temperatures)
    org.ebmsim.session.RoundHistory history = new org.ebmsim.session.RoundHistory(0, 10);
    history.add(0, 3, new double[] {0.5, 1.5, 3, 0.5, 1.5, 3});
    history.add(3, 6, new double[] {1.5, 0.5, 3, 3, 1.5, 0.5});
    org.ebmsim.session.ReplayRounds missed = history.forChains(2, 3, 0, 6);
    GroupOrders tempering = GroupOrders.tempering(new double[] {3, 1.5, 0.5, 0.5, 3, 1.5}, new int[0], true, null);
    org.ebmsim.actor.group.ChainGroup.Advance again = ((GroupEntity.Order) roundTrip(s, new GroupEntity.Order("s-1",
        sampling, List.of(), null, new org.ebmsim.actor.group.ChainGroup.Advance(6, 9, tempering, null, missed),
        null))).advance();
    assertArrayEquals(new double[] {3, 1.5, 0.5, 0.5, 3, 1.5}, again.orders().chainTemperatures(), 0.0);
    assertTrue(again.orders().jointEnergies());
    assertEquals(2, again.missed().rounds());
    assertEquals(0, again.missed().firstFrom(0, 6));
    assertArrayEquals(new double[] {3, 0.5, 1.5}, again.missed().temperatures(0, 3), 0.0);
    assertArrayEquals(new double[] {3, 3, 1.5}, again.missed().temperatures(1, 3), 0.0);
  }

  private static Object roundTrip(Serialization s, Object o) throws Exception {
    org.apache.pekko.serialization.Serializer ser = s.findSerializerFor(o);
    assertEquals("org.apache.pekko.serialization.jackson.JacksonCborSerializer", ser.getClass().getName());
    byte[] bytes = s.serialize(o).get();
    return s.deserialize(bytes, ser.identifier(), Serializers.manifestFor(ser, o)).get();
  }

  /** A spec's contents with its arrays by value. */
  private static String describe(Object spec) {
    if (spec instanceof GroupSpec.Sampling g) {
      String init = g.initial() instanceof InitialState.Given given ? "given " + given.layers()[0]
          : g.initial() instanceof InitialState.Cue c ? "cue " + c.cue() + java.util.Arrays.toString(c.known())
          : "random";
      return g.index() + " " + g.model() + " " + g.firstChain() + " " + g.chains() + " " + g.seed() + " " + g.sampler()
          + " " + init + " " + java.util.Arrays.toString(init.startsWith("given") ? ((InitialState.Given) g.initial())
          .layers()[0].bytes() : new byte[0]) + " " + g.averageFromSweep();
    }
    GroupSpec.Ais a = (GroupSpec.Ais) spec;
    return a.index() + " " + a.model() + " " + a.reverse() + " " + a.firstChain() + " " + a.chains() + " " + a.seed()
        + java.util.Arrays.toString(a.path().baseVisibleBias()) + java.util.Arrays.toString(a.betas())
        + a.reverseStart();
  }
}
