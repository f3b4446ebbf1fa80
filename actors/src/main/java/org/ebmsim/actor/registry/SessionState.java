package org.ebmsim.actor.registry;

/** Where a session is in its life. */
public enum SessionState {
  RUNNING,
  PAUSED,
  /** Ended with its result. */
  FINISHED,
  /** Stopped before its end (stop request, owner gone, deadline, time limit). */
  STOPPED,
  /** Ended by an error. */
  FAILED;

  public boolean ended() {
    return this == FINISHED || this == STOPPED || this == FAILED;
  }
}
