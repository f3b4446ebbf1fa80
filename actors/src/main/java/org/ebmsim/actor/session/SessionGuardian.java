package org.ebmsim.actor.session;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;

/**
 * The parent of every session of an engine. Its supervision strategy for sessions is stop: a
 * session holds a run's state, so restarting one would silently begin the run again; a session
 * whose own code throws is stopped, its record ends FAILED (with the cause logged here once),
 * and its {@code PostStop} fails the owner's stream and frees its slot and memory. Stopping the
 * guardian stops every session.
 */
public final class SessionGuardian extends AbstractBehavior<SessionGuardian.Command> {
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** Spawn a session named {@code name} from {@code setup}; answers its ref. */
  public record Spawn(SimulationSession.Setup setup, String name,
      ActorRef<StatusReply<ActorRef<SimulationSession.Command>>> replyTo) implements Command {}

  private final Map<ActorRef<?>, SessionRecord> records = new HashMap<>();

  public static Behavior<Command> create() {
    return Behaviors.setup(SessionGuardian::new);
  }

  private SessionGuardian(ActorContext<Command> ctx) {
    super(ctx);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Spawn.class, this::onSpawn)
        .onSignal(ChildFailed.class, f -> {
          SessionRecord r = records.remove(f.getRef());
          if (r == null) {
            getContext().getLog().error("session {} failed in its own code; stopped", f.getRef().path().name(),
                f.getCause());
          } else {
            SessionLog.withSessionId(r.id(), () -> getContext().getLog().error(
                "session {} failed in its own code; stopped", r.id(), f.getCause()));
          }
          if (r != null) {
            r.end(SessionState.FAILED, "the session failed (" + f.getCause().getClass().getSimpleName() + ")");
          }
          return this;
        })
        .onSignal(Terminated.class, t -> {
          records.remove(t.getRef());
          return this;
        })
        .build();
  }

  private Behavior<Command> onSpawn(Spawn m) {
    try {
      Behavior<SimulationSession.Command> supervised = Behaviors.supervise(
          ActorCensus.counted(SimulationSession.create(m.setup()))).onFailure(SupervisorStrategy.stop());
      ActorRef<SimulationSession.Command> ref = getContext().spawn(supervised, m.name());
      getContext().watch(ref);
      records.put(ref, m.setup().record());
      m.replyTo().tell(StatusReply.success(ref));
    } catch (RuntimeException e) {
      m.replyTo().tell(StatusReply.error(e));
    }
    return this;
  }
}
