package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebmsim temper} against the real server over Netty: a Hopfield network of one stored pattern. */
class TemperCliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;
  private String id;

  @BeforeEach
  void start() throws Exception {
    cli = new RealServerCli(dir.resolve("data"));
    Path patterns = dir.resolve("xi.csv");
    Files.writeString(patterns, "1,-1,1,1,-1,1,1,-1,1,-1,-1,1,1,1,-1,1\n");
    cli.assertRun(0, "models", "create", "--patterns", patterns.toString(), "--name", "one");
    id = cli.out().split(" ")[1];
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void temper_printsLadderAcceptanceBarrierAndRoundTrips() {
    cli.assertRun(0, "temper", id, "--ladder", "geometric:0.3:3:6", "--ladders", "2", "--sweeps", "400", "--seed", "3",
        "--no-progress");
    String out = cli.out();
    assertTrue(out.contains("tempered " + id + ": 400 sweeps, 6 temperatures x 2 ladders, 399 swap rounds"), out);
    assertTrue(out.contains("barrier Λ") && out.contains("round trips") && out.contains("acceptance"), out);

    cli.assertRun(0, "temper", id, "--ladder", "adaptive:0.3:3:6", "--scheme", "reversible", "--sweeps", "400",
        "--json");
    assertTrue(cli.out().contains("\"result\"") && cli.out().contains("\"stateLevels\""), cli.out());
  }

  @Test
  void badLadders_areUsageOrServerErrorsNamingTheField() {
    int code = cli.run("temper", id, "--ladder", "ladder:1:2");
    assertTrue(code != 0 && cli.err().contains("--ladder must be geometric:TMIN:TMAX:K"), cli.err());
    code = cli.run("temper", id, "--ladder", "geometric:3:0.3:4", "--no-progress");
    assertTrue(code != 0 && cli.err().contains("ladder.geometric.t_max"), cli.err());
    code = cli.run("temper", id, "--scheme", "sideways");
    assertTrue(code != 0 && cli.err().contains("--scheme must be non-reversible or reversible"), cli.err());
  }
}
