package org.ebmsim.stream;

/** Thrown when starting one more session would exceed the concurrent-session limit. */
public final class SessionLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionLimitExceededException(String message) {
    super(message);
  }
}
