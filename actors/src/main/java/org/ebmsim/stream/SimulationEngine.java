package org.ebmsim.stream;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.CompletionStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.registry.SessionControl;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionRegistry;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.actor.session.SessionFailedException;
import org.ebmsim.actor.session.SessionGuardian;
import org.ebmsim.actor.session.SessionLog;
import org.ebmsim.actor.session.SessionOutput;
import org.ebmsim.actor.session.SessionStoppedException;
import org.ebmsim.actor.session.SimulationSession;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionInfo;
import org.ebmsim.session.SteerCommand;

/**
 * Entry point of the engine: starts a session from a {@link Coordinator}, pins its model in the
 * node's {@link ModelCache}, registers it, and counts live sessions against a limit. An attached
 * session's events arrive as a back-pressured {@link Source}: the session advances only as fast
 * as its owner reads, and cancelling the source stops it.
 */
public final class SimulationEngine {
  /** How long control calls (pause, resume, steer) wait for the session actor. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final EngineSettings settings;
  private final ModelCache cache = new ModelCache();
  private final SessionRegistry registry;
  private final AtomicInteger active = new AtomicInteger();
  private final MemoryBudget budget;
  private final ActorRef<SessionGuardian.Command> guardian;
  private static final AtomicInteger ENGINES = new AtomicInteger();

  /** Reads {@code ebmsim.engine.*} from {@code config}; no memory budget. */
  public SimulationEngine(ActorSystem<?> system, Config config) {
    this(system, EngineSettings.from(config), new MemoryBudget(Long.MAX_VALUE));
  }

  /** An engine without a memory budget (tests, benchmarks). */
  public SimulationEngine(ActorSystem<?> system, EngineSettings settings) {
    this(system, settings, new MemoryBudget(Long.MAX_VALUE));
  }

  /** An engine charging each session's estimated bytes to {@code budget} before it starts. */
  public SimulationEngine(ActorSystem<?> system, EngineSettings settings, MemoryBudget budget) {
    this.system = system;
    this.settings = settings;
    this.budget = budget;
    this.registry = new SessionRegistry(settings.retention());
    this.guardian = system.systemActorOf(SessionGuardian.create(), "sessions-" + ENGINES.incrementAndGet(),
        Props.empty());
  }

  private volatile EngineActivity activity = EngineActivity.NONE;
  /** The cluster's chain-group entities, once this node is a cluster member; null on a single node. */
  private volatile org.ebmsim.actor.cluster.ShardedGroups sharding;

  /**
   * Sessions started from now on place their sampling and AIS chain groups on the cluster's nodes
   * through {@code sharding} (training groups stay with their session).
   */
  public void useCluster(org.ebmsim.actor.cluster.ShardedGroups sharding) {
    this.sharding = java.util.Objects.requireNonNull(sharding);
  }

  /** Cluster members this node sees Up (itself included); 0 on a single node. */
  public int clusterMembersUp() {
    org.ebmsim.actor.cluster.ShardedGroups s = sharding;
    return s == null ? 0 : s.membersUp();
  }

  /** Where sessions started from now on report their work (metrics); {@link EngineActivity#NONE} by default. */
  public void onActivity(EngineActivity activity) {
    this.activity = java.util.Objects.requireNonNull(activity);
  }

  public EngineSettings settings() {
    return settings;
  }

  public SessionRegistry registry() {
    return registry;
  }

  public ModelCache cache() {
    return cache;
  }

  /** The memory budget sessions (and, on a cluster node, the chain groups it hosts) are charged to. */
  public MemoryBudget budget() {
    return budget;
  }

  /** The census of this engine's actors (sessions, chain groups, layer actors). */
  public ActorCensus census() {
    return ActorCensus.get(system);
  }

  /** Sessions whose actors have not stopped yet. */
  public int activeSessions() {
    return active.get();
  }

  /**
   * Starts a session of {@code model} run by {@code coordinator}. An attached session starts
   * sampling once its source is materialized; a detached one at once.
   *
   * @throws SessionLimitExceededException if {@code maxSessions} sessions are already live
   * @throws org.ebmsim.errors.ResourceLimitException if the session does not fit the memory budget
   * @throws org.ebmsim.errors.FailedPreconditionException if the model may not be sampled
   *     ({@link EnergyModel#samplingProblem})
   */
  public LaunchedSession start(Coordinator coordinator, EnergyModel model, boolean detached, int maxSessions) {
    return start(coordinator, model, detached, maxSessions, 0);
  }

  /**
   * As {@link #start(Coordinator, EnergyModel, boolean, int)}, also charging {@code modelBytes}
   * for as long as the session runs: the bytes of a model the store does not hold in memory (an
   * older version decoded from its file for this session).
   */
  public LaunchedSession start(Coordinator coordinator, EnergyModel model, boolean detached, int maxSessions,
      long modelBytes) {
    return start(coordinator, model, detached, maxSessions, modelBytes, "");
  }

  /**
   * As {@link #start(Coordinator, EnergyModel, boolean, int, long)}, for a session started by
   * {@code owner} (see {@link SessionRecord#owner()}; empty: nobody in particular).
   */
  public LaunchedSession start(Coordinator coordinator, EnergyModel model, boolean detached, int maxSessions,
      long modelBytes, String owner) {
    if (coordinator.samplesChains()) {
      model.samplingProblem().ifPresent(problem -> {
        throw new org.ebmsim.errors.FailedPreconditionException("model " + coordinator.model().id()
            + " cannot be sampled: " + problem);
      });
    }
    registry.purge(); // results past their retention give their memory back first
    org.ebmsim.actor.cluster.ShardedGroups cluster = sharding;
    long clusterBytes = cluster == null ? 0 : cluster.sessionBytes(coordinator); // tempering: the orders kept
    MemoryBudget.Reservation memory = budget.reserve(coordinator.heapEstimate() + modelBytes + clusterBytes,
        "this session ("
        + coordinator.chains() + " chains x " + coordinator.layout().totalUnits() + " units"
        + (modelBytes > 0 ? ", and the model version it reads from disk" : "") + ")");
    try {
      return start(coordinator, model, detached, maxSessions, memory, owner);
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  private LaunchedSession start(Coordinator coordinator, EnergyModel model, boolean detached, int maxSessions,
      MemoryBudget.Reservation memory, String owner) {
    while (true) {
      int now = active.get();
      if (now >= maxSessions) {
        throw new SessionLimitExceededException("too many concurrent sessions (limit " + maxSessions
            + "); wait for one to finish or raise ebmsim.limits.max-sessions");
      }
      if (active.compareAndSet(now, now + 1)) {
        break;
      }
    }
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    String id = coordinator.presetId().orElseGet(registry::newId);
    SessionInfo info = new SessionInfo(id, coordinator.kind(), coordinator.model(), coordinator.chains(),
        coordinator.total(), coordinator.layout(), detached, System.currentTimeMillis(),
        model.sampling().maxTemperature(), model.sampling()::temperatureProblem);
    ActorControl control = new ActorControl();
    SessionRecord record = new SessionRecord(info, owner, control, !detached, settings.observerEvents(),
        settings.observerBytes());
    ActorRef<SimulationSession.Command> session;
    cache.pin(coordinator.model(), model);
    AtomicBoolean released = new AtomicBoolean();
    Runnable onStop = () -> {
      if (!released.compareAndSet(false, true)) {
        return; // exactly once, however the session ends
      }
      SessionLog.ended(record);
      cache.unpin(coordinator.model());
      // what stays is the result, charged until the registry forgets it
      memory.resize(Math.min(memory.bytes(), record.resultBytes()), "the retained result");
      record.holdResultMemory(memory);
      record.ownerAttached(false);
      active.decrementAndGet();
      stopped.complete(null);
    };
    registry.add(record);
    SessionLog.started(info);
    EngineActivity sink = activity;
    String family = model.family().key();
    try {
      session = AskPattern.<SessionGuardian.Command, ActorRef<SimulationSession.Command>>askWithStatus(guardian,
          replyTo -> new SessionGuardian.Spawn(new SimulationSession.Setup(coordinator, record, cache, settings,
              detached, onStop, (sweeps, updates) -> sink.sampled(family, sweeps, updates), sharding),
              "session-" + id, replyTo), ASK_TIMEOUT,
          system.scheduler())
          .toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      record.end(SessionState.FAILED, "the session could not be started");
      onStop.run();
      throw new IllegalStateException("the session could not be started", e);
    }
    control.session = session;
    if (detached) {
      return new LaunchedSession(record, null, stopped);
    }
    Source<SessionOutput, ActorRef<SessionOutput>> outputs = ActorSource.actorRefWithBackpressure(
        session, SimulationSession.Ack.INSTANCE,
        out -> out instanceof SessionOutput.Done ? Optional.of(CompletionStrategy.draining()) : Optional.empty(),
        out -> out instanceof SessionOutput.Failed f ? Optional.of(f.cause()) : Optional.empty());
    Source<SessionEvent, NotUsed> events = outputs
        .mapMaterializedValue(ref -> {
          session.tell(new SimulationSession.Attach(ref));
          // a session that ended before it could tell this stream (stopped, or failed, before the
          // stream attached) must not leave it open
          stopped.thenRun(() -> {
            if (!record.isOwnerStreamEnded()) {
              ref.tell(new SessionOutput.Failed(record.state() == SessionState.STOPPED
                  ? new SessionStoppedException("the session was stopped before its stream attached")
                  : new SessionFailedException("the session ended before its stream attached ("
                      + record.view().reason() + ")", null)));
            }
          });
          return NotUsed.getInstance();
        })
        .collectType(SessionOutput.Emit.class)
        .map(SessionOutput.Emit::event);
    // the session watches the source's actor: if the owner cancels, it stops
    return new LaunchedSession(record, events, stopped);
  }

  /** {@link SessionControl} over the session actor. */
  private final class ActorControl implements SessionControl {
    volatile ActorRef<SimulationSession.Command> session;

    @Override
    public void stop(String reason) {
      session.tell(new SimulationSession.Stop(reason));
    }

    @Override
    public CompletionStage<Void> pause() {
      return AskPattern.<SimulationSession.Command, Done>askWithStatus(session, SimulationSession.Pause::new,
          ASK_TIMEOUT, system.scheduler()).thenApply(d -> null);
    }

    @Override
    public CompletionStage<Void> resume() {
      return AskPattern.<SimulationSession.Command, Done>askWithStatus(session, SimulationSession.Resume::new,
          ASK_TIMEOUT, system.scheduler()).thenApply(d -> null);
    }

    @Override
    public CompletionStage<SessionEvent.Steered> steer(SteerCommand command) {
      return AskPattern.<SimulationSession.Command, SessionEvent.Steered>askWithStatus(session,
          replyTo -> new SimulationSession.Steer(command, replyTo), ASK_TIMEOUT, system.scheduler());
    }
  }
}
