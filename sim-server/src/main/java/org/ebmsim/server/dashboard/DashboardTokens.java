package org.ebmsim.server.dashboard;

import java.util.Optional;
import org.ebmsim.server.security.Authentication;
import org.ebmsim.server.security.Caller;
import org.ebmsim.server.security.Role;
import org.ebmsim.server.security.ServerSecurity;

/**
 * The dashboard's requests judged by the server's bearer tokens, with the roles of the gRPC API:
 * reading (list, watch, models) needs {@code read}, the buttons need {@code run}. Whose session
 * a {@code run} token may steer is decided once, by the gRPC interceptor, on the same header the
 * dashboard forwards with its in-process calls (PERMISSION_DENIED comes back as 403). Without a
 * tokens file every request passes, as on the gRPC port.
 */
public final class DashboardTokens implements DashboardAccess {
  private final ServerSecurity security;

  public DashboardTokens(ServerSecurity security) {
    this.security = security;
  }

  @Override
  public Outcome check(Optional<String> authorizationHeader, Need need, Optional<String> sessionId) {
    Authentication a = security.authenticate(authorizationHeader.orElse(null));
    if (a instanceof Authentication.Refused refused) {
      return Outcome.unauthenticated(refused.reason());
    }
    Caller caller = ((Authentication.Granted) a).caller();
    Role needed = need == Need.READ ? Role.READ : Role.RUN;
    if (!caller.may(needed)) {
      return Outcome.forbidden("the token of '" + caller.name() + "' has role " + caller.role().label() + "; "
          + (need == Need.READ ? "reading sessions" : "pausing, resuming, stopping or steering a session")
          + " needs role " + needed.label());
    }
    return Outcome.OK;
  }
}
