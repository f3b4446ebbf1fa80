package org.ebmsim.errors;

/** The request is malformed; the message names the field and the rule (INVALID_ARGUMENT). */
public class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throws with {@code message} unless {@code ok}. */
  public static void require(boolean ok, String message) {
    if (!ok) {
      throw new InvalidRequestException(message);
    }
  }
}
