package org.ebmsim.server.security;

import io.grpc.Context;
import java.util.Objects;

/**
 * An authenticated client: the name of its token (which owns the sessions it starts) and its
 * role. While a gRPC call runs, {@link #current()} is its caller.
 *
 * @param name the token's name from the tokens file; empty for {@link #UNRESTRICTED}
 */
public record Caller(String name, Role role) {
  /** Everybody when the server has no tokens: may do everything and owns every session. */
  public static final Caller UNRESTRICTED = new Caller("", Role.ADMIN);

  static final Context.Key<Caller> KEY = Context.keyWithDefault("ebmsim-caller", UNRESTRICTED);

  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }

  /**
   * The caller of the gRPC call on this thread; {@link #UNRESTRICTED} when the server has no
   * tokens (and outside calls). Read it on the call's thread: the context does not follow work
   * handed to other executors.
   */
  public static Caller current() {
    return KEY.get();
  }

  /** Whether this caller's role includes {@code needed}. */
  public boolean may(Role needed) {
    return role.includes(needed);
  }

  /**
   * Whether this caller may stop, pause, resume or steer a session started by {@code owner}:
   * with role run its own sessions (or sessions without an owner, started while the server had
   * no tokens), with role admin everyone's.
   */
  public boolean mayControlSessionOf(String owner) {
    return may(Role.ADMIN) || (may(Role.RUN) && (owner.isEmpty() || owner.equals(name)));
  }
}
