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
 * {@code models create --modern-patterns} against the real server over Netty: a modern Hopfield
 * network of 8 Gaussian patterns of 36 units retrieves a noisy cue in one update at β = 1 (the
 * attention line names the pattern with weight near 1) and answers a metastable average at
 * β = 1e-4 (the attention line says so); options that belong to other families are usage errors.
 * Also model C ({@code --vmf-patterns}): its exact log Z is the 2-sphere's closed form; and a
 * planted instance ({@code --planted}) with its ground state stored as pattern 0.
 */
class ModernHopfieldCliAgainstRealServerTest {
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

  private Path patterns() throws Exception {
    Random r = new Random(6);
    StringBuilder csv = new StringBuilder();
    for (int mu = 0; mu < 8; mu++) {
      for (int i = 0; i < 36; i++) {
        csv.append(i > 0 ? "," : "").append(r.nextGaussian());
      }
      csv.append('\n');
    }
    Path file = dir.resolve("xi.csv");
    Files.writeString(file, csv);
    return file;
  }

  private String create(Path xi, String beta) {
    cli.assertRun(0, "models", "create", "--modern-patterns", xi.toString(), "--beta", beta, "--image", "6x6");
    String created = cli.out();
    assertTrue(created.contains("MODERN_HOPFIELD") && created.contains("8 patterns"), created);
    return created.split(" ")[1];
  }

  @Test
  void complete_retrievesAtLargeBeta_andAveragesAtTinyBeta() throws Exception {
    Path xi = patterns();
    String sharp = create(xi, "1");
    cli.assertRun(0, "complete", sharp, "--noisy-pattern", "5", "--flip", "0.3", "--sweeps", "1", "--seed", "2");
    assertTrue(cli.out().contains("closest stored #5"), cli.out());
    assertTrue(cli.out().matches("(?s).*attention\\s+#5 (0\\.99\\d|1\\.000).*"), cli.out());

    String blurred = create(xi, "0.0001");
    cli.assertRun(0, "complete", blurred, "--noisy-pattern", "5", "--flip", "0.3", "--sweeps", "1", "--seed", "2");
    assertTrue(cli.out().contains("(average over 8 patterns with weight ≥ 0.01)"), cli.out());

    cli.assertRun(0, "models", "get", sharp, "--params");
    assertTrue(cli.out().contains("β") && cli.out().contains("patterns ξ"), cli.out());
  }

  @Test
  void otherFamiliesOptions_areUsageErrors() throws Exception {
    int code = cli.run("models", "create", "--modern-patterns", patterns().toString(), "--visible-bias", "b.csv");
    assertTrue(code != 0 && cli.err().contains("--modern-patterns takes only --beta, --image and --name"), cli.err());
  }

  @Test
  void vmfPatterns_makeAModelC_whoseExactSummaryIsTheClosedForm() throws Exception {
    Path xi = dir.resolve("c.csv");
    Files.writeString(xi, "0.5,2.5,1\n0.5,-0.5,1\n"); // η = (1, 2, 2), ‖η‖ = 3
    cli.assertRun(0, "models", "create", "--vmf-patterns", xi.toString(), "--beta", "0.8", "--name", "c");
    assertTrue(cli.out().contains("VMF") && cli.out().contains("2 patterns"), cli.out());
    String id = cli.out().split(" ")[1];
    cli.assertRun(0, "--json", "exact", id);
    double kappa = 2.4;
    double logZ = Math.log(4 * Math.PI * Math.sinh(kappa) / kappa);
    assertTrue(cli.out().contains(String.valueOf(logZ).substring(0, 8)), "log Z " + logZ + " in " + cli.out());
    int code = cli.run("models", "create", "--vmf-patterns", xi.toString(), "--image", "1x3");
    assertTrue(code != 0 && cli.err().contains("--vmf-patterns takes only --beta and --name"), cli.err());
  }

  @Test
  void planted_makesALatticeInstance_whoseGroundStateIsPatternZero() {
    cli.assertRun(0, "models", "create", "--planted", "2:4:1.5:3", "--name", "p");
    assertTrue(cli.out().contains("16 units") && cli.out().contains("1 stored patterns"), cli.out());
    String id = cli.out().split(" ")[1];
    cli.assertRun(0, "--json", "exact", id);
    assertTrue(cli.out().contains("groundEnergy"), cli.out());
    int code = cli.run("models", "create", "--planted", "2:4");
    assertTrue(code != 0 && cli.err().contains("--planted must be D:L:DENSITY"), cli.err());
    code = cli.run("models", "create", "--planted", "4:4:1");
    assertTrue(code != 0 && cli.err().contains("dimensions must be 2 or 3"), cli.err());
  }
}
