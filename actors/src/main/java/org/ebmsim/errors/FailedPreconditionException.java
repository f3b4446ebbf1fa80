package org.ebmsim.errors;

/**
 * The request is well formed but does not fit the state of what it names: AIS on a model
 * without an AIS path, steering a session that has ended (FAILED_PRECONDITION).
 */
public class FailedPreconditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(String message) {
    super(message);
  }
}
