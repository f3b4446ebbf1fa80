package org.ebmsim.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ebmsim.server.EbmsimServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim server}: runs the server in this process until it is stopped (Ctrl-C).
 * Options override the config keys {@code ebmsim.server.host}, {@code .port},
 * {@code .data-dir} and {@code ebmsim.security.*} (TLS, tokens, insecure); precedence: options, then {@code --config FILE}, then the built-in
 * defaults ({@code reference.conf}, {@code application.conf}, system properties).
 */
@Command(
    name = "server",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = "Start the ebmsim server in this process (stop with Ctrl-C).")
final class ServerCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "Address to bind (config ebmsim.server.host, default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one (config ebmsim.server.port, default 50051).")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for stored models (config ebmsim.server.data-dir, default ./ebmsim-data).")
  String dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON config file read before the defaults.")
  File configFile;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on http://HOST:PORT/metrics (HOST: config ebmsim.metrics.host, default 127.0.0.1); 0 picks a free port; default off.")
  Integer metricsPort;

  @Option(names = "--log-format", paramLabel = "FORMAT", description = "Log lines as text (default) or json: one JSON object per line, with the session id (mdc.session_id) on lines about a session (config ebmsim.logging.format).")
  String logFormat;

  // --tls-cert and --tls-key are the global options (EbmsimCli): for this command they name the
  // server's certificate chain and key

  @Option(names = "--tls-client-ca", paramLabel = "FILE", description = "Require client certificates signed by this PEM CA: mutual TLS (config ebmsim.security.tls.client-ca-file).")
  String tlsClientCa;

  @Option(names = "--tokens-file", paramLabel = "FILE", description = "Require bearer tokens from this file (config ebmsim.security.tokens-file; see 'ebmsim token create').")
  String tokensFile;

  @Option(names = "--insecure", description = "Allow a non-loopback --host without TLS and tokens (config ebmsim.security.insecure).")
  boolean insecure;

  @Option(names = "--dashboard-port", paramLabel = "PORT", description = "Serve the web dashboard on http://HOST:PORT/ (HOST: config ebmsim.dashboard.host, default 127.0.0.1); 0 picks a free port; default off.")
  Integer dashboardPort;

  @Option(names = "--cluster", description = "Join or form a Pekko Cluster: chain groups of sessions run on any node (config ebmsim.cluster.enabled; default: a single node, no remoting).")
  boolean cluster;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Port this node's peers reach it on (config ebmsim.cluster.port, default 25520).")
  Integer clusterPort;

  @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,...]", split = ",", description = "Nodes to join through; list this node's own host:port to form the cluster (config ebmsim.cluster.seed-nodes).")
  java.util.List<String> seedNodes;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (host != null) {
      overrides.put("ebmsim.server.host", host);
    }
    if (port != null) {
      overrides.put("ebmsim.server.port", port);
    }
    if (metricsPort != null) {
      if (metricsPort < 0 || metricsPort > 65535) {
        throw EbmsimCli.usage(spec, "--metrics-port must be 0..65535, got " + metricsPort);
      }
      overrides.put("ebmsim.metrics.port", metricsPort);
    }
    if (dashboardPort != null) {
      if (dashboardPort < 0 || dashboardPort > 65535) {
        throw EbmsimCli.usage(spec, "--dashboard-port must be 0..65535, got " + dashboardPort);
      }
      overrides.put("ebmsim.dashboard.port", dashboardPort);
    }
    if (dataDir != null) {
      overrides.put("ebmsim.server.data-dir", dataDir);
    }
    if (logFormat != null) {
      if (!logFormat.equals("text") && !logFormat.equals("json")) {
        throw EbmsimCli.usage(spec, "--log-format must be text or json, got " + logFormat);
      }
      overrides.put("ebmsim.logging.format", logFormat);
    }
    putIfSet(overrides, "ebmsim.security.tls.cert-file", cli.tlsCert == null ? null : cli.tlsCert.getPath());
    putIfSet(overrides, "ebmsim.security.tls.key-file", cli.tlsKey == null ? null : cli.tlsKey.getPath());
    putIfSet(overrides, "ebmsim.security.tls.client-ca-file", tlsClientCa);
    putIfSet(overrides, "ebmsim.security.tokens-file", tokensFile);
    if (insecure) {
      overrides.put("ebmsim.security.insecure", true);
    }
    if (cluster) {
      overrides.put("ebmsim.cluster.enabled", true);
    }
    if (clusterPort != null) {
      if (clusterPort < 0 || clusterPort > 65535) {
        throw EbmsimCli.usage(spec, "--cluster-port must be 0..65535, got " + clusterPort);
      }
      overrides.put("ebmsim.cluster.port", clusterPort);
    }
    if (seedNodes != null) {
      overrides.put("ebmsim.cluster.seed-nodes", seedNodes);
    }
    Config defaults = ConfigFactory.load();
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new InputFileException(configFile + ": no such file");
      }
      defaults = ConfigFactory.parseFile(configFile).withFallback(defaults).resolve();
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(defaults);

    EbmsimServer server;
    try {
      server = EbmsimServer.start(config);
    } catch (IllegalArgumentException e) {
      // a configuration the server refuses: exposure without TLS and tokens, unreadable TLS or
      // tokens files, values out of range; the message says what to change
      cli.err().println("error: " + e.getMessage());
      return EbmsimCli.EXIT_USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // The JVM is exiting; nothing useful can be done with a failure to close.
      }
    }, "ebmsim-server-shutdown"));
    String where = config.hasPath("ebmsim.server.data-dir") ? config.getString("ebmsim.server.data-dir") : "?";
    cli.err().println("ebmsim server listening on port " + server.port()
        + " (data dir " + where + "); Ctrl-C stops it");
    server.metricsPort().ifPresent(p -> cli.err().println("Prometheus metrics on http://"
        + config.getString("ebmsim.metrics.host") + ":" + p + "/metrics"));
    server.dashboardPort().ifPresent(p -> cli.err().println("dashboard on http://"
        + config.getString("ebmsim.dashboard.host") + ":" + p + "/"));
    server.blockUntilShutdown();
    return EbmsimCli.EXIT_OK;
  }

  private static void putIfSet(Map<String, Object> overrides, String key, String value) {
    if (value != null) {
      overrides.put(key, value);
    }
  }
}
