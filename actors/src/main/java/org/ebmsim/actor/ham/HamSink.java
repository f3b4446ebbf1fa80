package org.ebmsim.actor.ham;

/**
 * Where a {@link HamSession} delivers its events (a gRPC stream, a test's list). Called from the
 * session actor only, one call at a time.
 */
public interface HamSink {
  /**
   * Takes one event; after {@link HamSessionEvent.Finished} the sink ends its stream.
   *
   * @return true if the sink can take another event now; false makes the session wait for
   *     {@link HamSession.Resume} before it takes another step (flow control)
   */
  boolean offer(HamSessionEvent event);

  /** The session failed (a bug: a layer actor stopped); no further event follows. */
  void fail(Throwable cause);

  /** The session was stopped from outside ({@link HamSession.Stop}); no further event follows. */
  default void stopped(String reason) {
    fail(new org.ebmsim.actor.session.SessionStoppedException("the session was stopped: " + reason));
  }

  /** The session took a pause: it grants no step after {@code step} until it is resumed. */
  default void paused(long step) {}

  /** The session resumed from a pause at {@code step}. */
  default void resumed(long step) {}
}
