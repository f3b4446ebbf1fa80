package org.ebmsim.actor.session;

/** A session ended by an internal error (a chain group failed); the cause is the group's failure. */
public final class SessionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
