package org.ebmsim.client;

import org.ebmsim.proto.v1.SessionEvent;

/**
 * Callbacks for watching a session through {@link EbmsimClient#watchSession(String,
 * SessionWatcher)}, whoever started it.
 *
 * <p>Order of calls: {@link #onEvent} for every event in order, first a {@code started} event,
 * last an {@code ended} event (after the result, if the session finished), then exactly one of
 * {@link #onCompleted} or {@link #onError}. A watcher that falls behind loses old progress events
 * (never steering, pause or result events); {@link SessionEvent#getDropped()} counts them.
 * Calls come one at a time from a gRPC thread. Cancelling the watch through its
 * {@link SessionHandle} only detaches this watcher; the session runs on.
 */
public interface SessionWatcher {

  /** One event of the watched session. Default: ignored. */
  default void onEvent(SessionEvent event) {}

  /** The watch failed or was cancelled; no further calls follow. */
  void onError(EbmsimException error);

  /** The server ended the watch after the session's {@code ended} event. Default: ignored. */
  default void onCompleted() {}
}
