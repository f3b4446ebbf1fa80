package org.ebmsim.stream;

import com.typesafe.config.Config;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.stream.CompletionStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.ebmsim.actor.AisSession;
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.actor.SessionOutput;
import org.ebmsim.session.PartitionFunctionPlan;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionPlan;

/**
 * Entry point of the engine: turns a {@link SessionPlan} into a running session whose events
 * arrive as a back-pressured {@link Source}. Counts live sessions against a limit.
 */
public final class SimulationEngine {
  private final ActorSystem<?> system;
  private final SamplingSession.Tuning tuning;
  private final int aisChunkSteps;
  private final AtomicInteger active = new AtomicInteger();
  private static final AtomicLong COUNTER = new AtomicLong();

  /** Reads {@code ebmsim.engine.*} from {@code config}. */
  public SimulationEngine(ActorSystem<?> system, Config config) {
    this(system, tuningFrom(config.getConfig("ebmsim.engine")), config.getInt("ebmsim.engine.ais-chunk-steps"));
  }

  public SimulationEngine(ActorSystem<?> system, SamplingSession.Tuning tuning) {
    this(system, tuning, 10);
  }

  public SimulationEngine(ActorSystem<?> system, SamplingSession.Tuning tuning, int aisChunkSteps) {
    this.system = system;
    this.tuning = tuning;
    this.aisChunkSteps = aisChunkSteps;
  }

  static SamplingSession.Tuning tuningFrom(Config engine) {
    int maxGroups = engine.getInt("max-groups");
    if (maxGroups <= 0) {
      maxGroups = 2 * Runtime.getRuntime().availableProcessors();
    }
    return new SamplingSession.Tuning(engine.getInt("min-chains-per-group"), maxGroups,
        engine.getInt("recompute-fields-every"), engine.getLong("chunk-updates"), engine.getInt("rbm-chains-per-group"),
        !"java".equals(engine.getString("blas")));
  }

  /** Sessions whose actors have not stopped yet. */
  public int activeSessions() {
    return active.get();
  }

  /**
   * Starts a sampling session (annealing, completion). Its actors run as soon as the returned
   * source is materialized and pause whenever downstream does not demand; cancelling downstream
   * (or the handle) stops them.
   *
   * @throws SessionLimitExceededException if {@code maxSessions} sessions are already live
   */
  public Source<SessionEvent, SessionHandle> start(SessionPlan plan, int maxSessions) {
    return start(onStop -> SamplingSession.create(plan, tuning, onStop), SamplingSession.Attach::new,
        SamplingSession.Ack.INSTANCE, SamplingSession.Stop.INSTANCE, maxSessions);
  }

  /** Starts an annealed-importance-sampling session; see {@link #start(SessionPlan, int)}. */
  public Source<SessionEvent, SessionHandle> start(PartitionFunctionPlan plan, int maxSessions) {
    return start(onStop -> AisSession.create(plan, aisChunkSteps, onStop), AisSession.Attach::new,
        AisSession.Ack.INSTANCE, AisSession.Stop.INSTANCE, maxSessions);
  }

  private <C> Source<SessionEvent, SessionHandle> start(Function<Runnable, Behavior<C>> behavior,
      Function<ActorRef<SessionOutput>, C> attach, C ack, C stop, int maxSessions) {
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
    ActorRef<C> session;
    try {
      session = system.systemActorOf(behavior.apply(() -> {
        active.decrementAndGet();
        stopped.complete(null);
      }), "session-" + COUNTER.incrementAndGet(), Props.empty());
    } catch (RuntimeException e) {
      active.decrementAndGet();
      throw e;
    }
    SessionHandle handle = new SessionHandle() {
      @Override
      public void cancel() {
        session.tell(stop);
      }

      @Override
      public CompletableFuture<Void> stopped() {
        return stopped;
      }
    };
    Source<SessionOutput, ActorRef<SessionOutput>> outputs = ActorSource.actorRefWithBackpressure(
        session, ack,
        out -> out instanceof SessionOutput.Done ? Optional.of(CompletionStrategy.draining()) : Optional.empty(),
        out -> out instanceof SessionOutput.Failed f ? Optional.of(f.cause()) : Optional.empty());
    return outputs
        .mapMaterializedValue(ref -> {
          session.tell(attach.apply(ref));
          return handle;
        })
        .collectType(SessionOutput.Emit.class)
        .map(SessionOutput.Emit::event);
  }
}
