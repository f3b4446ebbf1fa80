package org.ebmsim.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A call to the server failed: carries the gRPC status code and the server's description.
 * Every SDK method reports gRPC failures with this type, so callers need not know about
 * {@link StatusRuntimeException}.
 */
public final class EbmsimException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final String description;

  /** Creates an exception for {@code code} with the server's {@code description} (may be empty). */
  public EbmsimException(Status.Code code, String description, Throwable cause) {
    super(code + ": " + (description == null ? "" : description), cause);
    this.code = code;
    this.description = description == null ? "" : description;
  }

  /** Converts any throwable from a gRPC call; non-gRPC throwables become {@code UNKNOWN}. */
  public static EbmsimException from(Throwable t) {
    if (t instanceof EbmsimException e) {
      return e;
    }
    Status status = Status.fromThrowable(t);
    String description = status.getDescription();
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null) {
      // Client-side failures (e.g. connection refused) carry their reason in the cause only.
      description = description == null ? cause.getMessage() : description + " (" + cause.getMessage() + ")";
    }
    return new EbmsimException(status.getCode(), description, t);
  }

  /** The gRPC status code, e.g. {@code NOT_FOUND} or {@code INVALID_ARGUMENT}. */
  public Status.Code code() {
    return code;
  }

  /** The server's human-readable description of the failure; empty if it gave none. */
  public String description() {
    return description;
  }
}
