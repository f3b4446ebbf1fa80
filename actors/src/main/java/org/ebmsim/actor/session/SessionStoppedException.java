package org.ebmsim.actor.session;

/** A session was stopped before its end (a stop request, its time limit); the message says why. */
public final class SessionStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionStoppedException(String reason) {
    super(reason);
  }
}
