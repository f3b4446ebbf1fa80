package org.ebmsim.actor.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.group.AisChainGroup;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.actor.group.TrainingGroup;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.ebmsim.actor.cluster.FrameCheck;
import org.ebmsim.actor.cluster.GroupEntity;
import org.ebmsim.actor.cluster.ShardedGroups;
import org.ebmsim.session.ClampAt;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.ReplayRounds;
import org.ebmsim.session.RoundHistory;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SteerCommand;

/**
 * One session of any kind: spawns the chain groups its {@link Coordinator} plans, advances them
 * round by round (a round ends at a report boundary), turns their reports into events, and hands
 * the events to its owner stream one at a time and to its observers (through its
 * {@link SessionRecord}) as they come. Takes pause, resume, stop and steering between rounds.
 *
 * <p>Implementation notes (backpressure): the owner acknowledges each event. While it has not,
 * the groups may compute at most one further round, so sampling does not idle during delivery
 * but a stalled owner holds the session within one report instead of queueing events. A session
 * that may stop at any report (deterministic completion) gets no look-ahead. A detached session
 * has no owner: its events are acknowledged at once, so only its observers' bounded buffers see
 * them and nothing ever waits for a reader; a timer bounds its life. Observers never slow a
 * session: publishing to them only appends to their own bounded, conflating buffers.
 *
 * <p>Failures: a chain group that fails ends the session as FAILED; the owner's stream fails with
 * the cause, even when the failure happened before the stream attached (the failure is kept until
 * it attaches, or until the attach timeout).
 */
public final class SimulationSession extends AbstractBehavior<SimulationSession.Command> {
  /** Dispatcher (in reference.conf) that chain groups and layers run on. */
  public static final String SAMPLING_DISPATCHER = "ebmsim-sampling-dispatcher";

  /** Local to the session's node (its groups answer through adapters, with {@code ClusterSerializable} data). */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** The owner's stream is ready to receive outputs. */
  public record Attach(ActorRef<SessionOutput> output) implements Command {}

  /** The owner took the last output. */
  public enum Ack implements Command { INSTANCE }

  /** Stop now; {@code reason} is recorded. */
  public record Stop(String reason) implements Command {}

  public record Pause(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Resume(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Steer(SteerCommand command, ActorRef<StatusReply<SessionEvent.Steered>> replyTo)
      implements Command {}

  private record Reported(GroupReport report) implements Command {}

  private record Finished(GroupFinal report) implements Command {}

  private enum TimeLimit implements Command { INSTANCE }

  private enum AttachTimeout implements Command { INSTANCE }

  /** Cluster mode: send unanswered orders again (a group whose node died is rebuilt when one reaches it). */
  private enum Resend implements Command { INSTANCE }

  private record Noticed(GroupEntity.Notice notice) implements Command {}

  /**
   * Everything a session is made of.
   *
   * @param detached no owner stream: events go to observers only, the life is bounded by
   *     {@link EngineSettings#maxDetached()}
   * @param onStop called exactly once when the session's actor stops, however it ends
   * @param workDone told the chain-sweeps and single-unit updates of each gathered sampling round (metrics)
   * @param sharding the cluster's chain-group entities, for sampling and AIS groups placed anywhere in
   *     the cluster; null: groups are this actor's children
   */
  public record Setup(Coordinator coordinator, SessionRecord record, ModelCache cache, EngineSettings settings,
      boolean detached, Runnable onStop, WorkDone workDone, ShardedGroups sharding) {

    /** A session whose groups are this actor's children. */
    public Setup(Coordinator coordinator, SessionRecord record, ModelCache cache, EngineSettings settings,
        boolean detached, Runnable onStop, WorkDone workDone) {
      this(coordinator, record, cache, settings, detached, onStop, workDone, null);
    }

    /** A session whose updates nobody counts. */
    public Setup(Coordinator coordinator, SessionRecord record, ModelCache cache, EngineSettings settings,
        boolean detached, Runnable onStop) {
      this(coordinator, record, cache, settings, detached, onStop, (sweeps, updates) -> { });
    }
  }

  /** Told once per gathered round that did sampling work; called on the session's actor, so it must be cheap. */
  @FunctionalInterface
  public interface WorkDone {
    /** The round advanced {@code chainSweeps} sweeps summed over chains and did {@code updates} unit updates. */
    void round(long chainSweeps, long updates);
  }

  /** One round being gathered: its boundaries and the groups' answers. */
  private static final class Round {
    final long from;
    final long to;
    final GroupOrders orders;
    final GroupReport[] replies;
    int count;

    Round(long from, long to, GroupOrders orders, int groups) {
      this.from = from;
      this.to = to;
      this.orders = orders;
      this.replies = new GroupReport[groups];
    }
  }

  private final Setup setup;
  private final Coordinator coordinator;
  private final SessionRecord record;
  private final List<ActorRef<ChainGroup.Command>> groups = new ArrayList<>();
  /** Cluster mode: the groups as sharded entities (then {@link #groups} stays empty), with their specs. */
  private final List<EntityRef<GroupEntity.Command>> entities = new ArrayList<>();
  private final List<GroupSpec> specs;
  private final int groupCount;
  private final boolean sharded;
  /** Cluster mode: every clamp order sent so far (groups rebuilt from a checkpoint replay them). */
  private final List<ClampAt> clampLog = new ArrayList<>();
  /** Cluster mode: the node each group last started on (null until it has). */
  private final String[] placedOn;
  /**
   * Cluster mode, orders that depend on reports (parallel tempering): the per-chain temperatures of
   * the rounds since the groups' last checkpoints, which a group rebuilt from one replays; else null.
   */
  private final RoundHistory history;
  /** With {@link #history}: the latest checkpoint each group reported. */
  private final long[] checkpointOf;
  /** Cluster mode: sizes of what orders carry, measured once each ({@link #fitsFrame}); the specs' at the start. */
  private FrameCheck frames;
  private final long[] specBytes;
  private GroupOrders measuredOrders;
  private long ordersBytes;
  private int clampBytesCounted;
  private long clampBytes;
  /** Cluster mode: the ActorRef groups send their notices to. */
  private final ActorRef<GroupEntity.Notice> noticeAdapter;
  /** The latest round sent (cluster mode sends it again before a finish a rebuilt group may lack). */
  private Round lastRound;
  private final ActorRef<GroupReport> reportAdapter;
  private final ActorRef<GroupFinal> finishAdapter;
  private final int maxAhead;
  private final ArrayDeque<Round> rounds = new ArrayDeque<>();
  private final ArrayDeque<SessionEvent> outbox = new ArrayDeque<>();
  private final List<SessionEvent.Steered> pendingSteered = new ArrayList<>();
  private final GroupFinal[] finals;
  private ActorRef<SessionOutput> output;
  private boolean awaitingAck;
  private long sweep;
  private long requestedUpTo;
  private boolean finishing;
  private boolean finishRequested;
  private int finalReplies;
  private boolean resultQueued;
  private boolean pauseRequested;
  /** Callers of a pause, answered once it has taken effect (or the session ended, or resumed first). */
  private final List<ActorRef<StatusReply<Done>>> pauseWaiters = new ArrayList<>();
  private boolean paused;
  private Throwable failure;
  /** The reason of a draining stop in progress (see {@link Coordinator#drainsOnStop}), or null. */
  private String stopping;
  private int groupsStopped;

  /** What made the session's own code throw, seen on its way out (the actor is stopped by its guardian). */
  private final Crash crash;

  /**
   * The session's behavior, logging with the session's id in the MDC. An exception thrown by its own code is noted before it propagates
   * (the guardian's strategy then stops the session), so that {@code PostStop} can end the
   * session as FAILED and fail the owner's stream with the cause instead of leaving it open.
   */
  public static Behavior<Command> create(Setup setup) {
    Crash crash = new Crash(setup);
    // every line the session's actor logs carries its id (structured logs: a session_id field)
    return Behaviors.withMdc(Command.class, java.util.Map.of(SessionLog.MDC_KEY, setup.record().id()),
        Behaviors.intercept(() -> crash, Behaviors.setup(ctx -> Behaviors.withTimers(
            timers -> new SimulationSession(ctx, timers, setup, crash)))));
  }

  /** Notes the first exception of the session's code; a failure while starting ends the session here. */
  private static final class Crash extends BehaviorInterceptor<Command, Command> {
    private final Setup setup;
    volatile Throwable cause;

    Crash(Setup setup) {
      super(Command.class);
      this.setup = setup;
    }

    @Override
    public Behavior<Command> aroundStart(TypedActorContext<Command> ctx, PreStartTarget<Command> target) {
      try {
        return target.start(ctx);
      } catch (RuntimeException e) {
        cause = e;
        setup.record().end(SessionState.FAILED, "the session failed to start (" + e.getClass().getSimpleName() + ")");
        setup.onStop().run(); // no PostStop follows a failed start
        throw e;
      }
    }

    @Override
    public Behavior<Command> aroundReceive(TypedActorContext<Command> ctx, Command msg, ReceiveTarget<Command> target) {
      try {
        return target.apply(ctx, msg);
      } catch (RuntimeException e) {
        cause = e;
        throw e;
      }
    }

    @Override
    public Behavior<Command> aroundSignal(TypedActorContext<Command> ctx, Signal signal, SignalTarget<Command> target) {
      try {
        return target.apply(ctx, signal);
      } catch (RuntimeException e) {
        cause = e;
        throw e;
      }
    }
  }

  private SimulationSession(ActorContext<Command> ctx, TimerScheduler<Command> timers, Setup setup, Crash crash) {
    super(ctx);
    this.setup = setup;
    this.crash = crash;
    this.coordinator = setup.coordinator();
    this.record = setup.record();
    this.maxAhead = coordinator.mayStopEarly() || coordinator.ordersDependOnReports() ? 1 : 2;
    this.reportAdapter = ctx.messageAdapter(GroupReport.class, Reported::new);
    this.finishAdapter = ctx.messageAdapter(GroupFinal.class, Finished::new);
    DispatcherSelector sampling = DispatcherSelector.fromConfig(SAMPLING_DISPATCHER);
    this.specs = coordinator.groups(setup.settings().sizing());
    this.groupCount = specs.size();
    // training groups stay with their session (one learner that writes model versions); the groups
    // of a session whose orders depend on the last round's reports (parallel tempering) are sharded
    // when they can checkpoint, and the session keeps the orders since their checkpoints
    // (ShardedGroups#historyRounds), which a rebuilt group replays: without checkpoints that log
    // would grow with the run, and a group's slice of it must fit the transport's frame, so such
    // sessions otherwise stay on their node; so does a session whose group specs (given initial
    // states) could not cross the transport with every order
    boolean shardable = setup.sharding() != null && specs.stream().noneMatch(g -> g instanceof GroupSpec.Training)
        && (!coordinator.ordersDependOnReports() || ShardedGroups.groupsCheckpoint()
            && setup.sharding().replayFits(coordinator, largestGroup(specs)));
    this.specBytes = shardable ? setup.sharding().specBytes(specs) : null;
    this.sharded = shardable && setup.sharding().specsFit(specBytes);
    this.history = sharded && coordinator.ordersDependOnReports()
        ? new RoundHistory(coordinator.startsAt(), setup.sharding().historyRounds(coordinator)) : null;
    this.checkpointOf = new long[groupCount];
    java.util.Arrays.fill(checkpointOf, coordinator.startsAt());
    this.placedOn = new String[groupCount];
    if (sharded) {
      this.noticeAdapter = ctx.messageAdapter(GroupEntity.Notice.class, Noticed::new);
      for (GroupSpec spec : specs) {
        entities.add(setup.sharding().group(record.id(), spec.index()));
      }
      java.time.Duration every = setup.sharding().settings().resendAfter();
      timers.startTimerWithFixedDelay(Resend.INSTANCE, every, every);
    } else {
      this.noticeAdapter = null;
      for (GroupSpec spec : specs) {
        Behavior<ChainGroup.Command> behavior = groupBehavior(spec);
        ActorRef<ChainGroup.Command> ref = ctx.spawn(ActorCensus.counted(behavior), "group-" + spec.index(), sampling);
        ctx.watch(ref);
        groups.add(ref);
      }
    }
    this.finals = new GroupFinal[groupCount];
    this.sweep = coordinator.startsAt();
    this.requestedUpTo = sweep;
    enqueue(new SessionEvent.Started(record.info()));
    if (setup.detached()) {
      timers.startSingleTimer(TimeLimit.INSTANCE, setup.settings().maxDetached());
      topUp();
    } else {
      timers.startSingleTimer(AttachTimeout.INSTANCE, setup.settings().attachTimeout());
    }
  }

  /** Chains of the largest sampling group (0 if none). */
  private static int largestGroup(List<GroupSpec> specs) {
    int most = 0;
    for (GroupSpec spec : specs) {
      if (spec instanceof GroupSpec.Sampling s) {
        most = Math.max(most, s.chains());
      }
    }
    return most;
  }

  /** The actor that runs a group of this kind. */
  private Behavior<ChainGroup.Command> groupBehavior(GroupSpec spec) {
    if (spec instanceof GroupSpec.Sampling s) {
      return ChainGroup.create(s, setup.cache(), setup.settings());
    }
    if (spec instanceof GroupSpec.Training t) {
      return TrainingGroup.create(t, setup.cache(), setup.settings());
    }
    return AisChainGroup.create((GroupSpec.Ais) spec, setup.cache(), setup.settings());
  }

  /** The progress counter a group's report has reached (sweeps, AIS temperatures, batches). */
  private static long reached(GroupReport report) {
    if (report instanceof GroupReport.Sweeps s) {
      return s.sweep();
    }
    if (report instanceof GroupReport.Trained t) {
      return t.batches();
    }
    return ((GroupReport.AisSteps) report).step();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Ack.class, a -> onAck())
        .onMessage(Reported.class, this::onReported)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Pause.class, this::onPause)
        .onMessage(Resume.class, this::onResume)
        .onMessage(Steer.class, this::onSteer)
        .onMessage(Stop.class, s -> stop(s.reason()))
        .onMessage(TimeLimit.class, t -> stop("the detached session reached its time limit of "
            + setup.settings().maxDetached()))
        .onMessage(AttachTimeout.class, t -> output == null ? stop("no stream attached in time") : this)
        .onMessage(Resend.class, r -> resend())
        .onMessage(Noticed.class, this::onNotice)
        .onSignal(ChildFailed.class, f -> groupFailed(f.getCause()))
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, s -> {
          Throwable cause = crash.cause;
          if (cause != null) {
            SessionFailedException failed = new SessionFailedException("the session failed", cause);
            record.end(SessionState.FAILED, "the session failed (" + cause.getClass().getSimpleName() + ")");
            if (output != null) {
              endOwnerStream(new SessionOutput.Failed(failed));
            }
          }
          record.end(SessionState.STOPPED, "stopped");
          answerPauseWaiters();
          if (sharded) {
            entities.forEach(e -> e.tell(GroupEntity.Stop.INSTANCE));
            setup.sharding().checkpoints(record.id()).delete();
          }
          setup.onStop().run();
          return this;
        })
        .build();
  }

  /** Tells the owner's stream how it ends (once), and lets the record know it was told. */
  private void endOwnerStream(SessionOutput end) {
    record.ownerStreamEnded();
    output.tell(end);
  }

  private boolean detached() {
    return setup.detached();
  }

  private Behavior<Command> onAttach(Attach msg) {
    output = msg.output();
    getContext().watch(output);
    if (failure != null) {
      endOwnerStream(new SessionOutput.Failed(failure));
      return Behaviors.stopped();
    }
    emitNext();
    topUp();
    return this;
  }

  private Behavior<Command> onTerminated(Terminated t) {
    if (stopping != null && !t.getRef().equals(output)) {
      // a draining stop: the session ends once its groups have finished their last writes
      return ++groupsStopped == groupCount ? endStopped(stopping) : this;
    }
    if (output != null && t.getRef().equals(output)) {
      output = null;
      return failure != null ? Behaviors.stopped() : stop("the owner's stream closed");
    }
    if (failure != null) {
      return this; // the other groups stopping after a failure
    }
    // a group stopped without failing: only happens when the system shuts down
    return groupFailed(new IllegalStateException("a chain group stopped unexpectedly"));
  }

  private Behavior<Command> groupFailed(Throwable cause) {
    if (failure != null) {
      return this; // already failing; waiting for the owner's stream to take the failure
    }
    if (record.state().ended()) {
      return Behaviors.stopped();
    }
    if (isRequestError(cause)) {
      // the run itself showed the request cannot be carried out (training that diverges at the
      // requested learning rate): the owner gets that error and its advice, not an internal error
      failure = cause;
      getContext().getLog().info("session {} ended: {}", record.id(), cause.getMessage());
      record.end(SessionState.FAILED, cause.getMessage());
    } else {
      failure = new SessionFailedException("a chain group of the session failed", cause);
      getContext().getLog().error("session {} failed", record.id(), cause);
      record.end(SessionState.FAILED, "a chain group failed (" + cause.getClass().getSimpleName() + ")");
    }
    stopGroups();
    if (output != null) {
      endOwnerStream(new SessionOutput.Failed(failure));
      return Behaviors.stopped();
    }
    // attached sessions keep the failure for their owner (delivered on attach or at the attach timeout)
    return detached() ? Behaviors.stopped() : this;
  }

  /** The request-error types of {@code org.ebmsim.errors}, which chain groups throw only to name a bad request. */
  private static boolean isRequestError(Throwable t) {
    return t instanceof FailedPreconditionException || t instanceof InvalidRequestException
        || t instanceof ResourceLimitException;
  }

  private Behavior<Command> stop(String reason) {
    if (stopping != null) {
      return this; // already draining
    }
    if (coordinator.drainsOnStop() && !groups.isEmpty() && !sharded && failure == null) {
      // the groups write what a stop must keep (a training checkpoint) as they stop; the stop is
      // reported only after that, so a client told STOPPED can rely on it
      stopping = reason;
      groups.forEach(g -> getContext().stop(g));
      return this;
    }
    return endStopped(reason);
  }

  private Behavior<Command> endStopped(String reason) {
    record.end(SessionState.STOPPED, reason);
    if (output != null) {
      endOwnerStream(new SessionOutput.Failed(new SessionStoppedException(reason)));
    }
    return Behaviors.stopped();
  }

  /** Queues an event for the owner (if there is one) and hands it to the observers now. */
  private void enqueue(SessionEvent event) {
    record.publish(event);
    if (!detached()) { // a detached session's events go to observers only; none may hold up its look-ahead
      outbox.add(event);
    }
    if (event.isFinal()) {
      resultQueued = true;
    }
  }

  /** Events in flight towards the owner: queued, or sent and not yet acknowledged. */
  private int undelivered() {
    return outbox.size() + (awaitingAck ? 1 : 0);
  }

  /** Issues rounds while fewer than {@code maxAhead} are requested or undelivered. */
  private void topUp() {
    if (failure != null) {
      return;
    }
    while (!finishing && !pauseRequested && requestedUpTo < coordinator.total()
        && rounds.size() + undelivered() < maxAhead) {
      long from = requestedUpTo;
      long to = coordinator.nextReport(from);
      GroupOrders orders = coordinator.orders(from, to);
      Round round = new Round(from, to, orders, groupCount);
      rounds.add(round);
      if (sharded && orders != null && !orders.clamps().isEmpty()) {
        clampLog.add(new ClampAt(from, orders.clamps()));
      }
      if (history != null && orders != null && orders.chainTemperatures() != null) {
        history.add(from, to, orders.chainTemperatures());
      }
      for (int g = 0; g < groupCount; g++) {
        tellAdvance(g, round);
      }
      lastRound = round;
      requestedUpTo = to;
    }
    if (pauseRequested && !paused && rounds.isEmpty()) {
      paused = true;
      enqueue(new SessionEvent.Paused(sweep));
      emitNext();
      answerPauseWaiters();
    }
  }

  private Behavior<Command> onReported(Reported msg) {
    GroupReport report = msg.report();
    if (history != null && report instanceof GroupReport.Sweeps s && s.checkpointSweep() > checkpointOf[s.group()]) {
      checkpointOf[s.group()] = s.checkpointSweep();
      long all = Long.MAX_VALUE;
      for (long c : checkpointOf) {
        all = Math.min(all, c);
      }
      history.dropThrough(all); // no group can need rounds before its latest checkpoint
    }
    for (Round round : rounds) {
      if (round.replies[report.group()] == null && reached(report) == round.to) {
        round.replies[report.group()] = report;
        round.count++;
        break;
      }
    }
    while (!finishing && !rounds.isEmpty() && rounds.peek().count == groupCount) {
      Round round = rounds.poll();
      sweep = round.to;
      Coordinator.Gathered gathered = coordinator.gather(round.to, round.replies);
      long updates = 0;
      for (GroupReport r : round.replies) {
        updates += r.updates();
      }
      if (updates > 0) { // a sampling round: sweeps of a round that samples nothing are not sweeps
        setup.workDone().round((round.to - round.from) * coordinator.chains(), updates);
      }
      gathered.events().forEach(this::enqueue);
      for (SessionEvent.Steered s : List.copyOf(pendingSteered)) {
        if (s.sweep() <= sweep) {
          enqueue(s);
          pendingSteered.remove(s);
        }
      }
      if (gathered.finish()) {
        finishing = true;
        rounds.clear(); // look-ahead never runs past a session that may stop early (maxAhead 1)
        requestFinish();
      }
    }
    emitNext();
    topUp();
    return this;
  }

  private void requestFinish() {
    answerPauseWaiters(); // a session that is finishing will not pause
    if (finishRequested) {
      return;
    }
    finishRequested = true;
    if (!coordinator.needsFinish()) {
      enqueue(coordinator.result(sweep, sweep < coordinator.total(), new GroupFinal[0]));
      return;
    }
    for (int g = 0; g < groupCount; g++) {
      tellFinish(g);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reaching the groups: children, or sharded entities anywhere in the cluster

  private void tellAdvance(int g, Round round) {
    tellAdvance(g, round, false);
  }

  /**
   * Sends group {@code g} the round; {@code mayBeRebuilt}: with the per-chain temperatures of the
   * rounds before it since the group's last reported checkpoint (sessions that keep a
   * {@link #history}), which a group rebuilt from that checkpoint replays.
   */
  private void tellAdvance(int g, Round round, boolean mayBeRebuilt) {
    if (sharded) {
      ReplayRounds missed = null;
      if (mayBeRebuilt && history != null) {
        GroupSpec.Sampling spec = (GroupSpec.Sampling) specs.get(g);
        missed = history.forChains(spec.firstChain(), spec.chains(), checkpointOf[g], round.from);
      }
      if (fitsFrame(g, round.orders, missed)) {
        entities.get(g).tell(new GroupEntity.Order(record.id(), specs.get(g), clampLog, noticeAdapter,
            new ChainGroup.Advance(round.from, round.to, round.orders, reportAdapter, missed), null));
      }
    } else {
      groups.get(g).tell(new ChainGroup.Advance(round.to, round.orders, reportAdapter));
    }
  }

  private void tellFinish(int g) {
    int[] chains = coordinator.finishChains();
    boolean all = coordinator.wantsAllFinalStates();
    if (sharded) {
      if (fitsFrame(g, null, null)) {
        entities.get(g).tell(new GroupEntity.Order(record.id(), specs.get(g), clampLog, noticeAdapter, null,
            new ChainGroup.Finish(sweep, chains, all, finishAdapter)));
      }
    } else {
      groups.get(g).tell(new ChainGroup.Finish(chains, all, finishAdapter));
    }
  }

  /**
   * Whether an order to sharded group {@code g} with these round orders (and rounds to replay) fits
   * the cluster transport's frame; if not, the session fails with RESOURCE_EXHAUSTED saying so
   * (Artery would drop the order, and the session would wait for the group forever). The parts
   * are measured once each: the group's spec, each round's orders (shared by every group), each
   * clamp change.
   */
  private boolean fitsFrame(int g, GroupOrders orders, ReplayRounds missed) {
    if (failure != null) {
      return false;
    }
    if (frames == null) {
      frames = new FrameCheck(getContext().getSystem());
    }
    if (orders != null && orders != measuredOrders) {
      measuredOrders = orders;
      ordersBytes = frames.bytes(orders);
    }
    while (clampBytesCounted < clampLog.size()) {
      clampBytes += frames.bytes(clampLog.get(clampBytesCounted++));
    }
    long bytes = specBytes[g] + (orders != null ? ordersBytes : 0) + clampBytes
        + (missed != null ? frames.bytes(missed) : 0) + 1024;
    if (bytes <= frames.limit()) {
      return true;
    }
    groupFailed(new ResourceLimitException("an order to chain group " + g + " would take about " + bytes
        + " bytes, more than the cluster's message frame allows (" + frames.limit()
        + " bytes; pekko.remote.artery.advanced.maximum-frame-size): use a shorter schedule, fewer clamp changes"
        + " or given states, or raise the frame"));
    return false;
  }

  private void stopGroups() {
    if (sharded) {
      entities.forEach(e -> e.tell(GroupEntity.Stop.INSTANCE));
    } else {
      groups.forEach(g -> getContext().stop(g));
    }
  }

  /**
   * Sends every order still unanswered again: a group rebuilt on another node (its node died or
   * left) replays from its checkpoint when one reaches it; a group that has it answers from its
   * kept reports or ignores it. A finish goes after the last round again, which a rebuilt group
   * must replay first.
   */
  private Behavior<Command> resend() {
    if (failure != null || record.state().ended()) {
      return this;
    }
    for (int g = 0; g < groupCount; g++) {
      resendTo(g);
    }
    return this;
  }

  /** Sends group {@code g} its unanswered orders again (see {@link #resend}). */
  private void resendTo(int g) {
    for (Round round : rounds) {
      if (round.replies[g] == null) {
        tellAdvance(g, round, true);
      }
    }
    if (finishRequested && coordinator.needsFinish() && finals[g] == null) {
      if (lastRound != null) {
        tellAdvance(g, lastRound, true);
      }
      tellFinish(g);
    }
  }

  /** Where a group started; a second start means the cluster moved it, which the stream is told. */
  private Behavior<Command> onNotice(Noticed msg) {
    if (msg.notice() instanceof GroupEntity.Failed f) {
      return groupFailed(f.requestError().isEmpty() ? new IllegalStateException("chain group " + f.group()
          + " failed: " + f.message()) : requestError(f.requestError(), f.message()));
    }
    GroupEntity.Placed p = (GroupEntity.Placed) msg.notice();
    String before = placedOn[p.group()];
    placedOn[p.group()] = p.node();
    if (before != null && !record.state().ended()) {
      getContext().getLog().info("session {}: chain group {} moved from {} to {}, resuming after sweep {}",
          record.id(), p.group(), before, p.node(), p.restoredSweep());
      enqueue(new SessionEvent.Rebalanced(sweep, p.group(), before, p.node(), p.restoredSweep()));
      emitNext();
      if (history != null && failure == null) {
        // the rebuilt group dropped the orders that reached it without the rounds it must replay
        resendTo(p.group());
      }
    }
    return this;
  }

  /** The request error a group on another node failed with, rebuilt from its type name. */
  private static RuntimeException requestError(String type, String message) {
    if (type.equals(InvalidRequestException.class.getSimpleName())) {
      return new InvalidRequestException(message);
    }
    if (type.equals(ResourceLimitException.class.getSimpleName())) {
      return new ResourceLimitException(message);
    }
    return new FailedPreconditionException(message);
  }

  private Behavior<Command> onFinished(Finished msg) {
    if (finals[msg.report().group()] != null || resultQueued) {
      return this; // sent again after the session asked again (cluster mode)
    }
    finals[msg.report().group()] = msg.report();
    if (++finalReplies < groupCount) {
      return this;
    }
    enqueue(coordinator.result(sweep, sweep < coordinator.total(), finals));
    emitNext();
    return checkDone();
  }

  private void emitNext() {
    if (detached()) {
      outbox.clear(); // no owner: observers already have everything
      return;
    }
    if (output != null && !awaitingAck && !outbox.isEmpty()) {
      awaitingAck = true;
      output.tell(new SessionOutput.Emit(outbox.poll()));
    }
  }

  private Behavior<Command> onAck() {
    awaitingAck = false;
    emitNext();
    topUp();
    return checkDone();
  }

  /** The result has been delivered (or there is no owner): the session has ended. */
  private Behavior<Command> checkDone() {
    if (resultQueued && outbox.isEmpty() && !awaitingAck) {
      record.end(SessionState.FINISHED, "");
      if (output != null) {
        endOwnerStream(SessionOutput.Done.INSTANCE);
      }
      return Behaviors.stopped();
    }
    return this;
  }

  /**
   * A pause takes effect at the next report boundary; the caller is answered then, so what it
   * reads afterwards says PAUSED (or FINISHED, if the session ended first).
   */
  private Behavior<Command> onPause(Pause msg) {
    if (paused || finishing) {
      msg.replyTo().tell(StatusReply.ack());
      return this;
    }
    pauseWaiters.add(msg.replyTo());
    if (!pauseRequested) {
      pauseRequested = true;
      topUp();
    }
    return this;
  }

  private void answerPauseWaiters() {
    pauseWaiters.forEach(w -> w.tell(StatusReply.ack()));
    pauseWaiters.clear();
  }

  private Behavior<Command> onResume(Resume msg) {
    if (pauseRequested) {
      pauseRequested = false;
      answerPauseWaiters(); // a pause overtaken by this resume never took effect
      if (paused) {
        paused = false;
        enqueue(new SessionEvent.Resumed(sweep));
        emitNext();
      }
      topUp();
    }
    msg.replyTo().tell(StatusReply.ack());
    return this;
  }

  private Behavior<Command> onSteer(Steer msg) {
    if (finishing) {
      msg.replyTo().tell(StatusReply.error(new org.ebmsim.errors.FailedPreconditionException(
          "the session is finishing; it can no longer be steered")));
      return this;
    }
    SessionEvent.Steered steered;
    try {
      steered = coordinator.steer(msg.command(), requestedUpTo);
    } catch (RuntimeException e) {
      msg.replyTo().tell(StatusReply.error(e));
      return this;
    }
    if (steered.sweep() <= sweep && rounds.isEmpty()) {
      enqueue(steered);
      emitNext();
    } else {
      pendingSteered.add(steered);
    }
    msg.replyTo().tell(StatusReply.success(steered));
    return this;
  }
}
