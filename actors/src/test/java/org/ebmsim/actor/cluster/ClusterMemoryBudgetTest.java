package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chain groups placed on a node are charged to that node's memory budget while they live there
 * and give it back when they stop; a node whose budget cannot take a group refuses it (the
 * session is told RESOURCE_EXHAUSTED, as a ResourceLimitException naming the node) and keeps
 * running. Two actor systems on loopback: the first with a budget smaller than any group.
 */
class ClusterMemoryBudgetTest {
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false);

  private static GroupEntity.Order advance(String session, EnergyModel m, int index,
      TestProbe<GroupEntity.Notice> notices, TestProbe<GroupReport> reports) {
    GroupSpec.Sampling spec = new GroupSpec.Sampling(index, TestEnergyModels.ref(m), 16L * index, 16, 3,
        SamplerKind.GIBBS, new InitialState.Random(), 0);
    GroupOrders orders = new GroupOrders(TemperaturePlan.of(Schedule.geometric(2, 0.5, 2, 32)), List.of(),
        new int[0]);
    return new GroupEntity.Order(session, spec, List.of(), notices.getRef(), new ChainGroup.Advance(0, 64, orders,
        reports.getRef()), null);
  }

  /** Polls {@code value} until it is {@code expected} (deadline 20 s). */
  private static void await(LongSupplier value, long expected, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (value.getAsLong() != expected) {
      assertTrue(System.nanoTime() < deadline, what + ": " + value.getAsLong() + ", expected " + expected);
      TimeUnit.MILLISECONDS.sleep(20); // polling a budget another actor changes, with a deadline
    }
  }

  @Test
  void groups_chargedToTheirNodesBudget_releasedWhenStopped_refusedWhereTheyDoNotFit(@TempDir Path dir)
      throws Exception {
    EnergyModel m = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(24, 11));
    MemoryBudget small = new MemoryBudget(1024); // no group fits
    MemoryBudget large = new MemoryBudget(1L << 30);
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), SETTINGS)) {
      cluster.store(TestEnergyModels.ref(m), m);
      ClusterNodes.Node tight = cluster.add(small);
      TestProbe<GroupEntity.Notice> notices = TestProbe.create(tight.system());
      TestProbe<GroupReport> reports = TestProbe.create(tight.system());
      // alone in the cluster, the tight node hosts group 0: it refuses it and stays up
      tight.groups().group("s-a1", 0).tell(advance("s-a1", m, 0, notices, reports));
      GroupEntity.Failed refused = (GroupEntity.Failed) notices.receiveMessage(Duration.ofSeconds(20));
      assertEquals("ResourceLimitException", refused.requestError(), refused.toString());
      assertTrue(refused.message().contains("chain group 0 (16 chains) on node") && refused.message()
          .contains("memory budget"), refused.message());
      assertEquals(0, small.used(), "a refused group holds nothing");
      assertEquals(1, tight.groups().membersUp(), "the node that refused is still up");

      // a second node with room: the coordinator gives new shards to the region with fewer
      ClusterNodes.Node roomy = cluster.add(large);
      ClusterNodes.awaitRegions(tight, 2);
      tight.groups().group("s-a1", 1).tell(advance("s-a1", m, 1, notices, reports));
      GroupEntity.Placed placed = (GroupEntity.Placed) notices.receiveMessage(Duration.ofSeconds(20));
      assertEquals(roomy.system().address().toString(), placed.node(), "placed on the node with room");
      GroupReport.Sweeps done = (GroupReport.Sweeps) reports.receiveMessage(Duration.ofSeconds(20));
      assertEquals(64, done.sweep());
      long charged = GroupMemory.estimate(new GroupSpec.Sampling(1, TestEnergyModels.ref(m), 16, 16, 3,
          SamplerKind.GIBBS, new InitialState.Random(), 0), m);
      assertEquals(charged, large.used(), "the live group is charged to its node's budget");
      assertEquals(0, small.used());
      tight.groups().group("s-a1", 1).tell(GroupEntity.Stop.INSTANCE);
      await(large::used, 0, "bytes held after the group stopped");
    }
  }
}
