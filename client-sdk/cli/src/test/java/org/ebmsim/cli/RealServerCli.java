package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.ebmsim.server.EbmsimServer;

/**
 * The real server over Netty on port 0 (data in a test folder) and the CLI run against it as a
 * user types commands; keeps the output of the last run.
 */
final class RealServerCli implements AutoCloseable {
  private final EbmsimServer server;
  private String out = "";
  private String err = "";

  RealServerCli(Path dataDir) {
    server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0,
        "ebmsim.server.data-dir", dataDir.toString())).withFallback(ConfigFactory.load()));
  }

  /**
   * Runs {@code ebmsim --target=127.0.0.1:PORT --deadline=60s args...}; returns the exit code. The
   * deadline turns a call that never ends (a server bug) into a DEADLINE_EXCEEDED failure.
   */
  int run(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--target=127.0.0.1:" + server.port();
    full[1] = "--deadline=60s";
    System.arraycopy(args, 0, full, 2, args.length);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = EbmsimCli.run(full, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  /** The server's port (for an SDK client beside the CLI). */
  /** {@link #run}, asserting the exit code; the message shows the command and both outputs. */
  void assertRun(int expected, String... args) {
    int code = run(args);
    assertEquals(expected, code, "exit code of " + String.join(" ", args) + "; stdout:\n" + out
        + "\nstderr:\n" + err);
  }

  /** The last line the last run printed, as JSON (commands run with {@code --json}). */
  JsonObject lastJsonLine() {
    String[] lines = out.trim().split("\n");
    return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
  }

  int port() {
    return server.port();
  }

  /** Standard output of the last run. */
  String out() {
    return out;
  }

  /** Standard error of the last run. */
  String err() {
    return err;
  }

  @Override
  public void close() {
    server.close();
  }
}
