package org.ebmsim.server;

import com.typesafe.config.Config;

/**
 * PLACEHOLDER so that the client-sdk's {@code ebmsim server} subcommand compiles before the
 * sim-server module is merged; the real class replaces this file. Same public API.
 */
public final class EbmsimServer {
  private EbmsimServer() {}

  /** Starts the server with keys {@code ebmsim.server.host}, {@code .port}, {@code .data-dir}. */
  public static EbmsimServer start(Config config) {
    throw new UnsupportedOperationException("server module not merged yet");
  }

  /** The port the server listens on. */
  public int port() {
    throw new UnsupportedOperationException("server module not merged yet");
  }

  /** Blocks until the server has shut down. */
  public void blockUntilShutdown() {
    throw new UnsupportedOperationException("server module not merged yet");
  }

  /** Stops the server. */
  public void close() {
    throw new UnsupportedOperationException("server module not merged yet");
  }
}
