package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.SimulationEngine;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's reply that is too large for the cluster transport fails its session with a precise
 * RESOURCE_EXHAUSTED instead of vanishing in Artery (which drops oversized messages and would leave
 * the session waiting forever). Two actor systems on loopback with a 32 KiB frame; group 1 (48
 * chains of 1 000 units) runs on the second node and answers probes on the first: its reports
 * cross, its final result with every chain's states (≈ 48 KB) cannot.
 */
class ClusterFrameTest {
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false);
  private static final int CHAINS = 48;

  private static GroupSpec.Sampling spec(EnergyModel m, int index) {
    return new GroupSpec.Sampling(index, TestEnergyModels.ref(m), (long) CHAINS * index, CHAINS, 3, SamplerKind.GIBBS,
        new InitialState.Random(), 0);
  }

  private static GroupEntity.Order advance(String session, EnergyModel m, int index,
      TestProbe<GroupEntity.Notice> notices, TestProbe<GroupReport> reports) {
    GroupOrders orders = new GroupOrders(TemperaturePlan.of(Schedule.geometric(2, 0.5, 2, 16)), List.of(),
        new int[0]);
    return new GroupEntity.Order(session, spec(m, index), List.of(), notices.getRef(), new ChainGroup.Advance(0, 32,
        orders, reports.getRef()), null);
  }

  private static GroupEntity.Order finish(String session, EnergyModel m, int index,
      TestProbe<GroupEntity.Notice> notices, TestProbe<GroupFinal> finals) {
    return new GroupEntity.Order(session, spec(m, index), List.of(), notices.getRef(), null,
        new ChainGroup.Finish(new int[0], true, finals.getRef()));
  }

  @Test
  void finalResultAboveTheFrame_failsTheSessionPrecisely_whileSmallRepliesCross(@TempDir Path dir) throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(1000, 5));
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), SETTINGS,
        "pekko.remote.artery.advanced.maximum-frame-size = 32KiB")) {
      cluster.store(TestEnergyModels.ref(m), m);
      ClusterNodes.Node first = cluster.add();
      TestProbe<GroupEntity.Notice> notices = TestProbe.create(first.system());
      TestProbe<GroupReport> reports = TestProbe.create(first.system());
      TestProbe<GroupFinal> finals = TestProbe.create(first.system());
      // group 0 on the first node (alone in the cluster): its final result stays on the node, any size
      first.groups().group("s-f1", 0).tell(advance("s-f1", m, 0, notices, reports));
      assertEquals(first.system().address().toString(),
          ((GroupEntity.Placed) notices.receiveMessage(Duration.ofSeconds(20))).node());
      assertEquals(32, ((GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(20))).sweep());
      first.groups().group("s-f1", 0).tell(finish("s-f1", m, 0, notices, finals));
      assertEquals(CHAINS, finals.receiveMessage(Duration.ofSeconds(20)).allFinalStates().get(0).rows(),
          "a local final result carries every chain's states");

      // group 1 on the second node: its report crosses, its final result cannot
      ClusterNodes.Node second = cluster.add();
      ClusterNodes.awaitRegions(first, 2);
      first.groups().group("s-f1", 1).tell(advance("s-f1", m, 1, notices, reports));
      assertEquals(second.system().address().toString(),
          ((GroupEntity.Placed) notices.receiveMessage(Duration.ofSeconds(20))).node());
      assertEquals(32, ((GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(20))).sweep(),
          "a report within the frame crosses");
      first.groups().group("s-f1", 1).tell(finish("s-f1", m, 1, notices, finals));
      GroupEntity.Failed failed = (GroupEntity.Failed) notices.receiveMessage(Duration.ofSeconds(20));
      assertEquals("ResourceLimitException", failed.requestError(), failed.toString());
      assertTrue(failed.message().contains("chain group 1's final result takes")
          && failed.message().contains("maximum-frame-size"), failed.message());
      finals.expectNoMessage(Duration.ofMillis(200));
      assertEquals(2, first.groups().membersUp(), "both nodes stay up");
    }
  }

  /** An anneal of 96 chains of 600 units from given per-chain states (57.6 kB of states in all). */
  private static AnnealCoordinator givenAnneal(EnergyModel m) {
    LayerBlock given = LayerBlock.ofBytes(
        m.sampling().layout().visible(), 96);
    SplittableRandom r = new SplittableRandom(8);
    for (int c = 0; c < 96; c++) {
      for (int i = 0; i < 600; i++) {
        given.set(c, i, r.nextBoolean() ? 1 : -1);
      }
    }
    return EngineRuns.anneal(m, 96, 4, Schedule.geometric(2.0, 0.5, 2, 10), SamplerKind.GIBBS,
        new LayerBlock[] {given}, 10, AnnealCoordinator.SampleMode.EVERY,
        10, 2, 4);
  }

  private static String fingerprint(List<SessionEvent> events) {
    assertTrue(events.get(events.size() - 1).isFinal(), "the session ended with its result: " + events);
    return SessionFingerprints.of(events);
  }

  /**
   * Given initial states travel with each group's spec in every order: a group carries only its
   * chains' rows (24 chains × 600 units, within the frame, where the whole session's 57.6 kB are
   * not), so the session spreads and gives the single-node bits; with groups of 48 chains even a
   * group's rows (28.8 kB) would leave too little of the frame for the rest of an order (specs may
   * take 24 KiB of a 32 KiB frame), and the session keeps its groups on its node.
   */
  @Test
  void givenInitialStates_travelPerGroup_andSessionsWhoseSpecsCannotCrossStayLocal(@TempDir Path dir)
      throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(600, 9));
    EngineSettings small = SETTINGS.withSizing(new GroupSizing(24, 8, 100, 40));
    EngineSettings large = SETTINGS.withSizing(new GroupSizing(48, 8, 100, 40));
    String reference24;
    String reference48;
    ActorTestKit kit = ActorTestKit.create();
    try {
      reference24 = fingerprint(EngineRuns.run(new SimulationEngine(kit.system(), small), givenAnneal(m), m,
          kit.system()));
      reference48 = fingerprint(EngineRuns.run(new SimulationEngine(kit.system(), large), givenAnneal(m), m,
          kit.system()));
    } finally {
      kit.shutdownTestKit();
    }
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("small"), small,
        "pekko.remote.artery.advanced.maximum-frame-size = 32KiB")) {
      cluster.store(TestEnergyModels.ref(m), m);
      ClusterNodes.Node first = cluster.add();
      ClusterNodes.Node second = cluster.add();
      ClusterNodes.awaitRegions(first, 2);
      ClusterNodes.runUntilBothNodesRan(first, second, reference24,
          () -> fingerprint(EngineRuns.run(first.engine(), givenAnneal(m), m, first.system())));
    }
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("large"), large,
        "pekko.remote.artery.advanced.maximum-frame-size = 32KiB")) {
      cluster.store(TestEnergyModels.ref(m), m);
      ClusterNodes.Node first = cluster.add();
      ClusterNodes.Node second = cluster.add();
      assertEquals(reference48, fingerprint(EngineRuns.run(first.engine(), givenAnneal(m), m,
          first.system())), "given states kept on the session's node");
      assertEquals(0, first.groups().groupsStarted() + second.groups().groupsStarted(),
          "no group was sharded: 48 chains' rows leave too little of the frame");
    }
  }

  /**
   * An order too large for the frame (a 5 000-temperature schedule travels with every round's
   * orders: ≈ 45 kB against a 32 KiB frame) fails the session with RESOURCE_EXHAUSTED naming the
   * setting, at once, instead of vanishing in the transport while the session waits; the nodes stay
   * up and run the next session.
   */
  @Test
  void orderAboveTheFrame_failsTheSessionPrecisely(@TempDir Path dir) throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(24, 3));
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), SETTINGS,
        "pekko.remote.artery.advanced.maximum-frame-size = 32KiB")) {
      cluster.store(TestEnergyModels.ref(m), m);
      ClusterNodes.Node first = cluster.add();
      cluster.add();
      ClusterNodes.awaitRegions(first, 2); // so that some of the session's groups are placed on the second node
      AnnealCoordinator longSchedule = EngineRuns.anneal(m, 48, 1,
          Schedule.geometric(3.0, 0.1, 5000, 1), SamplerKind.GIBBS, null, 1000,
          AnnealCoordinator.SampleMode.EVERY, 1000, 1, 0);
      ExecutionException failed = assertThrows(
          ExecutionException.class,
          () -> EngineRuns.run(first.engine(), longSchedule, m, first.system()));
      assertTrue(failed.getCause() instanceof ResourceLimitException, failed.toString());
      assertTrue(failed.getCause().getMessage().contains("maximum-frame-size"), failed.getCause().getMessage());
      // the cluster runs the next session
      fingerprint(EngineRuns.run(first.engine(), GroupProtocolSerializationTest.anneal(m, 2), m,
          first.system()));
    }
  }
}
