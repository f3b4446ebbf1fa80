package org.ebmsim.client;

import java.time.Duration;

/** A running asynchronous session: lets the caller cancel it or wait for its end. */
public interface SessionHandle {

  /**
   * Cancels the call; the server stops the session. Safe to call more than once and after
   * the session ended (then it does nothing).
   */
  void cancel();

  /** True once the observer has received {@code onCompleted} or {@code onError}. */
  boolean isDone();

  /**
   * Waits until the session ends (observer notified) or {@code timeout} passes.
   *
   * @return true if the session ended within the timeout
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;
}
