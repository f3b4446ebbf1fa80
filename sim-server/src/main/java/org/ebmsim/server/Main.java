package org.ebmsim.server;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -cp ... org.ebmsim.server.Main [--host H] [--port P] [--data-dir D] [--port-file F]
 * [--tls-cert F --tls-key F [--tls-client-ca F]] [--tokens-file F] [--insecure] [--cluster
 * [--cluster-port P] [--seed-nodes host:port,...]]}:
 * runs the server until interrupted. With {@code --port 0} a free port is picked; {@code
 * --port-file} writes the bound port to F once the server listens (for scripts and tests).
 * Any setting can also be given as a system property, e.g. {@code -Debmsim.limits.max-sessions=8}.
 * The CLI's {@code ebmsim server} does the same.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    Map<String, Object> overrides = new HashMap<>();
    Path portFile = null;
    for (int k = 0; k < args.length; k += 2) {
      if (args[k].equals("--insecure") || args[k].equals("--cluster")) {
        overrides.put(args[k].equals("--cluster") ? "ebmsim.cluster.enabled" : "ebmsim.security.insecure", true);
        k--; // a flag without a value
        continue;
      }
      if (k + 1 >= args.length) {
        throw new IllegalArgumentException(args[k] + " needs a value");
      }
      switch (args[k]) {
        case "--host" -> overrides.put("ebmsim.server.host", args[k + 1]);
        case "--port" -> overrides.put("ebmsim.server.port", Integer.parseInt(args[k + 1]));
        case "--data-dir" -> overrides.put("ebmsim.server.data-dir", args[k + 1]);
        case "--port-file" -> portFile = Path.of(args[k + 1]);
        case "--tls-cert" -> overrides.put("ebmsim.security.tls.cert-file", args[k + 1]);
        case "--tls-key" -> overrides.put("ebmsim.security.tls.key-file", args[k + 1]);
        case "--tls-client-ca" -> overrides.put("ebmsim.security.tls.client-ca-file", args[k + 1]);
        case "--tokens-file" -> overrides.put("ebmsim.security.tokens-file", args[k + 1]);
        case "--seed-nodes" -> overrides.put("ebmsim.cluster.seed-nodes", List.of(args[k + 1].split(",")));
        case "--cluster-port" -> overrides.put("ebmsim.cluster.port", Integer.parseInt(args[k + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[k]
            + " (use --host, --port, --data-dir, --port-file, --tls-cert, --tls-key, --tls-client-ca,"
            + " --tokens-file, --insecure, --cluster, --seed-nodes, --cluster-port)");
      }
    }
    EbmsimServer server;
    try {
      server = EbmsimServer.start(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
    } catch (org.ebmsim.server.security.InsecureExposureException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ebmsim-shutdown"));
    if (portFile != null) {
      // written whole, then renamed, so a reader never sees a partial number
      Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
      Files.writeString(tmp, Integer.toString(server.port()));
      Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    server.blockUntilShutdown();
  }
}
