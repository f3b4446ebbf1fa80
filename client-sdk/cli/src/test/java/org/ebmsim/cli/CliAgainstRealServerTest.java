package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `ebmsim` CLI end to end: the real server over Netty on port 0, commands as a user types them. */
class CliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;
  private String out;
  private String err;

  @BeforeEach
  void start() {
    cli = new RealServerCli(dir.resolve("data"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  private int run(String... args) {
    int code = cli.run(args);
    out = cli.out();
    err = cli.err();
    return code;
  }

  /** Three 4×4 letters as ±1 rows: T, L and X (16 units, small enough for exact enumeration). */
  private static final String LETTERS = "[[1,1,1,1,-1,1,-1,-1,-1,1,-1,-1,-1,1,-1,-1],"
      + "[1,-1,-1,-1,1,-1,-1,-1,1,-1,-1,-1,1,1,1,1],"
      + "[1,-1,-1,1,-1,1,1,-1,-1,1,1,-1,1,-1,-1,1]]";

  @Test
  void createCompleteAnnealExact_fromTheCommandLine() throws Exception {
    Path patterns = dir.resolve("letters.json");
    Files.writeString(patterns, "{\"patterns\": " + LETTERS + "}");
    assertEquals(0, run("--json", "models", "create", "--patterns", patterns.toString(), "--rule", "projection",
        "--image", "4x4", "--name", "letters"), err);
    JsonObject model = JsonParser.parseString(out.trim()).getAsJsonObject();
    String id = model.get("id").getAsString();
    assertEquals(16, model.get("units").getAsInt());

    assertEquals(0, run("complete", id, "--noisy-pattern", "1", "--flip", "0.07", "--seed", "4"), err);
    assertTrue(out.contains("closest stored #1, overlap 1.0000"), out);
    assertTrue(out.contains("####"), "the L is drawn as ASCII art: " + out);

    assertEquals(0, run("--json", "complete", id, "--noisy-pattern", "2", "--flip", "0.07", "--seed", "4"), err);
    String[] lines = out.trim().split("\n");
    JsonObject result = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject().getAsJsonObject("result");
    assertEquals(2, result.get("bestPattern").getAsInt(), out);
    assertEquals(1.0, result.get("bestOverlap").getAsDouble(), 1e-12, out);

    assertEquals(0, run("--json", "anneal", id, "--chains", "8", "--seed", "1", "--schedule", "geometric:3:0.05:20",
        "--sweeps-per-temp", "5"), err);
    lines = out.trim().split("\n");
    JsonObject anneal = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject().getAsJsonObject("result");
    double best = anneal.getAsJsonObject("best").get("energy").getAsDouble();

    assertEquals(0, run("--json", "exact", id), err);
    JsonObject exact = JsonParser.parseString(out.trim()).getAsJsonObject();
    assertEquals(exact.get("groundEnergy").getAsDouble(), best, 1e-9, "annealing should reach the exact ground energy");

    assertEquals(3, run("models", "get", "m-0000000000000000"));
    assertTrue(err.contains("NOT_FOUND"), err);
    assertEquals(0, run("models", "delete", id), err);
    assertEquals(0, run("--json", "models", "list"), err);
    assertTrue(out.isBlank(), out);
  }
}
