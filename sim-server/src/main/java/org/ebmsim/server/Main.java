package org.ebmsim.server;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -cp ... org.ebmsim.server.Main [--host H] [--port P] [--data-dir D]}: runs the
 * server until interrupted. The CLI's {@code ebmsim server} does the same.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> overrides = new HashMap<>();
    for (int k = 0; k + 1 < args.length; k += 2) {
      switch (args[k]) {
        case "--host" -> overrides.put("ebmsim.server.host", args[k + 1]);
        case "--port" -> overrides.put("ebmsim.server.port", Integer.parseInt(args[k + 1]));
        case "--data-dir" -> overrides.put("ebmsim.server.data-dir", args[k + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[k] + " (use --host, --port, --data-dir)");
      }
    }
    EbmsimServer server = EbmsimServer.start(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ebmsim-shutdown"));
    server.blockUntilShutdown();
  }
}
