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
 * Options override the config keys {@code ebmsim.server.host}, {@code .port} and
 * {@code .data-dir}; precedence: options, then {@code --config FILE}, then the built-in
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

  @Option(names = "--dashboard-port", paramLabel = "PORT", description = "Serve the web dashboard on http://HOST:PORT/ (HOST: config ebmsim.dashboard.host, default 127.0.0.1); 0 picks a free port; default off.")
  Integer dashboardPort;

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
    Config defaults = ConfigFactory.load();
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new InputFileException(configFile + ": no such file");
      }
      defaults = ConfigFactory.parseFile(configFile).withFallback(defaults).resolve();
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(defaults);

    EbmsimServer server = EbmsimServer.start(config);
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
}
