package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI over model families and layered states against {@link FakeEbmsimServer}:
 * {@code models families}, deep Boltzmann machines, and cues and pictures for RBM layers that
 * are not ±1.
 */
class FamiliesCliTest {
  @TempDir Path dir;
  private FakeServerCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = new FakeServerCli();
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
  }

  private void assertRun(int expected, String... args) {
    int code = cli.run(args);
    assertEquals(expected, code, "exit code of " + String.join(" ", args) + "; stdout:\n" + cli.out()
        + "\nstderr:\n" + cli.err());
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "expected <" + part + "> in:\n" + text);
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  private String createdId() {
    return JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("id").getAsString();
  }

  /** A spin DBM with layers of 4, 3 and 2 units and a 2x2 visible image. */
  private String createDbm() throws Exception {
    Path w0 = file("w0.csv", "1 0 0\n0 1 0\n0 0 1\n1 1 1\n");
    Path w1 = file("w1.json", "{\"weights\": [[1, -1], [0.5, 0.5], [0, 2]]}");
    assertRun(0, "--json", "models", "create", "--dbm-weights", w0 + "," + w1, "--dbm-units", "spin", "--image", "2x2");
    return createdId();
  }

  @Test
  void modelsFamilies_tableAndJson() {
    assertRun(0, "models", "families");
    assertContains(cli.out(), "FAMILY");
    assertContains(cli.out(), "dbm" + " ".repeat(8) + "DbmSpec");
    assertContains(cli.out(), "hopfield   HopfieldFromPatterns, HopfieldFromWeights");

    assertRun(0, "--json", "models", "families");
    List<String> lines = cli.out().lines().toList();
    assertEquals(4, lines.size(), cli.out());
    JsonObject rbm = JsonParser.parseString(lines.get(2)).getAsJsonObject();
    assertEquals("rbm", rbm.get("family").getAsString());
    assertEquals("ebmsim.v1.RbmSpec", rbm.get("parametersType").getAsString());
  }

  @Test
  void modelsCreate_dbm_sendsEveryMatrixBiasesUnitsPatternsAndImage() throws Exception {
    Path w0 = file("deep.csv", "1 0 0\n0 1 0\n0 0 1\n1 1 1\n");
    Path w1 = file("w1.csv", "1 -1\n0.5 0.5\n0 2\n");
    Path b0 = file("b0.csv", "0.1 0.2 0.3 0.4\n");
    Path b1 = file("b1.csv", "0 0 0\n");
    Path b2 = file("b2.csv", "-1 1\n");
    Path p = file("p.csv", "1 0 0 1\n");

    assertRun(0, "models", "create", "--dbm-weights", w0 + "," + w1, "--dbm-units", "spin", "--dbm-biases",
        b0 + "," + b1 + "," + b2, "--patterns", p.toString(), "--image", "2x2");

    DbmSpec sent = cli.server.requests(CreateModelRequest.class).get(0).getDbm();
    assertEquals(DbmUnits.DBM_SPIN, sent.getUnits());
    assertEquals(2, sent.getWeightsCount());
    assertEquals(List.of(1.0, -1.0, 0.5, 0.5, 0.0, 2.0), sent.getWeights(1).getValuesList());
    assertEquals(List.of(-1.0, 1.0), sent.getBiases(2).getValuesList());
    assertEquals(List.of(1, -1, -1, 1), sent.getPatterns().getSpinsList());
    assertEquals(2, sent.getImageShape().getHeight());
    assertContains(cli.out(), "created m-");
    assertContains(cli.out(), "\"deep\": DBM (spin), 9 units in layers visible 4, h1 3, h2 2, 1 stored patterns");
  }

  @Test
  void modelsCreate_dbmMistakes_usageErrorsBeforeSending() throws Exception {
    Path w0 = file("w0.csv", "1 0 0\n0 1 0\n");
    Path bad = file("bad.csv", "1 1\n1 1\n");
    Path b = file("b.csv", "0 0\n");

    assertRun(2, "models", "create", "--dbm-weights", w0 + "," + bad);
    assertContains(cli.err(), "weights 1 must have 3 rows, the columns of weights 0");
    assertRun(2, "models", "create", "--dbm-weights", w0.toString(), "--dbm-biases", b.toString());
    assertContains(cli.err(), "biases must have one vector per layer (2 layers");
    assertRun(2, "models", "create", "--dbm-units", "spin", "--weights", bad.toString());
    assertContains(cli.err(), "--dbm-units and --dbm-biases describe a deep Boltzmann machine");
    assertRun(2, "models", "create", "--dbm-weights", w0.toString(), "--variant", "binary");
    assertContains(cli.err(), "--dbm-weights cannot be combined");
    assertRun(2, "models", "create", "--dbm-weights", w0.toString(), "--dbm-units", "potts");
    assertContains(cli.err(), "invalid units 'potts': use binary or spin");
    assertTrue(cli.server.requests(CreateModelRequest.class).isEmpty());
  }

  @Test
  void anneal_dbm_drawsTheVisibleImageAndListsTheHiddenLayers() throws Exception {
    String id = createDbm();

    assertRun(0, "anneal", id, "--chains", "3");

    assertContains(cli.out(), "annealed " + id + ": 30 sweeps, 3 chains");
    assertContains(cli.out(), String.join(System.lineSeparator(),
        "best state (visible units):", "  #.", "  #.", "h1 units:", "  #.#", "h2 units:", "  #."));
  }

  @Test
  void exact_dbm_marginalsAndGroundStatesOfEveryLayer() throws Exception {
    String id = createDbm();

    assertRun(0, "exact", id);

    assertContains(cli.out(), "exact summary of " + id + ": 9 units at T = 1.0000");
    assertContains(cli.out(), "P(v_i = +1)    0.5000 0.2500 0.5000 0.2500");
    assertContains(cli.out(), "P(h1_i = +1)   0.5000 0.2500 0.5000");
    assertContains(cli.out(), "P(h2_i = +1)");
    assertContains(cli.out(), "h1 units:" + System.lineSeparator() + "    #0  ##.");
  }

  @Test
  void modelsGet_dbm_showsLayersAndCapabilities() throws Exception {
    String id = createDbm();

    assertRun(0, "models", "get", id);

    assertContains(cli.out(), "kind           DBM (spin)");
    assertContains(cli.out(), "layers         visible 4 (±1), h1 3 (±1), h2 2 (±1)");
    assertContains(cli.out(), "sessions       anneal, complete (block gibbs), exact");
  }

  @Test
  void complete_binaryRbm_signsBecomeZeroOne_andKnownTakesTheLayersValues() throws Exception {
    Path w = file("w.csv", "0.5 -0.5\n1 0\n0 1\n0.2 0.2\n");
    assertRun(0, "--json", "models", "create", "--rbm-weights", w.toString(), "--variant", "binary", "--image", "2x2");
    String id = createdId();

    assertRun(0, "complete", id, "--cue-values", "1,0,-1,0");
    assertRun(0, "complete", id, "--cue-values", "1,0,0,1", "--known", "0-2");

    List<CompleteRequest> sent = cli.server.requests(CompleteRequest.class);
    assertEquals(List.of(1, 0, 0, 0), sent.get(0).getMasked().getValuesList());
    assertEquals(List.of(true, false, true, false), sent.get(0).getMasked().getKnownList());
    assertEquals(List.of(1, 0, 0, 0), sent.get(1).getMasked().getValuesList());
    assertEquals(List.of(true, true, true, false), sent.get(1).getMasked().getKnownList());
    // The fake completes unknown units with 1; 0/1 units are drawn like ±1 ones.
    assertContains(cli.out(), String.join(System.lineSeparator(), "cue      completed", "#.   ->  #.", ".?       .#"));
  }

  @Test
  void complete_realVisibleLayer_needsKnown_andSendsRealValues() throws Exception {
    Path w = file("w.csv", "0.5 -0.5\n1 0\n");
    assertRun(0, "--json", "models", "create", "--rbm-weights", w.toString(), "--variant", "gaussian-bernoulli");
    String id = createdId();
    Path pattern = file("p.csv", "0.25 -1.5\n");

    assertRun(2, "complete", id, "--cue-values", "0.5,0");
    assertContains(cli.err(), "say which units are known with --known");
    assertRun(0, "complete", id, "--cue-values", "0.5,2.5", "--known", "0");
    assertContains(cli.out(), "cue:" + System.lineSeparator() + "  0.5000 -0.5000");
    assertRun(0, "complete", id, "--noisy-file", pattern.toString(), "--flip", "0.5", "--noise-sd", "0.1");
    assertRun(2, "complete", id, "--noisy-pattern", "0", "--noise-sd", "-1");
    assertContains(cli.err(), "--noise-sd must be finite and ≥ 0");
    assertRun(0, "complete", id, "--noisy-pattern", "0", "--noise-sd", "2");

    List<CompleteRequest> sent = cli.server.requests(CompleteRequest.class);
    assertEquals(List.of(0.5f, 0f), sent.get(0).getMasked().getRealValuesList());
    assertEquals(List.of(true, false), sent.get(0).getMasked().getKnownList());
    assertEquals(List.of(0.25f, -1.5f), sent.get(1).getNoisy().getReal().getValuesList());
    assertEquals(0.1, sent.get(1).getNoisy().getNoiseSd());
    assertEquals(2.0, sent.get(2).getNoisy().getNoiseSd());
    assertEquals(0, sent.get(2).getNoisy().getStoredIndex());
    assertEquals(3, sent.size());
  }
}
