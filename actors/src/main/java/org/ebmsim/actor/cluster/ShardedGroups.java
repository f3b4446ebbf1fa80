package org.ebmsim.actor.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.memory.MemoryBudget;

/**
 * This node's part in running chain groups across the cluster: it hosts {@link GroupEntity}s the
 * cluster places here (built from this node's model cache and settings) and lets this node's
 * sessions address their groups wherever they run.
 */
public final class ShardedGroups {
  private final ClusterSharding sharding;
  private final ClusterSettings settings;
  private final ActorSystem<?> system;
  private final java.util.concurrent.atomic.AtomicLong started;

  private ShardedGroups(ActorSystem<?> system, ClusterSharding sharding, ClusterSettings settings,
      java.util.concurrent.atomic.AtomicLong started) {
    this.system = system;
    this.sharding = sharding;
    this.settings = settings;
    this.started = started;
  }

  /** Chain groups this node has started (each incarnation once): where the cluster placed work. */
  public long groupsStarted() {
    return started.get();
  }

  /** Starts hosting chain-group entities on {@code system} (a cluster node), without a memory budget. */
  public static ShardedGroups start(ActorSystem<?> system, ModelCache cache, EngineSettings engine,
      ClusterSettings settings) {
    return start(system, cache, engine, settings, new MemoryBudget(Long.MAX_VALUE));
  }

  /**
   * Starts hosting chain-group entities on {@code system} (a cluster node), each charged to
   * {@code budget} while it lives here (see {@link GroupEntity}).
   */
  public static ShardedGroups start(ActorSystem<?> system, ModelCache cache, EngineSettings engine,
      ClusterSettings settings, MemoryBudget budget) {
    ClusterSharding sharding = ClusterSharding.get(system);
    java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
    sharding.init(Entity.of(GroupEntity.KEY, ctx -> GroupEntity.create(ctx.getEntityId(), cache, engine, settings,
            budget, started::incrementAndGet))
        // a hand-off (rebalance, a node leaving) stops the group; it resumes from its checkpoint elsewhere
        .withStopMessage(GroupEntity.Stop.INSTANCE)
        .withMessageExtractor(new GroupShards()));
    return new ShardedGroups(system, sharding, settings, started);
  }

  /** Members this node sees Up, itself included. */
  public int membersUp() {
    int up = 0;
    for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.typed.Cluster.get(system).state().getMembers()) {
      up += m.status() == org.apache.pekko.cluster.MemberStatus.up() ? 1 : 0;
    }
    return up;
  }

  public ClusterSettings settings() {
    return settings;
  }

  /**
   * Whether chain groups can checkpoint in this JVM (their random streams can be saved): without
   * checkpoints a session whose orders depend on reports would have to keep every round's orders,
   * so such sessions keep their groups on their node.
   */
  public static boolean groupsCheckpoint() {
    return org.ebmsim.dynamics.RandomStreamState.available();
  }

  /** The rounds of orders a session run by {@code coordinator} keeps for its rebuilt groups (≥ 1). */
  public int historyRounds(org.ebmsim.session.Coordinator coordinator) {
    return Math.max(1, coordinator.roundsBetweenCheckpoints(settings.checkpointEvery()));
  }

  /**
   * Bytes the session run by {@code coordinator} holds on its node for its groups being sharded:
   * the orders it keeps for rebuilt groups (0 for sessions whose orders are a schedule).
   */
  public long sessionBytes(org.ebmsim.session.Coordinator coordinator) {
    if (!coordinator.ordersDependOnReports() || !groupsCheckpoint()) {
      return 0;
    }
    return org.ebmsim.session.RoundHistory.bytes(coordinator.chains(), historyRounds(coordinator));
  }

  /**
   * Whether the orders a session run by {@code coordinator} may send again fit the cluster
   * transport: an order to a rebuilt group carries the group's slice of the round log
   * ({@link org.ebmsim.session.ReplayRounds}), and a message above Artery's frame
   * ({@code pekko.remote.artery.advanced.maximum-frame-size}) is dropped, so the group would never get
   * its round and the session would wait forever. Sessions whose slices could outgrow half the
   * frame keep their groups on their node instead (as they did before tempering spread).
   *
   * @param largestGroupChains the chains of the session's largest group
   */
  public boolean replayFits(org.ebmsim.session.Coordinator coordinator, int largestGroupChains) {
    if (!coordinator.ordersDependOnReports()) {
      return true;
    }
    return replayBytes(historyRounds(coordinator), largestGroupChains) <= frameBytes(system) / 2;
  }

  /** Room an order leaves beside its spec for the round's orders and the clamp log (at most a quarter of the frame). */
  private static final long ORDER_ROOM = 32 * 1024;

  /** Each group's spec as the cluster transport would write it, in bytes (the orders' largest part). */
  public long[] specBytes(java.util.List<org.ebmsim.session.GroupSpec> specs) {
    FrameCheck frames = new FrameCheck(system);
    long[] bytes = new long[specs.size()];
    for (int g = 0; g < bytes.length; g++) {
      bytes[g] = frames.bytes(specs.get(g));
    }
    return bytes;
  }

  /**
   * Whether every group's spec ({@link #specBytes}) fits the cluster transport's frame with
   * {@value #ORDER_ROOM} bytes (or a quarter of a smaller frame) to spare: each order to a sharded
   * group carries its spec (given initial states: its chains' rows; AIS: its temperatures), and an
   * order above the frame would be dropped in transit, leaving the session waiting. A session whose
   * specs do not fit keeps its groups on its node.
   */
  public boolean specsFit(long[] specBytes) {
    long frame = frameBytes(system);
    long most = frame - Math.min(ORDER_ROOM, frame / 4);
    for (long bytes : specBytes) {
      if (bytes > most) {
        return false;
      }
    }
    return true;
  }

  /**
   * An upper bound of a group's slice of the log on the wire: per round its two bounds and palette
   * index, and per chain a level index (CBOR: at most 2 bytes below 256 levels, 3 below 65 536), plus
   * the palettes and the order around it.
   */
  static long replayBytes(int rounds, int chains) {
    return (long) rounds * (3L * chains + 24) + 8192;
  }

  /** The largest message Artery sends between the nodes of {@code system}. */
  static long frameBytes(ActorSystem<?> system) {
    String path = "pekko.remote.artery.advanced.maximum-frame-size";
    com.typesafe.config.Config config = system.settings().config();
    return config.hasPath(path) ? config.getBytes(path) : 256 * 1024;
  }

  /** Group {@code index} of session {@code session}, wherever the cluster runs it. */
  public EntityRef<GroupEntity.Command> group(String session, int index) {
    return sharding.entityRefFor(GroupEntity.KEY, GroupEntity.entityId(session, index));
  }

  /** The session's checkpoints and lock files. */
  public CheckpointFolder checkpoints(String session) {
    return CheckpointFolder.of(settings.checkpointDir(), session);
  }
}
