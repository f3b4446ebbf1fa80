package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
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
}
