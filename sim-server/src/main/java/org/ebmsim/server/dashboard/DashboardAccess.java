package org.ebmsim.server.dashboard;

import java.util.Optional;

/**
 * Decides whether one dashboard API request may proceed. Called for every request under
 * {@code /api/} before anything else happens, with the request's {@code Authorization} header (as
 * sent, e.g. {@code "Bearer abc"}); static assets are not checked (they hold no data). The default
 * allows everything; a token check plugs in here. The same header is also forwarded as gRPC
 * metadata on the in-process calls the dashboard makes, so a gRPC auth interceptor sees it too.
 */
@FunctionalInterface
public interface DashboardAccess {
  /** What a request needs. */
  enum Need {
    /** List sessions, get one, watch its events, read a model's description. */
    READ,
    /** Pause, resume, stop or steer a session. */
    CONTROL
  }

  /** The answer; anything but OK ends the request with {@link #httpStatus} and {@link #message}. */
  record Outcome(Kind kind, String message) {
    public enum Kind { OK, UNAUTHENTICATED, FORBIDDEN }

    public static final Outcome OK = new Outcome(Kind.OK, "");

    public static Outcome unauthenticated(String message) {
      return new Outcome(Kind.UNAUTHENTICATED, message);
    }

    public static Outcome forbidden(String message) {
      return new Outcome(Kind.FORBIDDEN, message);
    }

    /** 200 for OK, 401 or 403 otherwise. */
    public int httpStatus() {
      return switch (kind) {
        case OK -> 200;
        case UNAUTHENTICATED -> 401;
        case FORBIDDEN -> 403;
      };
    }
  }

  /**
   * @param authorizationHeader the request's {@code Authorization} header, if it has one
   * @param need what the request does
   * @param sessionId the session it acts on ({@code CONTROL} and watching), empty for lists and models
   */
  Outcome check(Optional<String> authorizationHeader, Need need, Optional<String> sessionId);

  /** Lets every request through (the default while the server has no tokens). */
  static DashboardAccess allowAll() {
    return (header, need, session) -> Outcome.OK;
  }
}
