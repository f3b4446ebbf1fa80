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
}
