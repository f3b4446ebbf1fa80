package org.ebmsim.server.dashboard;

import com.google.gson.JsonObject;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;

/**
 * Errors of the dashboard API as JSON ({@code {"code": "NOT_FOUND", "message": "…"}}) with the HTTP
 * status that mirrors the gRPC status the in-process call ended with, so a browser and a gRPC
 * client are told the same thing in their own terms.
 */
final class ErrorResponses {
  private ErrorResponses() {}

  /** The HTTP status for a gRPC status code. */
  static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case FAILED_PRECONDITION, ABORTED, ALREADY_EXISTS -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case CANCELLED -> 503; // the server is shutting down or the call was cut: try again
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  /** The response for a failed in-process call (its status; anything else is INTERNAL). */
  static HttpResponse of(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    Status s = Status.fromThrowable(t);
    String message = s.getDescription() != null ? s.getDescription() : s.getCode().name();
    return of(s.getCode().name(), message, httpStatus(s.getCode()));
  }

  /** A JSON error with {@code code} (a gRPC status name) and {@code message} at {@code httpStatus}. */
  static HttpResponse of(String code, String message, int httpStatus) {
    JsonObject body = new JsonObject();
    body.addProperty("code", code);
    body.addProperty("message", message);
    return json(httpStatus, body.toString());
  }

  /** A JSON body that must not be cached (it shows live state). */
  static HttpResponse json(int httpStatus, String body) {
    return HttpResponse.create().withStatus(httpStatus)
        .addHeader(CacheControl.create(CacheDirectives.NO_STORE))
        .withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
