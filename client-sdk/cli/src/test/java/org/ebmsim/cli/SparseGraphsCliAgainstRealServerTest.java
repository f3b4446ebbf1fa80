package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models create --pegasus}, {@code --csr FILE}, {@code --units} and {@code --visible-units}
 * against the real server: Pegasus P(16) has its published size, a couplings file becomes a model
 * whose exact log Z and ground energy equal a brute-force sum over the file's own numbers (±1 and
 * 0/1 units, with hidden units), and every malformed file is a usage error (exit 2) whose message
 * names the line.
 */
class SparseGraphsCliAgainstRealServerTest {
  /** The couplings file used throughout: a 6-unit ring with a chord, two biases, comments. */
  private static final String GOOD = """
      # a ring of 6 units with one chord
      units 6
      0 1 0.5
      1 2 -1.25
      2 3 0.75   # a trailing comment
      3 4 1
      4 5 -0.5
      0 5 0.25

      4 1 2
      bias 0 0.3
      bias 3 -0.2
      """;
  private static final int[][] EDGES = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {0, 5}, {4, 1}};
  private static final double[] J = {0.5, -1.25, 0.75, 1, -0.5, 0.25, 2};
  private static final double[] BIAS = {0.3, 0, 0, -0.2, 0, 0};

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
  void pegasus_hasThePublishedSize_inBothVariants_andTakesPlantedLoops() {
    cli.assertRun(0, "--json", "models", "create", "--pegasus", "16:gauss:3");
    JsonObject p16 = cli.lastJsonLine();
    assertEquals(5640, p16.get("units").getAsInt());
    assertEquals("pegasus-16-gauss-3", p16.get("name").getAsString());
    String description = p16.get("description").getAsString();
    assertTrue(description.contains("5640 ±1 units, 40484 couplings")
        && description.contains("Pegasus P(16) fabric, Gaussian couplings"), description);
    cli.assertRun(0, "--json", "models", "create", "--pegasus", "3:full:ferro");
    JsonObject full = cli.lastJsonLine();
    assertEquals(144, full.get("units").getAsInt());
    // the full P(m) has 12·(15·(m − 1)² + m − 3) couplings: 720 for m = 3
    description = full.get("description").getAsString();
    assertTrue(description.contains("720 couplings") && description.contains("Pegasus P(3) full graph, ferromagnetic"),
        description);
    cli.assertRun(0, "--json", "models", "create", "--sparse-planted", "pegasus:3:1:2");
    JsonObject planted = cli.lastJsonLine();
    assertEquals(128, planted.get("units").getAsInt());
    assertTrue(planted.get("description").getAsString().contains("planted frustrated loops on a Pegasus P(3) fabric")
        && planted.get("description").getAsString().contains("planted ground energy E0 = -"), planted.toString());

    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--pegasus", "16:cauchy"));
    assertTrue(cli.err().contains("--pegasus: cauchy is neither a coupling law"), cli.err());
    assertEquals(EbmsimCli.EXIT_GRPC, cli.run("models", "create", "--pegasus", "1"));
    assertTrue(cli.err().contains("INVALID_ARGUMENT") && cli.err().contains("sparse.pegasus.size must be in [2,"
        + " 4096]"), cli.err());
  }

  @Test
  void csrFile_givesTheModelItDescribes_exactAgainstBruteForce_forSpinAndBinaryUnits() throws Exception {
    Path file = dir.resolve("ring.txt");
    Files.writeString(file, GOOD);
    cli.assertRun(0, "--json", "models", "create", "--csr", file.toString());
    JsonObject spin = cli.lastJsonLine();
    assertEquals("ring", spin.get("name").getAsString());
    assertEquals(6, spin.get("units").getAsInt());
    assertTrue(spin.get("description").getAsString().contains("6 ±1 units, 7 couplings"), spin.toString());
    String id = spin.get("id").getAsString();
    cli.assertRun(0, "--json", "exact", id, "--temperature", "0.8");
    JsonObject exact = cli.lastJsonLine();
    double[] expected = bruteForce(-1, 0.8);
    assertEquals(expected[0], exact.get("logZ").getAsDouble(), 1e-9);
    assertEquals(expected[1], exact.get("groundEnergy").getAsDouble(), 1e-9);

    cli.assertRun(0, "--json", "models", "create", "--csr", file.toString(), "--units", "binary", "--visible-units", "4",
        "--name", "ring-bm");
    JsonObject bm = cli.lastJsonLine();
    assertEquals(4, bm.get("visibleUnits").getAsInt());
    assertEquals(2, bm.get("hiddenUnits").getAsInt());
    cli.assertRun(0, "--json", "exact", bm.get("id").getAsString(), "--temperature", "0.8");
    exact = cli.lastJsonLine();
    expected = bruteForce(0, 0.8);
    assertEquals(expected[0], exact.get("logZ").getAsDouble(), 1e-9);
    assertEquals(expected[1], exact.get("groundEnergy").getAsDouble(), 1e-9);
  }

  /**
   * log Z and the ground energy of E(s) = −Σ_edges J_ij s_i s_j − Σ_i b_i s_i over s ∈ {low, 1}^6,
   * summed here from the test's own arrays (the numbers written in {@link #GOOD}).
   */
  private static double[] bruteForce(int low, double t) {
    double z = 0;
    double ground = Double.POSITIVE_INFINITY;
    for (int index = 0; index < 64; index++) {
      int[] s = new int[6];
      for (int i = 0; i < 6; i++) {
        s[i] = (index >> i & 1) == 1 ? 1 : low;
      }
      double e = 0;
      for (int k = 0; k < EDGES.length; k++) {
        e -= J[k] * s[EDGES[k][0]] * s[EDGES[k][1]];
      }
      for (int i = 0; i < 6; i++) {
        e -= BIAS[i] * s[i];
      }
      z += Math.exp(-e / t);
      ground = Math.min(ground, e);
    }
    return new double[] {Math.log(z), ground};
  }

  @Test
  void malformedCsrFiles_areUsageErrorsNamingTheLine() throws Exception {
    String[][] cases = {
        {"0 1\n", ":1: expected \"i j J_ij\", \"bias i b_i\" or \"units N\" (got \"0 1\")"},
        {"# header\n0 x 1.0\n", ":2: a unit index must be a whole number in [0, 134217727] (got x)"},
        {"0 -1 1.0\n", ":1: a unit index must be a whole number in [0, 134217727] (got -1)"},
        {"units 4000000000\n", ":1: units must be a whole number in [2, 134217728] (got 4000000000)"},
        {"0 1 abc\n", ":1: J_ij \"abc\" is not a number"},
        {"0 1 1\n1 2 1\n\n2 1 3\n", ":4: edge 2 1 is listed twice (first at line 2): give each undirected edge once"},
        {"0 1 1\n2 2 1\n", ":2: self-loop 2 2: an edge joins two distinct units"},
        {"0 1 NaN\n", ":1: J_ij must be finite (got NaN)"},
        {"0 1 -Infinity\n", ":1: J_ij must be finite (got -Infinity)"},
        {"0 1 1e999\n", ":1: J_ij must be finite (got 1e999, beyond the double range)"},
        {"0 1 1\nbias 0 inf\n", ":2: b_i must be finite (got inf)"},
        {"units 3\n0 1 1\n1 5 1\n", ":3: unit 5 is out of range: \"units 3\" (line 1) allows 0..2"},
        {"units 3\nunits 4\n", ":2: \"units\" is given twice (first at line 1)"},
        {"units 1\n", ":1: units must be a whole number in [2, 134217728] (got 1)"},
        {"0 1 1\nbias 1 1\nbias 1 2\n", ":3: bias of unit 1 is given twice (first at line 2)"},
        {"# nothing here\n\n", ": no edges, biases or \"units N\" line found"}};
    for (int c = 0; c < cases.length; c++) {
      Path file = dir.resolve("bad" + c + ".txt");
      Files.writeString(file, cases[c][0]);
      int code = cli.run("models", "create", "--csr", file.toString());
      assertEquals(EbmsimCli.EXIT_USAGE, code, cases[c][0] + "\n" + cli.err());
      assertEquals("error: " + file + cases[c][1], cli.err().strip(), "for the file:\n" + cases[c][0]);
    }
    Path missing = dir.resolve("missing.txt");
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--csr", missing.toString()));
    assertEquals("error: --csr " + missing + ": no such file", cli.err().strip());
  }

  @Test
  void visibleUnitsAndUnitValues_reachEverySparseGenerator_andAreChecked() throws Exception {
    cli.assertRun(0, "--json", "models", "create", "--lattice", "2:4:pm:1", "--visible-units", "10");
    JsonObject lattice = cli.lastJsonLine();
    assertEquals(10, lattice.get("visibleUnits").getAsInt());
    assertEquals(6, lattice.get("hiddenUnits").getAsInt());
    cli.assertRun(0, "--json", "models", "create", "--pegasus", "2", "--units", "binary", "--visible-units", "30");
    JsonObject pegasus = cli.lastJsonLine();
    assertEquals(30, pegasus.get("visibleUnits").getAsInt());
    assertEquals(10, pegasus.get("hiddenUnits").getAsInt());
    assertTrue(pegasus.get("description").getAsString().contains("30 visible + 10 hidden 0/1 units"),
        pegasus.toString());
    cli.assertRun(0, "--json", "models", "create", "--chimera", "2x2x4:ferro", "--visible-units", "20");
    assertEquals(20, cli.lastJsonLine().get("visibleUnits").getAsInt());
    cli.assertRun(0, "--json", "models", "create", "--diluted", "50:4:3:1", "--visible-units", "40");
    assertEquals(40, cli.lastJsonLine().get("visibleUnits").getAsInt());

    Path file = dir.resolve("ring.txt");
    Files.writeString(file, GOOD);
    assertEquals(EbmsimCli.EXIT_GRPC, cli.run("models", "create", "--csr", file.toString(), "--visible-units", "7"));
    assertTrue(cli.err().contains("INVALID_ARGUMENT") && cli.err().contains("sparse.visible_units must be in [0, 6]"),
        cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--csr", file.toString(), "--visible-units", "0"));
    assertTrue(cli.err().contains("--visible-units must be >= 1 (got 0)"), cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--csr", file.toString(), "--units", "ternary"));
    assertTrue(cli.err().contains("--units must be spin or binary (got ternary)"), cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--pegasus", "2", "--units", "spin", "--binary"));
    assertTrue(cli.err().contains("--binary contradicts --units spin"), cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--sparse-planted", "pegasus:2:1",
        "--visible-units", "3"));
    assertTrue(cli.err().contains("--visible-units does not apply to --sparse-planted"), cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--weights", file.toString(), "--visible-units",
        "3"));
    assertTrue(cli.err().contains("--visible-units describe a sparse model"), cli.err());
    assertEquals(EbmsimCli.EXIT_USAGE, cli.run("models", "create", "--csr", file.toString(), "--pegasus", "2"));
    assertTrue(cli.err().contains("exclude each other"), cli.err());
  }
}
