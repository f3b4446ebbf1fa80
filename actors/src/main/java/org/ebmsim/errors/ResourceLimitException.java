package org.ebmsim.errors;

/**
 * The request is valid but exceeds a configured limit or the memory budget; the message names
 * the limit and what the request would cost (RESOURCE_EXHAUSTED).
 */
public class ResourceLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResourceLimitException(String message) {
    super(message);
  }

  /** Throws with {@code message} unless {@code ok}. */
  public static void limit(boolean ok, String message) {
    if (!ok) {
      throw new ResourceLimitException(message);
    }
  }
}
