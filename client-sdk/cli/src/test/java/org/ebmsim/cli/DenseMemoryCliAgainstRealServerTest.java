package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models create --dense} against the real server over Netty: a dense associative memory
 * (F = x³) of 16 patterns of 32 units (0.5 N, far above the Hebbian capacity) completes a noisy
 * cue to the stored pattern, and bad interaction names are usage errors.
 */
class DenseMemoryCliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;

  @BeforeEach
  void start() {
    cli = new RealServerCli(dir.resolve("data"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void createDense_completesANoisyCueAboveHebbianCapacity() throws Exception {
    Random r = new Random(4);
    StringBuilder csv = new StringBuilder();
    for (int mu = 0; mu < 16; mu++) {
      for (int i = 0; i < 32; i++) {
        csv.append(i > 0 ? "," : "").append(r.nextBoolean() ? 1 : -1);
      }
      csv.append('\n');
    }
    Path patterns = dir.resolve("xi.csv");
    Files.writeString(patterns, csv);
    cli.assertRun(0, "models", "create", "--patterns", patterns.toString(), "--dense", "power:3", "--name", "dam");
    String created = cli.out();
    assertTrue(created.contains("DENSE_MEMORY (power-3), 32 units") && created.contains("16 stored patterns"),
        created);
    String id = created.split(" ")[1];
    cli.assertRun(0, "complete", id, "--noisy-pattern", "9", "--flip", "0.1", "--seed", "3");
    assertTrue(cli.out().contains("closest stored #9, overlap 1.0000"), cli.out());
    assertTrue(cli.out().contains("converged"), cli.out());

    cli.assertRun(0, "models", "get", id, "--params");
    assertTrue(cli.out().contains("power, n = 3"), cli.out());
  }

  @Test
  void createDense_badInteraction_isAUsageError() throws Exception {
    Path patterns = dir.resolve("xi.csv");
    Files.writeString(patterns, "1,-1,1,1\n-1,-1,1,-1\n");
    int code = cli.run("models", "create", "--patterns", patterns.toString(), "--dense", "cubic");
    assertTrue(code != 0 && cli.err().contains("--dense must be power:N, rectified-power:N or exp"), cli.err());
    code = cli.run("models", "create", "--patterns", patterns.toString(), "--dense", "power:1");
    assertTrue(code != 0 && cli.err().contains("needs an integer degree N >= 2"), cli.err());
    code = cli.run("models", "create", "--patterns", patterns.toString(), "--dense", "exp:2");
    assertTrue(code != 0 && cli.err().contains("--dense exp takes no degree"), cli.err());
  }
}
