package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBM commands end to end ({@code models create --rbm-weights}, {@code exact}, {@code ais},
 * {@code map}) against the real server over Netty on port 0, as a user types them.
 */
class RbmCliAgainstRealServerTest {
  /** A binary RBM, 6 visible × 4 hidden: small enough to enumerate, couplings of order one. */
  private static final String WEIGHTS_CSV = """
      # 6 visible rows x 4 hidden columns
      0.8, -0.5, 0.3, 0.0
      -0.6, 0.9, -0.2, 0.4
      0.1, 0.7, -0.9, 0.5
      -0.3, -0.4, 0.6, -0.8
      0.5, 0.2, 0.4, 0.9
      -0.7, 0.3, -0.1, -0.5
      """;

  /** Three 4×4 letters as ±1 rows: T, L and X. */
  private static final int[][] LETTERS = {
    {1, 1, 1, 1, -1, 1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1},
    {1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1, -1, 1, 1, 1, 1},
    {1, -1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1, -1, -1, 1}
  };

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

  private String createBinaryRbm() throws Exception {
    Path weights = dir.resolve("tiny-rbm.csv");
    Files.writeString(weights, WEIGHTS_CSV);
    cli.assertRun(0, "--json", "models", "create", "--rbm-weights", weights.toString(), "--variant", "binary");
    JsonObject model = cli.lastJsonLine();
    assertEquals("rbm", model.get("family").getAsString());
    assertEquals("binary", model.get("variant").getAsString());
    assertEquals("visible", model.getAsJsonArray("layers").get(0).getAsJsonObject().get("name").getAsString());
    assertEquals("VALUE_BINARY", model.getAsJsonArray("layers").get(0).getAsJsonObject().get("type").getAsString());
    assertEquals(6, model.get("visibleUnits").getAsInt());
    assertEquals(4, model.get("hiddenUnits").getAsInt());
    assertEquals("tiny-rbm", model.get("name").getAsString(), "name from the file");
    return model.get("id").getAsString();
  }

  @Test
  void binaryRbmFromCsv_aisLogZ_agreesWithExactEnumeration() throws Exception {
    String id = createBinaryRbm();

    cli.assertRun(0, "--json", "exact", id);
    double exact = cli.lastJsonLine().get("logZ").getAsDouble();
    cli.assertRun(0, "--json", "ais", id, "--chains", "200", "--steps", "300", "--seed", "7");
    JsonObject result = cli.lastJsonLine().getAsJsonObject("result");
    String[] events = cli.out().trim().split("\n");

    double ais = result.get("logZ").getAsDouble();
    assertTrue(Math.abs(ais - exact) < 0.15, "AIS log Z " + ais + " vs exact " + exact);
    assertEquals(200, result.get("chains").getAsInt());
    assertTrue(events.length > 3, "started, then progress events precede the result: " + cli.out());
    assertTrue(JsonParser.parseString(events[0]).getAsJsonObject().has("started"), events[0]);
    assertTrue(JsonParser.parseString(events[1]).getAsJsonObject().has("progress"), events[1]);

    cli.assertRun(0, "ais", id, "--chains", "50", "--steps", "100", "--seed", "7");
    assertTrue(cli.out().contains("AIS estimate for " + id + " (RBM (binary), 6 visible x 4 hidden units): 50 chains,"
        + " 100 temperatures"), cli.out());
    assertTrue(cli.out().lines().anyMatch(l -> l.startsWith("log Z ") && l.contains(" ± ")), cli.out());
    cli.assertRun(0, "exact", id);
    assertTrue(cli.out().contains("P(v_i = 1)"), cli.out());
    cli.assertRun(0, "models", "get", id);
    assertTrue(cli.out().contains("RBM (binary)"), cli.out());
    assertTrue(cli.out().contains("6 x 4 (visible x hidden)"), cli.out());
    cli.assertRun(0, "models", "list");
    assertTrue(cli.out().contains("HIDDEN"), cli.out());
  }

  @Test
  void ais_zeroChains_exitsWithTheServersInvalidArgument() throws Exception {
    String id = createBinaryRbm();

    cli.assertRun(3, "ais", id, "--chains", "0", "--steps", "10");

    assertTrue(cli.err().contains("INVALID_ARGUMENT"), cli.err());
    assertTrue(cli.err().contains("chains must be >= 1"), cli.err());
    assertEquals("", cli.out());
  }

  @Test
  void hopfieldToRbmAndBack_fromTheSavedTransform_recoversThePatternsAsFixedPoints() throws Exception {
    Path patterns = dir.resolve("letters.json");
    Files.writeString(patterns, "{\"patterns\": " + json(LETTERS) + "}");
    cli.assertRun(0, "--json", "models", "create", "--patterns", patterns.toString(), "--rule", "projection",
        "--image", "4x4", "--name", "letters");
    String hopfield = cli.lastJsonLine().get("id").getAsString();
    Path transform = dir.resolve("x.csv");

    cli.assertRun(0, "--json", "map", "hopfield-to-rbm", hopfield, "--save-transform", transform.toString());
    JsonObject mapped = cli.lastJsonLine();
    JsonObject rbm = mapped.getAsJsonObject("rbm");
    assertEquals("binary-gaussian", rbm.get("variant").getAsString());
    assertEquals("letters-rbm", rbm.get("name").getAsString());
    assertEquals(3, rbm.get("hiddenUnits").getAsInt());
    JsonArray xStar = mapped.getAsJsonObject("patternTransform").getAsJsonArray("values");
    List<Double> saved = new ArrayList<>();
    for (String line : Files.readAllLines(transform)) {
      for (String v : line.split(",")) {
        saved.add(Double.parseDouble(v));
      }
    }
    assertEquals(9, saved.size());
    for (int k = 0; k < 9; k++) {
      assertEquals(xStar.get(k).getAsDouble(), saved.get(k), 0.0, "X* entry " + k + " written exactly");
    }
    String rbmId = rbm.get("id").getAsString();

    cli.assertRun(0, "--json", "map", "rbm-to-hopfield", rbmId, "--start", "given", "--transform", transform.toString(),
        "--register");
    JsonObject back = cli.lastJsonLine();
    JsonArray spins = back.getAsJsonObject("patterns").getAsJsonArray("spins");
    for (int mu = 0; mu < LETTERS.length; mu++) {
      for (int i = 0; i < 16; i++) {
        assertEquals(LETTERS[mu][i], spins.get(mu * 16 + i).getAsInt(), "pattern " + mu + ", unit " + i);
      }
      assertTrue(back.getAsJsonArray("fixedPoints").get(mu).getAsBoolean(), "pattern " + mu + " is a fixed point");
    }
    assertTrue(back.get("binarizationError").getAsDouble() < 1e-12, back.toString());
    assertEquals("letters-rbm-hopfield", back.getAsJsonObject("hopfield").get("name").getAsString());

    cli.assertRun(0, "map", "rbm-to-hopfield", rbmId, "--transform", transform.toString());
    assertTrue(cli.out().contains("fixed points   3 of 3 patterns"), cli.out());
    assertTrue(cli.out().contains("#1 fixed"), cli.out());
    assertTrue(cli.out().contains("####"), "the L is drawn as ASCII art: " + cli.out());
  }

  private static String json(int[][] rows) {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < rows.length; r++) {
      sb.append(r > 0 ? "," : "").append('[');
      for (int c = 0; c < rows[r].length; c++) {
        sb.append(c > 0 ? "," : "").append(rows[r][c]);
      }
      sb.append(']');
    }
    return sb.append(']').toString();
  }
}
