package org.ebmsim.actor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.SimulationEngine;
import org.ebmsim.testing.EngineRuns;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results do not depend on placement: the same seeded anneal and AIS sessions on one node
 * without a cluster, then on a cluster of 1, 2 and 3 nodes (actor systems in this JVM on loopback
 * ports, sharing a checkpoint folder and a model store), give the same bits, while the groups run
 * on every node.
 */
class ClusterPlacementTest {
  private static final EngineSettings SETTINGS = EngineSettings.defaults().withNativeBlas(false)
      .withSizing(new GroupSizing(12, 8, 100, 40));

  private static String run(SimulationEngine engine, Coordinator c, EnergyModel m, org.apache.pekko.actor.typed.ActorSystem<?> system)
      throws Exception {
    List<SessionEvent> events = EngineRuns.run(engine, c, m, system);
    assertTrue(events.get(events.size() - 1).isFinal(), "the session ended with its result: " + events);
    return SessionFingerprints.of(events);
  }

  @Test
  void annealAndAis_sameBitsOnOneTwoAndThreeNodes(@TempDir Path dir) throws Exception {
    EnergyModel hopfield = TestEnergyModels.hopfield(GroupProtocolSerializationTest.randomIsing(24, 11));
    EnergyModel rbm = TestEnergyModels.rbm(GroupProtocolSerializationTest.randomRbm(10, 6, 3));
    String anneal;
    String ais;
    ActorTestKit kit = ActorTestKit.create();
    try {
      SimulationEngine local = new SimulationEngine(kit.system(), SETTINGS);
      anneal = run(local, GroupProtocolSerializationTest.anneal(hopfield, 21), hopfield, kit.system());
      ais = run(local, GroupProtocolSerializationTest.ais(rbm), rbm, kit.system());
    } finally {
      kit.shutdownTestKit();
    }
    try (ClusterNodes cluster = new ClusterNodes(dir.resolve("checkpoints"), SETTINGS)) {
      cluster.store(TestEnergyModels.ref(hopfield), hopfield);
      cluster.store(TestEnergyModels.ref(rbm), rbm);
      for (int size = 1; size <= 3; size++) {
        ClusterNodes.Node node = cluster.add();
        // sessions start on the newest node; their groups go wherever sharding placed their shards
        assertEquals(anneal, run(node.engine(), GroupProtocolSerializationTest.anneal(hopfield, 21), hopfield,
            node.system()), "anneal on " + size + " node(s)");
        assertEquals(ais, run(node.engine(), GroupProtocolSerializationTest.ais(rbm), rbm, node.system()),
            "AIS on " + size + " node(s)");
      }
      // group k of every session lives in shard k (GroupShards): the shards the first sessions placed
      // on the first node are spread over the newcomers by the rebalancer, and with them the groups
      // of a session started on the first node (runs until they spread; each gives the same bits)
      ClusterNodes.Node first = cluster.nodes().get(0);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      int hosting = 0;
      List<Long> seen = List.of();
      while (hosting < 2 && System.nanoTime() < deadline) {
        long[] before = cluster.nodes().stream().mapToLong(n -> n.groups().groupsStarted()).toArray();
        assertEquals(ais, run(first.engine(), GroupProtocolSerializationTest.ais(rbm), rbm, first.system()),
            "AIS spread over 3 nodes");
        hosting = 0;
        for (int k = 0; k < 3; k++) {
          hosting += cluster.nodes().get(k).groups().groupsStarted() > before[k] ? 1 : 0;
        }
        seen = cluster.nodes().stream().map(n -> n.groups().groupsStarted()).toList();
      }
      assertTrue(hosting >= 2, "groups of one session ran on " + hosting + " of 3 nodes: " + seen);
      Path checkpoints = dir.resolve("checkpoints");
      assertFalse(GroupLock.sawContention(checkpoints), "a chain group found its lock held by another incarnation");
      // a session deletes its folder as it stops, just after its result went out (AIS groups write
      // a checkpoint at their last report): poll, with a deadline
      long gone = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      List<Path> left = sessionFolders(checkpoints);
      while (!left.isEmpty() && System.nanoTime() < gone) {
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(20); // polling the shared folder, with a deadline
        left = sessionFolders(checkpoints);
      }
      assertEquals(List.of(), left, "ended sessions leave no checkpoints");
    }
  }

  private static List<Path> sessionFolders(Path checkpoints) throws java.io.IOException {
    if (!Files.isDirectory(checkpoints)) {
      return List.of();
    }
    try (var left = Files.list(checkpoints)) {
      return left.filter(Files::isDirectory).toList();
    }
  }
}
