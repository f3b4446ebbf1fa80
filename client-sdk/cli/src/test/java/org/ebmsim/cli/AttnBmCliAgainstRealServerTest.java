package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models create --attnbm-patterns}, {@code evaluate} and {@code reconstruct} against the
 * real server over Netty: the printed and JSON log-likelihood, its standard error and log Z match
 * the library's exact values, and the written reconstruction matches its conditional means.
 */
class AttnBmCliAgainstRealServerTest {
  private static final double[] XI = {0.9, -0.4, 0.2, 0.1, 0.7, -0.8, -0.5, 0.3, 0.6};
  private static final double[] DATA = {0.5, -0.2, 0.1, -0.3, 0.8, -0.6, 1.1, 0.0, 0.4, 0.2, -0.9, 0.3};

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

  private static String csv(double[] values, int cols) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < values.length; k++) {
      sb.append(k % cols == 0 ? "" : ",").append(values[k]).append(k % cols == cols - 1 ? "\n" : "");
    }
    return sb.toString();
  }

  private String create(double beta) throws Exception {
    Path xi = dir.resolve("xi.csv");
    Files.writeString(xi, csv(XI, 3));
    Path c = dir.resolve("c.csv");
    Files.writeString(c, "0.2,-0.1,0\n");
    cli.assertRun(0, "models", "create", "--attnbm-patterns", xi.toString(), "--beta", Double.toString(beta),
        "--hidden-bias", c.toString(), "--name", "attn");
    assertTrue(cli.out().contains("ATTNBM, 3 units (3 visible), AttnBM, 3 real visible units, 3 patterns, β = "
        + beta), cli.out());
    return cli.out().split(" ")[1];
  }

  @Test
  void evaluate_printsTheExactLikelihood_andReconstructWritesTheConditionalMeans() throws Exception {
    String id = create(2);
    AttnBm lib = AttnBm.of(3, 3, XI, null, new double[] {0.2, -0.1, 0}, 2);
    Path rows = dir.resolve("rows.csv");
    Files.writeString(rows, csv(DATA, 3));
    double[] logp = lib.logDensities(DATA, 4);
    double mean = lib.meanLogLikelihood(DATA, 4);
    double ss = 0;
    for (double l : logp) {
      ss += (l - mean) * (l - mean);
    }
    double se = Math.sqrt(ss / 3 / 4);

    cli.assertRun(0, "evaluate", id, "--rows", rows.toString(), "--gradient");
    String out = cli.out();
    assertTrue(out.contains(String.format(Locale.ROOT, "mean log p     %.4f ± %.4f (standard error)", mean, se)),
        out);
    assertTrue(out.contains(String.format(Locale.ROOT, "log Z          %.4f", lib.logPartition())), out);
    assertTrue(out.contains("exact: β-tuple expansion at β = 2, 6 Gaussian components"), out);
    assertTrue(out.contains("patterns       3 x 3") && out.contains("hidden_bias    1 x 3"), out);

    cli.assertRun(0, "--json", "evaluate", id, "--rows", rows.toString());
    JsonObject json = JsonParser.parseString(cli.out().trim()).getAsJsonObject();
    assertEquals(mean, json.get("meanLogLikelihood").getAsDouble(), 1e-12);
    assertEquals(se, json.get("standardError").getAsDouble(), 1e-12);

    Path known = dir.resolve("known.csv");
    Files.writeString(known, "1,0,1\n");
    Path filled = dir.resolve("filled.csv");
    cli.assertRun(0, "reconstruct", id, "--rows", rows.toString(), "--known", known.toString(), "--out",
        filled.toString());
    assertTrue(cli.out().contains("reconstructed 4 rows by conditional means"), cli.out());
    double[] expected = lib.reconstruct(DATA, 4, new boolean[] {true, false, true});
    double[][] back = InputFiles.readMatrix(filled, "rows");
    for (int r = 0; r < 4; r++) {
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[r * 3 + i], back[r][i], 0, "row " + r + " unit " + i);
      }
    }
  }

  @Test
  void nonIntegerBeta_isRefusedByTheServerForEvaluate_butRetrievalWorks() throws Exception {
    String id = create(1.5);
    Path rows = dir.resolve("rows.csv");
    Files.writeString(rows, csv(DATA, 3));
    cli.assertRun(EbmsimCli.EXIT_GRPC, "evaluate", id, "--rows", rows.toString());
    assertTrue(cli.err().contains("exact only for a positive integer inverse temperature β"), cli.err());
    cli.assertRun(EbmsimCli.EXIT_GRPC, "evaluate", id, "--rows", rows.toString(), "--log-z", "3.5");
    assertTrue(cli.err().contains("log_z: family attnbm computes its own exact log Z"), cli.err());
    Path known = dir.resolve("known.csv");
    Files.writeString(known, "1,0,1\n");
    cli.assertRun(0, "reconstruct", id, "--rows", rows.toString(), "--known", known.toString(), "--method", "retrieval");
    assertTrue(cli.out().contains("reconstructed 4 rows by one retrieval step"), cli.out());
    int code = cli.run("reconstruct", id, "--rows", rows.toString(), "--known", known.toString(), "--method", "x");
    assertTrue(code == EbmsimCli.EXIT_USAGE && cli.err().contains("--method must be conditional-mean or retrieval"),
        cli.err());
  }
}
