package org.ebmsim.actor.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ModelRef;
import org.ebmsim.stream.SimulationEngine;

/**
 * Cluster nodes as actor systems in this JVM, on free loopback ports, sharing one checkpoint
 * folder and one model "store" (a map every node's cache loads from, as nodes share a data folder).
 */
final class ClusterNodes implements AutoCloseable {
  record Node(ActorSystem<Void> system, SimulationEngine engine, ShardedGroups groups) {}

  private final Path checkpoints;
  private final EngineSettings engineSettings;
  private final Map<ModelRef, EnergyModel> store = new ConcurrentHashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private String seed;

  ClusterNodes(Path checkpoints, EngineSettings engineSettings) {
    this(checkpoints, engineSettings, "");
  }

  /** Nodes whose Pekko configuration starts with {@code extraConfig} (HOCON), e.g. a smaller frame. */
  ClusterNodes(Path checkpoints, EngineSettings engineSettings, String extraConfig) {
    this.checkpoints = checkpoints;
    this.engineSettings = engineSettings;
    this.extraConfig = extraConfig;
  }

  private final String extraConfig;

  /** Makes {@code model} readable by every node under {@code ref}. */
  void store(ModelRef ref, EnergyModel model) {
    store.put(ref, model);
  }

  List<Node> nodes() {
    return nodes;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts one more node (the first forms the cluster, the others join it) and waits until all are up. */
  Node add() throws Exception {
    return add(new org.ebmsim.memory.MemoryBudget(Long.MAX_VALUE));
  }

  /** {@link #add()}, the chain groups the node hosts charged to {@code groupBudget}. */
  Node add(org.ebmsim.memory.MemoryBudget groupBudget) throws Exception {
    int port = freePort();
    if (seed == null) {
      seed = "127.0.0.1:" + port;
    }
    ClusterSettings settings = new ClusterSettings(true, "127.0.0.1", port, List.of(seed), 64, checkpoints,
        Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2));
    Config config = ConfigFactory.parseString(extraConfig).withFallback(settings.pekkoConfig()).withFallback(
        ConfigFactory.parseString(
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
            + "pekko.loglevel = WARNING\n"
            + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
            // the shards move to newcomers within a second or two, not the default 10 s
            + "pekko.cluster.sharding.rebalance-interval = 1s"))
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, config);
    SimulationEngine engine = new SimulationEngine(system, engineSettings);
    engine.cache().loadFrom(ref -> Optional.ofNullable(store.get(ref)));
    ShardedGroups groups = ShardedGroups.start(system, engine.cache(), engineSettings, settings, groupBudget);
    engine.useCluster(groups);
    Node node = new Node(system, engine, groups);
    nodes.add(node);
    awaitUp(nodes.size());
    return node;
  }

  /**
   * Runs a session (its fingerprint from {@code run}) until one run's groups started on both nodes,
   * asserting each run gives {@code reference}: sharding may first place every group on one node
   * while the other's region registers, and its rebalancer then moves shards (deadline 60 s).
   *
   * @return the runs it took
   */
  static int runUntilBothNodesRan(Node first, Node second, String reference,
      java.util.concurrent.Callable<String> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int runs = 0;
    while (System.nanoTime() < deadline) {
      long onFirst = first.groups().groupsStarted();
      long onSecond = second.groups().groupsStarted();
      runs++;
      if (!reference.equals(run.call())) {
        throw new AssertionError("run " + runs + " on 2 nodes differs from the reference");
      }
      if (first.groups().groupsStarted() > onFirst && second.groups().groupsStarted() > onSecond) {
        return runs;
      }
    }
    throw new AssertionError("no run's groups ran on both nodes in 60 s (" + runs + " runs): "
        + first.groups().groupsStarted() + " and " + second.groups().groupsStarted() + " groups started");
  }

  /** Polls until the shard coordinator knows {@code regions} regions (so it may allocate shards to each). */
  static void awaitRegions(Node node, int regions) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    TestProbe<ClusterShardingStats> stats = TestProbe.create(node.system());
    while (true) {
      ClusterSharding.get(node.system()).shardState().tell(new GetClusterShardingStats(GroupEntity.KEY,
          Duration.ofSeconds(3), stats.getRef()));
      if (stats.receiveMessage(Duration.ofSeconds(10)).getRegions().size() == regions) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the coordinator did not see " + regions + " regions in 30 s");
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling the coordinator's view, with a deadline
    }
  }

  /** Polls until every node sees {@code count} members up (deadline 30 s). */
  void awaitUp(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (Node n : nodes) {
        long up = 0;
        for (org.apache.pekko.cluster.Member m : Cluster.get(n.system()).state().getMembers()) {
          up += m.status() == MemberStatus.up() ? 1 : 0;
        }
        all &= up == count;
      }
      if (all) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20); // polling a membership view with a deadline, not synchronising on time
    }
    throw new AssertionError("the cluster did not reach " + count + " members up in 30 s");
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.system().terminate();
    }
    for (Node n : nodes) {
      try {
        n.system().getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a node that does not stop in time: the JVM ends it
      }
    }
  }
}
