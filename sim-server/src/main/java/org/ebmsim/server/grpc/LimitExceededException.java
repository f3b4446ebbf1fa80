package org.ebmsim.server.grpc;

/** A request is well-formed but larger than a configured limit (RESOURCE_EXHAUSTED). */
final class LimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LimitExceededException(String message) {
    super(message);
  }
}
