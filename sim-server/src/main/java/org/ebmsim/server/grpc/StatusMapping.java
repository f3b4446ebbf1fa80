package org.ebmsim.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.server.store.StoreFullException;
import org.ebmsim.stream.SessionLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions to gRPC statuses. Validation failures carry their message to the client;
 * unexpected failures are logged and answered INTERNAL without internals.
 */
final class StatusMapping {
  private static final Logger LOG = LoggerFactory.getLogger(StatusMapping.class);

  private StatusMapping() {}

  static Status toStatus(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StatusRuntimeException s) {
      return s.getStatus();
    }
    if (t instanceof ModelTooLargeException || t instanceof LimitExceededException
        || t instanceof SessionLimitExceededException || t instanceof StoreFullException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(t.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage());
    }
    if (t instanceof NotFoundException) {
      return Status.NOT_FOUND.withDescription(t.getMessage());
    }
    if (t instanceof java.util.concurrent.RejectedExecutionException) {
      return Status.RESOURCE_EXHAUSTED.withDescription("the server is busy with other exact enumerations; retry later");
    }
    if (t instanceof TimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription("the server did not answer in time");
    }
    LOG.error("unexpected failure", t);
    return Status.INTERNAL.withDescription("internal error (" + t.getClass().getSimpleName() + "); see server log");
  }

  static StatusRuntimeException toException(Throwable t) {
    return toStatus(t).asRuntimeException();
  }
}
