package org.ebmsim.server.grpc;

/** A referenced resource does not exist (NOT_FOUND). */
final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFoundException(String message) {
    super(message);
  }
}
