package org.ebmsim.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.ebmsim.actor.session.SessionStoppedException;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions to gRPC statuses. Only the request-error types of {@code org.ebmsim.errors} (thrown
 * by validation) carry their message to the client, as INVALID_ARGUMENT, FAILED_PRECONDITION,
 * RESOURCE_EXHAUSTED or NOT_FOUND. Anything else is a bug: it is logged with its stack trace
 * under a short error id, and the client gets INTERNAL with that id only (an
 * IllegalArgumentException deep in the engine is a bug, not the caller's fault).
 */
final class StatusMapping {
  private static final Logger LOG = LoggerFactory.getLogger(StatusMapping.class);

  /** Longest description sent (gRPC carries it in a header; clients refuse large ones). */
  private static final int MAX_DESCRIPTION = 2000;

  private StatusMapping() {}

  static Status toStatus(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StatusRuntimeException s) {
      return s.getStatus();
    }
    if (t instanceof InvalidRequestException) {
      return described(Status.INVALID_ARGUMENT, t);
    }
    if (t instanceof FailedPreconditionException) {
      return described(Status.FAILED_PRECONDITION, t);
    }
    if (t instanceof ResourceLimitException) {
      return described(Status.RESOURCE_EXHAUSTED, t);
    }
    if (t instanceof NotFoundException) {
      return described(Status.NOT_FOUND, t);
    }
    if (t instanceof SessionStoppedException) {
      return described(Status.CANCELLED, t);
    }
    if (t instanceof CreateContext.CancelledException || t instanceof CancellationException) {
      return Status.CANCELLED.withDescription("cancelled");
    }
    if (t instanceof RejectedExecutionException) {
      return Status.RESOURCE_EXHAUSTED.withDescription("the server's compute pool is busy; retry later");
    }
    if (t instanceof TimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription("the server did not answer in time");
    }
    String id = errorId();
    LOG.error("internal error {}", id, t);
    return Status.INTERNAL.withDescription("internal error " + id + "; the server log has the details");
  }

  private static Status described(Status status, Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage();
    if (m.length() > MAX_DESCRIPTION) {
      m = m.substring(0, MAX_DESCRIPTION) + "…";
    }
    return status.withDescription(m);
  }

  /** A short id for an internal error ("e-" and 8 hex digits), in the status and the log line. */
  static String errorId() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return "e-" + HexFormat.of().formatHex(b);
  }

  static StatusRuntimeException toException(Throwable t) {
    return toStatus(t).asRuntimeException();
  }
}
