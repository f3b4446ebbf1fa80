package org.ebmsim.server.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps bearer tokens out of the logs whatever the log levels: grpc-netty's HTTP/2 frame loggers
 * write every header (the {@code authorization} header included) at DEBUG, so this logback
 * filter drops those loggers' events below INFO. Installed once per logger context when a server
 * with tokens starts; does nothing under another SLF4J backend (which then needs the same rule).
 */
final class HeaderLogGuard extends TurboFilter {
  private static final Set<String> FRAME_LOGGERS = Set.of("io.grpc.netty.NettyServerHandler",
      "io.grpc.netty.NettyClientHandler");

  private HeaderLogGuard() {}

  /** Adds the filter to the logback context, unless it is there already. */
  static synchronized void install() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    for (TurboFilter f : context.getTurboFilterList()) {
      if (f instanceof HeaderLogGuard) {
        return;
      }
    }
    HeaderLogGuard guard = new HeaderLogGuard();
    guard.setName("ebmsim-header-log-guard");
    guard.start();
    context.addTurboFilter(guard);
  }

  @Override
  public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (level != null && level.levelInt < Level.INFO_INT && FRAME_LOGGERS.contains(logger.getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
