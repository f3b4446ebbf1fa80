package org.ebmsim.server.dashboard;

import com.typesafe.config.Config;

/**
 * Where the dashboard listens ({@code ebmsim.dashboard}). {@code port} -1 turns it off, 0 picks a
 * free port.
 */
public record DashboardSettings(String host, int port) {
  public static DashboardSettings from(Config config) {
    Config c = config.getConfig("ebmsim.dashboard");
    int port = c.getInt("port");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("ebmsim.dashboard.port must be -1 (off), 0 (any free port) or 1..65535"
          + " (got " + port + ")");
    }
    return new DashboardSettings(c.getString("host"), port);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
