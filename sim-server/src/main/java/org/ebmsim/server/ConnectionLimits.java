package org.ebmsim.server;

import com.typesafe.config.Config;
import io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The limits a Netty gRPC server puts on each client connection ({@code ebmsim.server.connections}
 * in {@code reference.conf}, where each is explained). grpc-java's defaults are permissive: no cap
 * on concurrent streams, no rapid-reset protection; these make them explicit and bounded.
 *
 * @param maxConcurrentCallsPerConnection HTTP/2 streams a connection may have open; more wait in the client
 * @param permitKeepAliveTime a client pinging more often gets GOAWAY (ENHANCE_YOUR_CALM, "too_many_pings")
 * @param permitKeepAliveWithoutCalls whether pings are allowed on a connection with no call
 * @param keepAliveTime the server pings a connection idle this long, to find dead peers
 * @param keepAliveTimeout and closes it when the ping is not answered within this
 * @param maxConnectionIdle connections without calls for this long are closed (zero: never)
 * @param maxConnectionAge connections older than this get GOAWAY (zero: never; long training streams
 *     would otherwise be cut after the grace)
 * @param maxConnectionAgeGrace running calls' time to finish after that GOAWAY
 * @param maxRstFramesPerWindow stream resets a client may send per {@code rstWindow} before the
 *     connection is closed (the HTTP/2 rapid-reset attack, CVE-2023-44487)
 * @param rstWindow the window of that count
 */
public record ConnectionLimits(int maxConcurrentCallsPerConnection, Duration permitKeepAliveTime,
    boolean permitKeepAliveWithoutCalls, Duration keepAliveTime, Duration keepAliveTimeout, Duration maxConnectionIdle,
    Duration maxConnectionAge, Duration maxConnectionAgeGrace, int maxRstFramesPerWindow, Duration rstWindow) {

  /** From {@code ebmsim.server.connections}. */
  public static ConnectionLimits from(Config server) {
    Config c = server.getConfig("connections");
    ConnectionLimits limits = new ConnectionLimits(c.getInt("max-concurrent-calls"), c.getDuration("permit-keepalive-time"),
        c.getBoolean("permit-keepalive-without-calls"), c.getDuration("keepalive-time"),
        c.getDuration("keepalive-timeout"), c.getDuration("max-connection-idle"), c.getDuration("max-connection-age"),
        c.getDuration("max-connection-age-grace"), c.getInt("max-rst-frames-per-window"), c.getDuration("rst-window"));
    if (limits.maxConcurrentCallsPerConnection < 1) {
      throw new IllegalArgumentException("ebmsim.server.connections.max-concurrent-calls must be >= 1 (got "
          + limits.maxConcurrentCallsPerConnection + ")");
    }
    if (limits.maxRstFramesPerWindow < 1) {
      throw new IllegalArgumentException("ebmsim.server.connections.max-rst-frames-per-window must be >= 1 (got "
          + limits.maxRstFramesPerWindow + ")");
    }
    for (Duration d : new Duration[] {limits.permitKeepAliveTime, limits.keepAliveTime, limits.keepAliveTimeout,
        limits.maxConnectionIdle, limits.maxConnectionAge, limits.maxConnectionAgeGrace, limits.rstWindow}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("ebmsim.server.connections durations must be >= 0 (got " + d + ")");
      }
    }
    if (limits.rstWindow.isZero() || limits.keepAliveTime.isZero() || limits.keepAliveTimeout.isZero()) {
      throw new IllegalArgumentException("ebmsim.server.connections rst-window, keepalive-time and"
          + " keepalive-timeout must be > 0");
    }
    return limits;
  }

  /** Applies these limits to a Netty server builder. */
  void applyTo(NettyServerBuilder b) {
    b.maxConcurrentCallsPerConnection(maxConcurrentCallsPerConnection)
        .permitKeepAliveTime(permitKeepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveWithoutCalls(permitKeepAliveWithoutCalls)
        .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .maxRstFramesPerWindow(maxRstFramesPerWindow, (int) Math.max(1, rstWindow.toSeconds()));
    if (!maxConnectionIdle.isZero()) {
      b.maxConnectionIdle(maxConnectionIdle.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (!maxConnectionAge.isZero()) {
      b.maxConnectionAge(maxConnectionAge.toNanos(), TimeUnit.NANOSECONDS)
          .maxConnectionAgeGrace(maxConnectionAgeGrace.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
