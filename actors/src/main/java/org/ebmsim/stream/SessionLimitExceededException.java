package org.ebmsim.stream;

import org.ebmsim.errors.ResourceLimitException;

/** Thrown when starting one more session would exceed the concurrent-session limit. */
public final class SessionLimitExceededException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public SessionLimitExceededException(String message) {
    super(message);
  }
}
