package org.ebmsim.server.dashboard;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Where the dashboard listens ({@code ebmsim.dashboard}): {@code port} -1 turns it off, 0 picks a
 * free port. {@code heartbeat}: an idle event stream gets a comment line this often, which is how
 * the server notices a browser that went away while its session sends nothing (paused): TCP only
 * reports a closed peer on a write.
 */
public record DashboardSettings(String host, int port, Duration heartbeat) {
  public static DashboardSettings from(Config config) {
    Config c = config.getConfig("ebmsim.dashboard");
    int port = c.getInt("port");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("ebmsim.dashboard.port must be -1 (off), 0 (any free port) or 1..65535"
          + " (got " + port + ")");
    }
    Duration heartbeat = c.getDuration("heartbeat");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("ebmsim.dashboard.heartbeat must be > 0 (got " + heartbeat + ")");
    }
    return new DashboardSettings(c.getString("host"), port, heartbeat);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
