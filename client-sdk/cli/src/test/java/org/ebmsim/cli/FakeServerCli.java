package org.ebmsim.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.testing.FakeEbmsimServer;

/**
 * The CLI run in-process against a {@link FakeEbmsimServer} as a user types commands; keeps the
 * output of the last run.
 */
final class FakeServerCli implements AutoCloseable {
  final FakeEbmsimServer server;
  private String out = "";
  private String err = "";

  FakeServerCli() throws Exception {
    server = new FakeEbmsimServer();
  }

  /** Runs {@code ebmsim args...} against the fake; returns the exit code. */
  int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = EbmsimCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), target -> EbmsimClient.create(server.newChannel()));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  String out() {
    return out;
  }

  String err() {
    return err;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
