package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse family's {@code models create} options against the real server: a ±J cubic lattice,
 * a planted instance (its description states E0), a small Chimera enumerated exactly, and the
 * usage errors of malformed or conflicting options.
 */
class SparseCliAgainstRealServerTest {
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
  void lattice_plantedAndChimera_areCreated() {
    cli.assertRun(0, "models", "create", "--lattice", "3d:8:gauss:4", "--name", "cube");
    assertTrue(cli.out().contains("SPARSE (lattice)") && cli.out().contains("512"), cli.out());
    cli.assertRun(0, "models", "create", "--sparse-planted", "3:6:0.5:2");
    assertTrue(cli.out().contains("SPARSE (planted)") && cli.out().contains("1 stored patterns"), cli.out());
    String planted = cli.out().split(" ")[1];
    cli.assertRun(0, "models", "get", planted);
    assertTrue(cli.out().contains("planted ground energy E0 = -"), cli.out());
    cli.assertRun(0, "models", "create", "--chimera", "1x1x3:pm:5", "--binary", "--name", "c");
    String chimera = cli.out().split(" ")[1];
    cli.assertRun(0, "--json", "exact", chimera, "--temperature", "1");
    assertTrue(cli.out().contains("logZ") || cli.out().contains("log_z"), cli.out());
  }

  @Test
  void malformedOrConflictingOptions_areUsageErrors() {
    int code = cli.run("models", "create", "--lattice", "3d");
    assertTrue(code != 0 && cli.err().contains("--lattice must be D:L"), cli.err());
    code = cli.run("models", "create", "--lattice", "3:8:cauchy");
    assertTrue(code != 0 && cli.err().contains("neither a coupling law"), cli.err());
    code = cli.run("models", "create", "--lattice", "3:8", "--chimera", "2");
    assertTrue(code != 0 && cli.err().contains("exclude each other"), cli.err());
    code = cli.run("models", "create", "--sparse-planted", "3:8:0.5", "--binary");
    assertTrue(code != 0 && cli.err().contains("--binary applies to"), cli.err());
    code = cli.run("models", "create", "--lattice", "4:8:pm");
    assertTrue(code != 0 && cli.err().contains("sparse.lattice.dimensions"), cli.err());
  }
}
