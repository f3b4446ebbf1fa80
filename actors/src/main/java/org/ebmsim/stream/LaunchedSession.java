package org.ebmsim.stream;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.session.SessionEvent;

/**
 * A session that has started: its registry record, and for an attached session the owner's
 * source of events (starting with {@link SessionEvent.Started}); run it to drive the session,
 * cancel it to stop the session. A detached session has no source.
 */
public final class LaunchedSession {
  private final SessionRecord record;
  private final Source<SessionEvent, NotUsed> events;
  private final CompletionStage<Void> stopped;

  LaunchedSession(SessionRecord record, Source<SessionEvent, NotUsed> events, CompletionStage<Void> stopped) {
    this.record = record;
    this.events = events;
    this.stopped = stopped;
  }

  public String id() {
    return record.id();
  }

  public SessionRecord record() {
    return record;
  }

  /** The owner's events; null for a detached session. Materialize once. */
  public Source<SessionEvent, NotUsed> events() {
    return events;
  }

  /** Stops the session (idempotent). */
  public void cancel() {
    record.control().stop("cancelled by its owner");
  }

  /** Completes once the session's actors have stopped and released their memory. */
  public CompletionStage<Void> stopped() {
    return stopped;
  }
}
