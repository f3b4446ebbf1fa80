package org.ebmsim.dynamics.rbm;

/**
 * An exact computation was asked of a model too large for it (e.g. enumerating 2^40 states).
 * A distinct subtype so the transport layer can answer RESOURCE_EXHAUSTED rather than
 * INVALID_ARGUMENT.
 */
public final class ModelTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ModelTooLargeException(String message) {
    super(message);
  }
}
