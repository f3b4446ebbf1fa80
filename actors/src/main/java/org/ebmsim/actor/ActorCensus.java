package org.ebmsim.actor;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * How many of the engine's actors (sessions, chain groups, layer actors) are alive in one actor
 * system: every spawn goes through {@link #counted}, which counts the actor once it has started
 * and uncounts it when it stops. A leak shows as a count that does not come back to zero when
 * the sessions are gone; the server reports it and the soak test checks it.
 */
public final class ActorCensus implements Extension {
  private static final Id ID = new Id();

  private long live;
  private final Set<String> paths = new TreeSet<>();

  /** The census of {@code system}. */
  public static ActorCensus get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public synchronized long live() {
    return live;
  }

  private synchronized void change(int by, String path) {
    live += by;
    if (by > 0) {
      paths.add(path);
    } else {
      paths.remove(path);
    }
    notifyAll();
  }

  /** The paths of the actors alive now (for diagnostics). */
  public synchronized List<String> livePaths() {
    return List.copyOf(paths);
  }

  /**
   * Waits until at most {@code count} actors are alive, or the timeout passes.
   *
   * @return true if the count was reached
   */
  public synchronized boolean awaitAtMost(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (live > count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** {@code behavior}, counted while its actor lives. */
  public static <T> Behavior<T> counted(Behavior<T> behavior) {
    return Behaviors.intercept(Counting::new, behavior);
  }

  private static final class Counting<T> extends BehaviorInterceptor<T, T> {
    private ActorCensus census;
    private String path;

    @SuppressWarnings("unchecked")
    Counting() {
      super((Class<T>) (Class<?>) Object.class);
    }

    @Override
    public Behavior<T> aroundStart(TypedActorContext<T> ctx, PreStartTarget<T> target) {
      Behavior<T> started = target.start(ctx); // an actor whose start fails is never counted
      census = get(ctx.asJava().getSystem());
      path = ctx.asJava().getSelf().path().toStringWithoutAddress();
      census.change(1, path);
      return started;
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
      return target.apply(ctx, msg);
    }

    @Override
    public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
      if (signal instanceof PostStop && census != null) {
        // counted as gone only after its own PostStop ran: whoever sees the count drop also sees
        // what the actor releases when it stops (a session's slot and memory)
        try {
          return target.apply(ctx, signal);
        } finally {
          census.change(-1, path);
          census = null;
        }
      }
      return target.apply(ctx, signal);
    }
  }

  private static final class Id extends ExtensionId<ActorCensus> {
    @Override
    public ActorCensus createExtension(ActorSystem<?> system) {
      return new ActorCensus();
    }
  }
}
