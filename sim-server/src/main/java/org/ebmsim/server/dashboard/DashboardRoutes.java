package org.ebmsim.server.dashboard;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.ebmsim.proto.v1.SteerAction;

/**
 * The dashboard's HTTP routes: the page's three static files, and under {@code /api/} the JSON API
 * (every request first passes {@link DashboardAccess}):
 * <pre>
 * GET  /api/sessions[?includeEnded=false]   ListSessions (ended ones included by default)
 * GET  /api/sessions/{id}                   GetSession
 * GET  /api/sessions/{id}/events            WatchSession as Server-Sent Events
 * POST /api/sessions/{id}/pause|resume|stop PauseSession, ResumeSession, StopSession
 * POST /api/sessions/{id}/temperature       SteerSession with {"value": T}
 * GET  /api/models/{id}                     GetModel (description only: layers, image shape)
 * </pre>
 */
final class DashboardRoutes extends AllDirectives {
  private final SessionCalls calls;
  private final DashboardAccess access;
  private final Duration heartbeat;

  /**
   * @param heartbeat how long an event stream may stay silent before a comment line is sent: it
   *     keeps proxies and Pekko's idle timeout from closing it, and makes a browser that went away
   *     visible (the write fails), so its watch is cancelled
   */
  DashboardRoutes(SessionCalls calls, DashboardAccess access, Duration heartbeat) {
    this.calls = calls;
    this.access = access;
    this.heartbeat = heartbeat;
  }

  Route route() {
    return concat(
        get(() -> concat(
            pathSingleSlash(() -> getFromResource("dashboard/index.html", ContentTypes.TEXT_HTML_UTF8)),
            path("dashboard.js", () -> getFromResource("dashboard/dashboard.js")),
            path("dashboard.css", () -> getFromResource("dashboard/dashboard.css")))),
        pathPrefix("api", () -> concat(api(), extractRequest(r -> complete(ErrorResponses.of("NOT_FOUND",
            "no dashboard API " + r.method().value() + " " + r.getUri().path(), 404))))));
  }

  private Route api() {
    return optionalHeaderValueByName("Authorization", auth -> concat(
        path("sessions", () -> get(() -> parameterOptional("includeEnded", ended -> allowed(auth,
            DashboardAccess.Need.READ, Optional.empty(),
            () -> json(calls.list(auth, !ended.map("false"::equalsIgnoreCase).orElse(false))))))),
        path(PathMatchers.segment("sessions").slash(PathMatchers.segment()), id -> get(() -> allowed(auth,
            DashboardAccess.Need.READ, Optional.of(id), () -> json(calls.get(auth, id))))),
        path(PathMatchers.segment("sessions").slash(PathMatchers.segment()).slash("events"), id -> get(() ->
            allowed(auth, DashboardAccess.Need.READ, Optional.of(id), () -> events(auth, id)))),
        path(PathMatchers.segment("sessions").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
            // the body is read first (also where it is ignored): answering before it is read closes the connection
            (id, action) -> post(() -> entity(Unmarshaller.entityToString(), body -> control(auth, id, action, body)))),
        path(PathMatchers.segment("models").slash(PathMatchers.segment()), id -> get(() -> allowed(auth,
            DashboardAccess.Need.READ, Optional.empty(),
            () -> json(calls.model(auth, id).thenApply(m -> m.toBuilder().clearParameters().build())))))));
  }

  /** Runs {@code inner} if {@link DashboardAccess} allows it; 401 or 403 with its message otherwise. */
  private Route allowed(Optional<String> auth, DashboardAccess.Need need, Optional<String> sessionId,
      java.util.function.Supplier<Route> inner) {
    DashboardAccess.Outcome o = access.check(auth, need, sessionId);
    if (o.kind() == DashboardAccess.Outcome.Kind.OK) {
      return inner.get();
    }
    String code = o.kind() == DashboardAccess.Outcome.Kind.UNAUTHENTICATED ? "UNAUTHENTICATED" : "PERMISSION_DENIED";
    return complete(ErrorResponses.of(code, o.message(), o.httpStatus()));
  }

  private Route control(Optional<String> auth, String id, String action, String body) {
    Function<CompletableFuture<? extends com.google.protobuf.MessageOrBuilder>, Route> checked = this::json;
    return switch (action) {
      case "pause" -> allowed(auth, DashboardAccess.Need.CONTROL, Optional.of(id), () -> checked.apply(calls.pause(auth, id)));
      case "resume" -> allowed(auth, DashboardAccess.Need.CONTROL, Optional.of(id), () -> checked.apply(calls.resume(auth, id)));
      case "stop" -> allowed(auth, DashboardAccess.Need.CONTROL, Optional.of(id), () -> checked.apply(calls.stop(auth, id)));
      case "temperature" -> allowed(auth, DashboardAccess.Need.CONTROL, Optional.of(id),
          () -> {
            double value;
            try {
              value = temperature(body);
            } catch (IllegalArgumentException e) {
              return complete(ErrorResponses.of("INVALID_ARGUMENT", e.getMessage(), 400));
            }
            // the range (finite, > 0, within the model's limit) is SteerSession's to check
            return checked.apply(calls.steer(auth, id, SteerAction.newBuilder().setTemperature(value).build()));
          });
      default -> complete(ErrorResponses.of("NOT_FOUND", "no session action " + action
          + " (pause, resume, stop, temperature)", 404));
    };
  }

  /** The {@code value} of a {@code {"value": T}} body; IllegalArgumentException naming what is wrong. */
  static double temperature(String body) {
    JsonElement root;
    try {
      root = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the body must be JSON like {\"value\": 0.5} (" + e.getMessage() + ")");
    }
    if (!root.isJsonObject() || !root.getAsJsonObject().has("value")) {
      throw new IllegalArgumentException("the body must be a JSON object with a number \"value\", like {\"value\": 0.5}");
    }
    JsonElement v = root.getAsJsonObject().get("value");
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("\"value\" must be a number (got " + v + ")");
    }
    return v.getAsDouble();
  }

  private Route json(CompletionStage<? extends com.google.protobuf.MessageOrBuilder> answer) {
    return completeWithFuture(answer.handle((m, error) -> error != null ? ErrorResponses.of(error)
        : ErrorResponses.json(200, EventJson.json(m))));
  }

  /**
   * The session's events as Server-Sent Events, read from a WatchSession call at the pace the
   * client reads (see {@link WatchCall}). GetSession first answers for an unknown session (404,
   * not an empty stream); the watch itself is opened when the response stream starts and cancelled
   * when it ends, so a client that leaves before the response leaves no observer behind. The
   * stream ends after the session's end event, or when the client goes away.
   */
  private Route events(Optional<String> auth, String id) {
    CompletionStage<Optional<Throwable>> known = calls.get(auth, id)
        .handle((session, error) -> Optional.ofNullable(error));
    return onSuccess(known, error -> {
      if (error.isPresent()) {
        return complete(ErrorResponses.of(error.get()));
      }
      Source<ServerSentEvent, NotUsed> stream = Source.unfoldResourceAsync(
              () -> CompletableFuture.completedFuture(calls.watch(auth, id)), WatchCall::next, w -> {
                w.cancel();
                return CompletableFuture.completedFuture(Done.getInstance());
              })
          .map(EventJson::sse)
          .recover(new PFBuilder<Throwable, ServerSentEvent>()
              .matchAny(t -> ServerSentEvent.create(errorJson(t), "error"))
              .build())
          .keepAlive(heartbeat, ServerSentEvent::heartbeat);
      return completeOK(stream, EventStreamMarshalling.toEventStream());
    });
  }

  private static String errorJson(Throwable t) {
    Status s = Status.fromThrowable(t);
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("code", s.getCode().name());
    o.addProperty("message", s.getDescription() == null ? s.getCode().name() : s.getDescription());
    return o.toString();
  }
}
