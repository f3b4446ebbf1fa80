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
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.actor.SessionOutput;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionPlan;

/**
 * Entry point of the engine: turns a {@link SessionPlan} into a running session whose events
 * arrive as a back-pressured {@link Source}. Counts live sessions against a limit.
 */
public final class SimulationEngine {
  private final ActorSystem<?> system;
  private final SamplingSession.Tuning tuning;
  private final AtomicInteger active = new AtomicInteger();
  private static final AtomicLong COUNTER = new AtomicLong();

  /** Reads {@code ebmsim.engine.*} from {@code config}. */
  public SimulationEngine(ActorSystem<?> system, Config config) {
    this(system, tuningFrom(config.getConfig("ebmsim.engine")));
  }

  public SimulationEngine(ActorSystem<?> system, SamplingSession.Tuning tuning) {
    this.system = system;
    this.tuning = tuning;
  }

  static SamplingSession.Tuning tuningFrom(Config engine) {
    int maxGroups = engine.getInt("max-groups");
    if (maxGroups <= 0) {
      maxGroups = 2 * Runtime.getRuntime().availableProcessors();
    }
    return new SamplingSession.Tuning(engine.getInt("min-chains-per-group"), maxGroups,
        engine.getInt("recompute-fields-every"), engine.getLong("chunk-updates"));
  }

  /** Sessions whose actors have not stopped yet. */
  public int activeSessions() {
    return active.get();
  }

  /**
   * Starts a session. Its actors run as soon as the returned source is materialized and pause
   * whenever downstream does not demand; cancelling downstream (or the handle) stops them.
   *
   * @throws SessionLimitExceededException if {@code maxSessions} sessions are already live
   */
  public Source<SessionEvent, SessionHandle> start(SessionPlan plan, int maxSessions) {
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
    ActorRef<SamplingSession.Command> session;
    try {
      session = system.systemActorOf(SamplingSession.create(plan, tuning, () -> {
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
        session.tell(SamplingSession.Stop.INSTANCE);
      }

      @Override
      public CompletableFuture<Void> stopped() {
        return stopped;
      }
    };
    Source<SessionOutput, ActorRef<SessionOutput>> outputs = ActorSource.actorRefWithBackpressure(
        session, SamplingSession.Ack.INSTANCE,
        out -> out instanceof SessionOutput.Done ? Optional.of(CompletionStrategy.draining()) : Optional.empty(),
        out -> out instanceof SessionOutput.Failed f ? Optional.of(f.cause()) : Optional.empty());
    return outputs
        .mapMaterializedValue(ref -> {
          session.tell(new SamplingSession.Attach(ref));
          return handle;
        })
        .collectType(SessionOutput.Emit.class)
        .map(SessionOutput.Emit::event);
  }
}
