package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process, talking to {@link FakeEbmsimServer} through the SDK. */
class EbmsimCliTest {
  private static final String TINY = "m-00000000000000aa";

  @TempDir Path dir;
  private FakeEbmsimServer server;
  private final List<String> targets = new ArrayList<>();
  private String out;
  private String err;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEbmsimServer();
    server.put(FakeEbmsimServer.imageModel(TINY));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = EbmsimCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), target -> {
          targets.add(target);
          return EbmsimClient.create(server.newChannel());
        });
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private void assertRun(int expected, String... args) {
    int code = run(args);
    assertEquals(expected, code, "exit code; stdout:\n" + out + "\nstderr:\n" + err);
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "expected <" + part + "> in:\n" + text);
  }

  @Test
  void help_exitsZeroAndListsCommands() {
    assertRun(0, "--help");

    for (String command : List.of("server", "models", "anneal", "complete", "exact", "map", "ais", "sessions")) {
      assertContains(out, command);
    }
    assertEquals("", err);
  }

  @Test
  void server_unknownLogFormat_usageErrorExitTwo_beforeStarting() {
    assertRun(2, "server", "--port", "0", "--log-format", "xml");

    assertContains(err, "--log-format must be text or json, got xml");
  }

  @Test
  void noCommand_printsUsageExitTwo() {
    assertRun(2);

    assertContains(err, "Usage: ebmsim");
  }

  @Test
  void badSchedule_usageErrorExitTwo_namesOptionAndForms() {
    assertRun(2, "anneal", TINY, "--schedule", "linear:1:2");

    assertContains(err, "error: Invalid value for option '--schedule'");
    assertContains(err, "linear:T0:T1:STEPS");
    assertContains(err, "Try 'ebmsim anneal --help'");
    assertTrue(server.requests.isEmpty(), "no call should be made");
  }

  @Test
  void modelsGet_unknownId_exitThreeWithCodeAndMessage() {
    assertRun(3, "models", "get", "m-missing");

    assertEquals("error: NOT_FOUND: no model with id m-missing" + System.lineSeparator(), err);
  }

  @Test
  void globalOptionsAfterSubcommand_applyTargetAndJson() {
    assertRun(0, "models", "list", "--json", "--target", "example:123");

    assertEquals(List.of("example:123"), targets);
    JsonObject model = JsonParser.parseString(out.strip()).getAsJsonObject();
    assertEquals(TINY, model.get("id").getAsString());
  }

  @Test
  void deadlineOption_serverTooSlow_exitThreeDeadlineExceeded() {
    long start = System.nanoTime();

    assertRun(3, "--json", "--deadline", "300ms", "exact", FakeEbmsimServer.SLOW);

    assertContains(err, "error: DEADLINE_EXCEEDED: ");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @Test
  void modelsList_json_oneObjectPerLineAcrossPages() {
    for (int i = 0; i < 4; i++) {
      server.put(FakeEbmsimServer.imageModel("m-" + i));
    }

    assertRun(0, "--json", "models", "list");

    List<String> lines = out.lines().toList();
    assertEquals(5, lines.size(), out);
    for (String line : lines) {
      assertTrue(JsonParser.parseString(line).getAsJsonObject().has("id"), line);
    }
  }

  @Test
  void modelsList_human_tableWithHeader() {
    assertRun(0, "models", "list");

    assertContains(out, "ID");
    assertContains(out, TINY + "  tiny");
    assertContains(out, "2x3");
  }

  @Test
  void modelsCreate_zeroOneCsvPatterns_sendsConvertedHopfieldRequestWithNote() throws Exception {
    Path patterns = dir.resolve("digits.csv");
    Files.writeString(patterns, "1 0 1 0 1 0\n0 0 0 1 1 1\n");

    assertRun(0, "models", "create", "--patterns", patterns.toString(), "--rule", "projection", "--image", "2x3");

    CreateModelRequest sent = server.requests(CreateModelRequest.class).get(0);
    assertEquals("digits", sent.getName());
    assertEquals(StorageRule.PROJECTION, sent.getHopfieldPatterns().getRule());
    assertEquals(List.of(1, -1, 1, -1, 1, -1, -1, -1, -1, 1, 1, 1), sent.getHopfieldPatterns().getPatterns().getSpinsList());
    assertEquals(2, sent.getHopfieldPatterns().getImageShape().getHeight());
    assertContains(err, "note: " + patterns + " holds 0/1 values");
    assertContains(out, "created m-");
  }

  @Test
  void modelsCreate_boltzmannFromJsonWeightsAndCsvBias() throws Exception {
    Path weights = dir.resolve("w.json");
    Files.writeString(weights, "{\"weights\": [[0, 1, 0], [1, 0, 2], [0, 2, 0]]}");
    Path bias = dir.resolve("b.csv");
    Files.writeString(bias, "0.5, 0, -0.5\n");

    assertRun(0, "models", "create", "--weights", weights.toString(), "--bias", bias.toString(), "--visible", "2", "--name", "bm");

    CreateModelRequest sent = server.requests(CreateModelRequest.class).get(0);
    assertEquals(2, sent.getBoltzmann().getVisibleUnits());
    assertEquals(List.of(0.5, 0.0, -0.5), sent.getBoltzmann().getBiasList());
    assertContains(out, "BOLTZMANN_MACHINE");
  }

  @Test
  void modelsCreate_badFile_exitTwoNamingLineAndColumn() throws Exception {
    Path patterns = dir.resolve("p.csv");
    Files.writeString(patterns, "1 -1\n1 x\n");

    assertRun(2, "models", "create", "--patterns", patterns.toString());

    assertEquals("error: " + patterns + ":2:3: not a number: \"x\"" + System.lineSeparator(), err);
  }

  @Test
  void modelsCreate_noInput_usageError() {
    assertRun(2, "models", "create");

    assertContains(err, "give --patterns FILE");
  }

  @Test
  void modelsDelete_json_namesDeletedId() {
    assertRun(0, "--json", "models", "delete", TINY);

    assertEquals("{\"deleted\":\"" + TINY + "\"}", out.strip());
  }

  @Test
  void anneal_json_printsEveryEventAndSendsOptions() {
    assertRun(0, "--json", "anneal", TINY, "--chains", "3", "--seed", "9", "--schedule", "list:2,1",
        "--sweeps-per-temp", "5", "--dynamics", "metropolis", "--report-every", "2", "--samples", "every:4",
        "--max-chains", "2");

    List<String> lines = out.lines().toList();
    assertEquals(FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS + 2, lines.size(), out);
    JsonObject started = JsonParser.parseString(lines.get(0)).getAsJsonObject().getAsJsonObject("started");
    assertEquals(3, started.get("chains").getAsInt(), lines.get(0));
    assertTrue(started.get("sessionId").getAsString().startsWith("s-"), lines.get(0));
    assertTrue(JsonParser.parseString(lines.get(1)).getAsJsonObject().has("progress"));
    assertTrue(JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().has("result"));
    AnnealRequest sent = server.requests(AnnealRequest.class).get(0);
    assertEquals(3, sent.getChains());
    assertEquals(9, sent.getSeed());
    assertEquals(List.of(2.0, 1.0), sent.getSchedule().getExplicit().getTemperaturesList());
    assertEquals(5, sent.getSchedule().getSweepsPerTemperature());
    assertEquals(Dynamics.METROPOLIS, sent.getDynamics());
    assertEquals(2, sent.getReportEverySweeps());
    assertEquals(SamplePolicy.Mode.EVERY, sent.getSamples().getMode());
    assertEquals(4, sent.getSamples().getEverySweeps());
    assertEquals(2, sent.getSamples().getMaxChains());
  }

  @Test
  void anneal_human_printsSummaryWithBestStateAsPicture() {
    assertRun(0, "anneal", TINY, "--chains", "2");

    assertContains(out, "annealed " + TINY + ": 30 sweeps, 2 chains");
    assertContains(out, "best energy    -6.0000 (chain 0)");
    assertContains(out, "best states    2 of 2 chains (0..1) in the result; --json prints them");
    // Fake best state alternates +1, -1 over a 2x3 image.
    assertContains(out, "best state:" + System.lineSeparator() + "  #.#" + System.lineSeparator() + "  .#.");
  }

  @Test
  void anneal_moreChainsThanResultStates_summaryStatesChainsThatRanAndStatesShownApart() {
    assertRun(0, "anneal", TINY, "--chains", "1000");

    assertContains(out, "annealed " + TINY + ": 30 sweeps, 1000 chains");
    assertContains(out, "best states    64 of 1000 chains (0..63) in the result; --json prints them");
    assertContains(out, "... (1000 values)");
    assertEquals(0, server.requests(AnnealRequest.class).get(0).getResultStates(), "0 = the server's default");

    assertRun(0, "anneal", TINY, "--chains", "1000", "--result-states", "5");
    assertContains(out, "best states    5 of 1000 chains (0..4) in the result");
    assertEquals(5, server.requests(AnnealRequest.class).get(1).getResultStates());

    assertRun(2, "anneal", TINY, "--chains", "3", "--result-states", "4");
    assertContains(err, "--result-states must be 0..3");
  }

  @Test
  void anneal_serverErrorMidway_exitThree() {
    server.put(FakeEbmsimServer.imageModel(FakeEbmsimServer.FAILING));

    assertRun(3, "anneal", FakeEbmsimServer.FAILING);

    assertContains(err, "error: INTERNAL: chain group crashed");
  }

  @Test
  void complete_cueValuesOnImageModel_printsCueAndCompletedSideBySide() {
    assertRun(0, "complete", TINY, "--cue-values", "1,0,-1,0,0,1");

    CompleteRequest sent = server.requests(CompleteRequest.class).get(0);
    assertEquals(List.of(true, false, true, false, false, true), sent.getMasked().getKnownList());
    assertEquals(CompletionMode.DETERMINISTIC, sent.getMode());
    assertContains(out, "converged");
    assertContains(out, "closest stored #1 (mirror image), overlap -1.0000");
    // The fake completes unknown units with +1.
    assertContains(out, String.join(System.lineSeparator(),
        "cue      completed",
        "#?.  ->  ##.",
        "??#      ###"));
  }

  @Test
  void complete_noisyFileStochastic_sendsPatternFlipAndTemperature() throws Exception {
    Path pattern = dir.resolve("p.json");
    Files.writeString(pattern, "{\"pattern\": [[1, -1, 1], [-1, 1, -1]]}");

    assertRun(0, "--json", "complete", TINY, "--noisy-file", pattern.toString(), "--flip", "0.25",
        "--mode", "stochastic", "--temperature", "0.5", "--sweeps", "50", "--average-last", "10", "--chains", "4");

    CompleteRequest sent = server.requests(CompleteRequest.class).get(0);
    assertEquals(List.of(1, -1, 1, -1, 1, -1), sent.getNoisy().getExplicit().getSpinsList());
    assertEquals(0.25, sent.getNoisy().getFlipFraction());
    assertEquals(0.5, sent.getTemperature());
    assertEquals(10, sent.getAverageLast());
    assertEquals(3, out.lines().count(), "started, one progress event and the result:\n" + out);
  }

  @Test
  void complete_conflictingOrMissingOptions_usageErrors() {
    assertRun(2, "complete", TINY);
    assertContains(err, "give a cue");
    assertRun(2, "complete", TINY, "--noisy-pattern", "0", "--cue-values", "1,1");
    assertContains(err, "give only one cue");
    assertRun(2, "complete", TINY, "--noisy-pattern", "0", "--mode", "stochastic");
    assertContains(err, "needs --temperature");
    assertRun(2, "complete", TINY, "--noisy-pattern", "0", "--mode", "annealed");
    assertContains(err, "needs --schedule");
    assertTrue(server.requests(CompleteRequest.class).isEmpty());
  }

  @Test
  void exact_human_printsSummaryAndGroundStatePictures() {
    assertRun(0, "exact", TINY, "--temperature", "0.5", "--max-ground-states", "4");

    assertContains(out, "log Z          4.5000");
    assertContains(out, "ground energy  -6.0000 (2 ground states, 2 shown)");
    assertContains(out, "#0   #1");
    assertContains(out, "###  ...");
    assertContains(out, "...  ###");
  }
}
