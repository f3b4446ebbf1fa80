package org.ebmsim.actor.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.group.AisChainGroup;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.actor.group.GroupRecovery;
import org.ebmsim.actor.session.SimulationSession;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.ClampAt;
import org.ebmsim.session.ClusterSerializable;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;

/**
 * One chain group of a session as a sharded entity (id: session id, "-g", group index), placed on
 * any node of the cluster. Every order carries the group's plain {@link GroupSpec} and the
 * session's clamp log, so whichever node the entity starts on builds the group from them, its
 * model from the node's store and its chains from the latest checkpoint in the shared checkpoint
 * folder (or from the start), and replays to the session's round. It tells the session where it
 * started ({@link Placed}) and how its group failed ({@link Failed}).
 *
 * <p>Exclusivity: while it runs the entity holds the group's lock file ({@link GroupLock}); an
 * entity that finds it held (the group running elsewhere) notes the contention and waits for it.
 *
 * <p>Memory: the group's estimated bytes ({@link GroupMemory}) are charged to the hosting node's
 * {@link MemoryBudget} before the group is built and given back when the entity stops (the session
 * ended, or the group moved to another node). A node whose budget cannot take the group refuses
 * it: the session fails with RESOURCE_EXHAUSTED naming the node's budget. (Sharding places shards
 * by count, not by size; a refusal is the session's answer, never a crash of the node.)
 */
public final class GroupEntity extends AbstractBehavior<GroupEntity.Command> {
  public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "chain-group");

  public interface Command {}

  /**
   * An order for the group ({@code advance} or {@code finish}, exactly one set), with what a new
   * incarnation of the group is built from.
   */
  public record Order(String session, GroupSpec spec, List<ClampAt> clampLog, ActorRef<Notice> notices,
      ChainGroup.Advance advance, ChainGroup.Finish finish) implements Command, ClusterSerializable {
    public Order {
      clampLog = List.copyOf(clampLog);
    }
  }

  /** The session has ended (or this incarnation is handed off): stop the group. */
  public enum Stop implements Command, ClusterSerializable { INSTANCE }

  private enum RetryLock implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded { INSTANCE }

  /** A report of the group, on its way to the session (see {@link #relay}). */
  private record Reported(GroupReport report) implements Command,
      org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** The group's final result, on its way to the session (see {@link #relay}). */
  private record Finished(GroupFinal result) implements Command,
      org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** What an entity tells its session. */
  public sealed interface Notice extends ClusterSerializable {}

  /**
   * The group started on {@code node}, from the checkpoint after {@code restoredSweep} sweeps (AIS
   * groups: temperatures; 0: from the start). A second one for the same group means it was moved.
   */
  public record Placed(int group, String node, long restoredSweep) implements Notice {}

  /**
   * The group failed; {@code requestError} names the request-error type that caused it (the
   * session passes it on as that error), empty for an internal failure.
   */
  public record Failed(int group, String requestError, String message) implements Notice {}

  private final ModelCache cache;
  /** Where the group's replies go through this entity: made once, so every incarnation's orders name them. */
  private final ActorRef<GroupReport> reportRelay;
  private final ActorRef<GroupFinal> finalRelay;
  /** The session's addresses for reports and the final result, from its latest orders. */
  private ActorRef<GroupReport> reportsTo;
  private ActorRef<GroupFinal> finalTo;
  private FrameCheck frames;
  private final EngineSettings settings;
  private final ClusterSettings cluster;
  private final String entityId;
  private final java.util.ArrayDeque<Order> waiting = new java.util.ArrayDeque<>();
  private ActorRef<ChainGroup.Command> group;
  private Order first;
  private GroupLock lock;
  private boolean modelPinned;
  private final MemoryBudget budget;
  private MemoryBudget.Reservation memory;

  /**
   * @param budget this node's memory budget, charged with the group while it lives here
   * @param onStart told each time a group starts here
   */
  public static Behavior<Command> create(String entityId, ModelCache cache, EngineSettings settings,
      ClusterSettings cluster, MemoryBudget budget, Runnable onStart) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new GroupEntity(ctx, timers, entityId, cache, settings, cluster, budget, onStart)));
  }

  private final Runnable onStart;

  private final TimerScheduler<Command> timers;

  private GroupEntity(ActorContext<Command> ctx, TimerScheduler<Command> timers, String entityId, ModelCache cache,
      EngineSettings settings, ClusterSettings cluster, MemoryBudget budget, Runnable onStart) {
    super(ctx);
    this.budget = budget;
    this.onStart = onStart;
    this.timers = timers;
    this.entityId = entityId;
    this.cache = cache;
    this.settings = settings;
    this.cluster = cluster;
    this.reportRelay = ctx.messageAdapter(GroupReport.class, Reported::new);
    this.finalRelay = ctx.messageAdapter(GroupFinal.class, Finished::new);
  }

  /** The sharded entity id of group {@code index} of session {@code session}. */
  public static String entityId(String session, int index) {
    return session + "-g" + index;
  }

  /** The group index in an {@link #entityId} (session ids hold no "-g": "s-" and hex digits). */
  static int indexOf(String entityId) {
    return Integer.parseInt(entityId.substring(entityId.lastIndexOf("-g") + 2));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Order.class, this::onOrder)
        .onMessage(RetryLock.class, r -> tryStart())
        .onMessage(Reported.class, r -> relay(r.report(), reportsTo, "report"))
        .onMessage(Finished.class, f -> relay(f.result(), finalTo, "final result"))
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .onSignal(ChildFailed.class, this::onGroupFailed)
        .onSignal(Terminated.class, t -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> {
          release();
          return this;
        })
        .build();
  }

  private Behavior<Command> onOrder(Order o) {
    if (group != null) {
      forward(o);
      return this;
    }
    waiting.add(o);
    if (first == null) {
      first = o;
      return tryStart();
    }
    return this;
  }

  /**
   * Passes the order on with this entity as the reply address, so that the group's replies go
   * through {@link #relay} (the session's addresses are kept from the order).
   */
  private void forward(Order o) {
    if (o.advance() != null) {
      ChainGroup.Advance a = o.advance();
      reportsTo = a.replyTo();
      group.tell(new ChainGroup.Advance(a.from(), a.to(), a.orders(), reportRelay, a.missed()));
    } else {
      ChainGroup.Finish f = o.finish();
      finalTo = f.replyTo();
      group.tell(new ChainGroup.Finish(f.at(), f.chains(), f.allFinalStates(), finalRelay));
    }
  }

  /**
   * Sends a reply of the group to the session; one too large to cross the cluster transport (the
   * session is on another node) fails the session with RESOURCE_EXHAUSTED instead of vanishing in
   * the transport, which would leave the session waiting for it forever.
   */
  private <T> Behavior<Command> relay(T reply, ActorRef<T> target, String what) {
    if (target == null) {
      return this;
    }
    if (FrameCheck.remote(target)) {
      if (frames == null) {
        frames = new FrameCheck(getContext().getSystem());
      }
      long bytes = frames.oversize(reply);
      if (bytes >= 0) {
        String message = "chain group " + first.spec().index() + "'s " + what + " takes " + bytes
            + " bytes, more than the cluster's message frame allows (" + frames.limit()
            + " bytes; pekko.remote.artery.advanced.maximum-frame-size): ask for fewer states or samples, or raise"
            + " the frame";
        getContext().getLog().warn(message);
        first.notices().tell(new Failed(first.spec().index(), ResourceLimitException.class.getSimpleName(), message));
        return Behaviors.stopped();
      }
    }
    target.tell(reply);
    return this;
  }

  /** Takes the group's lock and builds the group; waits if another incarnation still holds the lock. */
  private Behavior<Command> tryStart() {
    GroupSpec spec = first.spec();
    if (lock == null) {
      lock = GroupLock.tryAcquire(CheckpointFolder.of(cluster.checkpointDir(), first.session()), spec.index());
      if (lock == null) {
        timers.startSingleTimer(RetryLock.INSTANCE, java.time.Duration.ofMillis(100));
        return this;
      }
    }
    if (!cache.pinLoaded(spec.model())) {
      first.notices().tell(new Failed(spec.index(), FailedPreconditionException.class.getSimpleName(),
          "model " + spec.model().id() + " version " + spec.model().version() + " is not in the store of node "
              + Cluster.get(getContext().getSystem()).selfMember().address()));
      return Behaviors.stopped();
    }
    modelPinned = true;
    try {
      memory = budget.reserve(GroupMemory.estimate(spec, cache.get(spec.model())), "chain group " + spec.index()
          + " (" + GroupMemory.chains(spec) + " chains) on node " + Cluster.get(getContext().getSystem()).selfMember()
          .address());
    } catch (ResourceLimitException e) {
      getContext().getLog().warn("chain group {} refused: {}", entityId, e.getMessage());
      first.notices().tell(new Failed(spec.index(), ResourceLimitException.class.getSimpleName(), e.getMessage()));
      return Behaviors.stopped();
    }
    CheckpointFolder folder = CheckpointFolder.of(cluster.checkpointDir(), first.session());
    GroupRecovery.Checkpoints checkpoints = folder.group(spec.index());
    GroupRecovery recovery = new GroupRecovery(checkpoints, cluster.checkpointEvery(), first.clampLog());
    // a JVM that cannot restore random streams (no --add-opens java.base/java.util) replays from the
    // start whatever the folder holds, and says so
    long restoredSweep = org.ebmsim.dynamics.RandomStreamState.available() ? folder.checkpointSweep(spec.index()) : 0;
    Behavior<ChainGroup.Command> behavior = spec instanceof GroupSpec.Sampling s
        ? ChainGroup.create(s, cache, settings, recovery)
        : AisChainGroup.create((GroupSpec.Ais) spec, cache, settings, recovery);
    group = getContext().spawn(ActorCensus.counted(behavior), "group",
        DispatcherSelector.fromConfig(SimulationSession.SAMPLING_DISPATCHER));
    getContext().watch(group);
    onStart.run();
    first.notices().tell(new Placed(spec.index(),
        Cluster.get(getContext().getSystem()).selfMember().address().toString(), restoredSweep));
    waiting.forEach(this::forward);
    waiting.clear();
    return this;
  }

  private Behavior<Command> onGroupFailed(ChildFailed f) {
    Throwable cause = f.getCause();
    String kind = cause instanceof FailedPreconditionException || cause instanceof InvalidRequestException
        || cause instanceof ResourceLimitException ? cause.getClass().getSimpleName() : "";
    getContext().getLog().error("chain group {} failed", entityId, cause);
    first.notices().tell(new Failed(first.spec().index(), kind, String.valueOf(cause.getMessage())));
    return Behaviors.stopped();
  }

  private void release() {
    if (memory != null) {
      memory.close();
      memory = null;
    }
    if (modelPinned) {
      cache.unpin(first.spec().model());
      modelPinned = false;
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }
}
