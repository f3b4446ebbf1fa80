package org.ebmsim.stream;

import java.util.concurrent.CompletionStage;

/** Control over a running session. */
public interface SessionHandle {
  /** Stops the session's actors; idempotent. */
  void cancel();

  /** Completes once the session's actors have stopped and released their memory. */
  CompletionStage<Void> stopped();
}
