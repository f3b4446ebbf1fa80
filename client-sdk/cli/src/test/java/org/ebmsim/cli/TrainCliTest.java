package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ebmsim train}, {@code train resume}, {@code train checkpoints}, {@code models versions},
 * {@code --version} on the commands that read a model, and learning-rate steering, against
 * {@link FakeEbmsimServer} (4 batches per epoch; canned metrics, see its FakeTrainingService).
 */
class TrainCliTest {
  private static final String RBM = "m-00000000000000bb";
  private static final String HOPFIELD = "m-00000000000000aa";
  private static final String DATASET = "d-0000000000000001";
  private static final Pattern SESSION_ID = Pattern.compile("s-[0-9a-f]{16}");

  private FakeServerCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = new FakeServerCli();
    cli.server.put(FakeEbmsimServer.rbmImageModel(RBM));
    cli.server.put(FakeEbmsimServer.imageModel(HOPFIELD));
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

  /** The cells of a table line (columns are two or more blanks apart; "±" joins its neighbours). */
  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split(" {2,}"));
  }

  private List<String> lines() {
    return cli.out().lines().toList();
  }

  private String detachedTraining() {
    assertRun(0, "train", RBM, "--dataset", DATASET, "--method", "pcd", "--epochs", "3", "--lr", "0.1", "--detached");
    Matcher m = SESSION_ID.matcher(cli.out());
    assertTrue(m.find(), cli.out());
    return m.group();
  }

  // ---- train ------------------------------------------------------------------------------

  @Test
  void train_printsOneTableRowPerEpoch_withEveryMetric_thenTheSummary() {
    assertRun(0, "train", RBM, "--dataset", DATASET, "--method", "pcd", "--epochs", "3", "--lr", "0.1",
        "--lr-decay", "exp:0.5", "--ais-every", "2", "--no-progress");

    List<String> lines = lines();
    assertEquals(List.of("EPOCH", "LR", "TRAIN RECON", "TRAIN PLL", "HELD-OUT RECON", "HELD-OUT PLL", "AIS LL ± SE",
        "‖W‖", "VERSION", "ELAPSED"), cells(lines.get(0)));
    assertEquals(List.of("1/3", "0.1000", "0.2500", "-4.0000", "0.2600", "-4.2500", "-", "1.0000", "2", "1.0s"),
        cells(lines.get(1)));
    assertEquals(List.of("2/3", "0.0500", "0.1667", "-2.0000", "0.1767", "-2.2500", "-2.7500 ± 0.0500", "1.5000", "3",
        "2.0s"), cells(lines.get(2)), "AIS every 2 epochs");
    assertEquals(List.of("3/3", "0.0250", "0.1250", "-1.3333", "0.1350", "-1.5833", "-2.0833 ± 0.0500", "2.0000", "4",
        "3.0s"), cells(lines.get(3)), "and at the end");
    String out = cli.out();
    assertContains(out, "trained " + RBM + " (RBM (binary), 6 visible x 4 hidden units): 3 epochs, 12 batches");
    assertContains(out, "version        4 (the trained parameters; all versions: ebmsim models versions " + RBM + ")");
    assertContains(out, "held-out       reconstruction error 0.1350  PLL -1.5833  (20 rows)");
    assertContains(out, "AIS LL         -2.0833 ± 0.0500 per row on the held-out rows (log Z 5.0000, ESS 80.0 of"
        + " 100 chains, 1000 temperatures)");
    assertContains(out, "use it         ebmsim anneal " + RBM + " --version 4");
    assertEquals("", cli.err(), "no bar with --no-progress");
  }

  @Test
  void train_sendsEveryOptionInTheRequest() {
    assertRun(0, "train", RBM, "--dataset", DATASET, "--method", "pcd", "--epochs", "2", "--lr", "0.05",
        "--lr-decay", "step:0.5:3", "--k", "5", "--batch", "10", "--momentum", "0.5", "--weight-decay", "0.001",
        "--persistent-chains", "30", "--seed", "9", "--report-every", "2", "--ais-every", "1", "--ais-chains", "50",
        "--ais-steps", "200", "--eval-rows", "40", "--samples", "1", "--checkpoint-every", "3",
        "--keep-checkpoints", "5", "--final-version-only", "--version", "1", "--no-progress");

    TrainRequest r = cli.server.requests(TrainRequest.class).get(0);
    assertEquals(TrainRequest.newBuilder().setModelId(RBM).setModelVersion(1).setDatasetId(DATASET)
        .setMethod(TrainingMethod.PCD).setGibbsSteps(5).setBatchSize(10).setEpochs(2)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.05).setKind(LearningRate.Kind.STEP).setFactor(0.5)
            .setEveryEpochs(3))
        .setMomentum(0.5).setWeightDecay(0.001).setPersistentChains(30).setSeed(9).setReportEveryBatches(2)
        .setAisEveryEpochs(1).setAisChains(50).setAisSteps(200).setEvaluationRows(40).setSamples(1)
        .setCheckpointEveryBatches(3).setKeepCheckpoints(5).setFinalVersionOnly(true).build(), r);
    List<String> rows = lines().stream().filter(l -> l.matches("[12]/2 .*")).toList();
    assertEquals("-", cells(rows.get(0)).get(8), "no version after epoch 1 with --final-version-only");
    assertEquals("2", cells(rows.get(1)).get(8));
  }

  @Test
  void train_withoutHeldOutRows_showsDashes_andSamplesAsPictures() {
    assertRun(0, "train", RBM, "--dataset", FakeEbmsimServer.TRAIN_ONLY_DATASET, "--method", "cd", "--epochs", "1",
        "--lr", "0.1", "--samples", "2", "--no-progress");

    List<String> lines = lines();
    List<String> row = cells(lines.get(1));
    assertEquals(List.of("-", "-"), row.subList(4, 6), "held-out recon and PLL");
    // chain i, unit j is on when i + j is even (epoch 0), drawn on the model's 2x3 image
    assertEquals(List.of("  samples:", "    #0   #1", "    #.#  .#.", "    .#.  #.#"), lines.subList(2, 6));
    assertFalse(cli.out().contains("held-out       "), "no held-out line in the summary");
  }

  @Test
  void train_json_printsEveryEventAsALine() {
    assertRun(0, "--json", "train", RBM, "--dataset", DATASET, "--method", "cd", "--epochs", "2", "--lr", "0.1");

    List<JsonObject> events = lines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    assertEquals(4, events.size(), cli.out());
    assertEquals("train", events.get(0).getAsJsonObject("started").get("kind").getAsString());
    assertEquals("2", events.get(1).getAsJsonObject("progress").get("modelVersion").getAsString());
    assertTrue(events.get(2).getAsJsonObject("progress").get("epochEnd").getAsBoolean());
    assertEquals("3", events.get(3).getAsJsonObject("result").get("modelVersion").getAsString());
  }

  @Test
  void train_detached_printsHowToFollowSteerAndResume() {
    String id = detachedTraining();

    assertContains(cli.out(), "started detached session " + id + ": train of " + RBM + " (25 chains, 12 batches)");
    assertContains(cli.out(), "steer it       ebmsim sessions steer " + id + " --learning-rate X");
    assertContains(cli.out(), "resume it      ebmsim train resume " + id);
    assertTrue(cli.server.requests(TrainRequest.class).get(0).getDetached());
  }

  @Test
  void train_badValues_areUsageErrorsThatSayWhy_andSendNothing() {
    Map<String, String> base = new LinkedHashMap<>(Map.of("--dataset", DATASET, "--method", "cd", "--epochs", "2",
        "--lr", "0.1"));
    Object[][] cases = {
      {new String[] {"--lr", "NaN"}, "--lr must be finite and > 0, got NaN"},
      {new String[] {"--lr", "0"}, "--lr must be finite and > 0, got 0.0 (it scales every update"},
      {new String[] {"--lr", "-0.5"}, "--lr must be finite and > 0, got -0.5"},
      {new String[] {"--epochs", "0"}, "--epochs must be 1..1000000, got 0"},
      {new String[] {"--epochs", "-3"}, "--epochs must be 1..1000000, got -3"},
      {new String[] {"--k", "0"}, "--k must be 1..1000, got 0"},
      {new String[] {"--batch", "-1"}, "--batch must be ≥ 1, got -1"},
      {new String[] {"--momentum", "1"}, "--momentum must be in [0, 1), got 1.0"},
      {new String[] {"--weight-decay", "-1"}, "--weight-decay must be finite and ≥ 0, got -1.0"},
      {new String[] {"--persistent-chains", "10"}, "--persistent-chains goes with --method pcd"},
      {new String[] {"--ais-chains", "10"}, "--ais-chains and --ais-steps go with --ais-every E"},
      {new String[] {"--samples", "65"}, "--samples must be 0..64, got 65"},
      {new String[] {"--keep-checkpoints", "0"}, "--keep-checkpoints must be 1..100, got 0"},
      {new String[] {"--report-every", "-1"}, "--report-every must be ≥ 0, got -1"},
      {new String[] {"--version", "-1"}, "--version must be ≥ 1 (or 0 for the latest), got -1"},
      {new String[] {"--lr-decay", "exp:1.5"}, "the factor must be in (0, 1] so that the rate does not grow"},
      {new String[] {"--lr-decay", "step:0.5:0"}, "E must be ≥ 1 epoch, got 0"},
      {new String[] {"--lr-decay", "linear:2"}, "unknown decay \"linear\""},
      {new String[] {"--method", "sgd"}, "cd, pcd, valleys, exact-likelihood or dsm"},
    };
    for (Object[] c : cases) {
      String[] extra = (String[]) c[0];
      Map<String, String> options = new LinkedHashMap<>(base);
      options.put(extra[0], extra[1]);
      List<String> args = new ArrayList<>(List.of("train", RBM));
      options.forEach((k, v) -> args.addAll(List.of(k, v)));

      assertRun(2, args.toArray(String[]::new));

      assertContains(cli.err(), (String) c[1]);
      assertContains(cli.err(), "Try 'ebmsim train --help'");
    }
    assertTrue(cli.server.requests(TrainRequest.class).isEmpty(), "no call should be made");
  }

  @Test
  void train_missingRequiredValues_areUsageErrors() {
    assertRun(2, "train", "--dataset", DATASET, "--method", "cd", "--epochs", "1", "--lr", "0.1");
    assertContains(cli.err(), "give the MODEL to train");
    assertRun(2, "train", RBM, "--method", "cd", "--epochs", "1", "--lr", "0.1");
    assertContains(cli.err(), "--dataset is required");
    assertRun(2, "train", RBM, "--dataset", DATASET, "--epochs", "1", "--lr", "0.1");
    assertContains(cli.err(), "--method is required: cd, pcd, valleys, exact-likelihood or dsm");
    assertRun(2, "train", RBM, "--dataset", DATASET, "--method", "cd", "--lr", "0.1");
    assertContains(cli.err(), "--epochs is required");
    assertRun(2, "train", RBM, "--dataset", DATASET, "--method", "cd", "--epochs", "1");
    assertContains(cli.err(), "--lr is required");
  }

  @Test
  void train_serverRefusals_exitThreeWithTheirCode() {
    assertRun(3, "train", RBM, "--dataset", DATASET, "--method", "valleys", "--epochs", "1", "--lr", "0.1");
    assertContains(cli.err(), "error: FAILED_PRECONDITION: model " + RBM + " (rbm) cannot be trained with VALLEYS");

    assertRun(3, "train", RBM, "--dataset", DATASET, "--method", "cd", "--epochs", "1", "--lr", "0.1",
        "--version", "7");
    assertContains(cli.err(), "error: NOT_FOUND: model " + RBM + " has no version 7");
  }

  @Test
  void train_valleysOnAHopfieldNetwork_isTabledLikeAnyOther() {
    assertRun(0, "train", HOPFIELD, "--dataset", DATASET, "--method", "valleys", "--epochs", "1", "--lr", "0.01",
        "--no-progress");

    assertEquals(List.of("1/1", "0.0100", "0.2500", "-4.0000", "0.2600", "-4.2500", "-", "1.0000", "2", "1.0s"),
        cells(lines().get(1)));
    assertContains(cli.out(), "trained " + HOPFIELD + " (HOPFIELD (projection), 6 units (6 visible)): 1 epoch, 4 batches");
  }

  // ---- train resume, train checkpoints ------------------------------------------------------

  @Test
  void resume_afterAStop_continuesWithTheRemainingEpochs_andCheckpointsListBoth() {
    assertRun(0, "train", "checkpoints");
    assertEquals("no training checkpoints" + System.lineSeparator(), cli.out());
    String id = detachedTraining();
    assertRun(0, "train", "checkpoints");
    assertContains(cli.out(), id + "  " + RBM + "  " + DATASET + "  6/12 batches  running");
    assertRun(0, "sessions", "stop", id);
    assertRun(0, "train", "checkpoints");
    assertContains(cli.out(), id + "  " + RBM + "  " + DATASET + "  6/12 batches  resumable");

    assertRun(0, "train", "resume", id, "--no-progress");

    List<String> epochs = lines().stream().filter(l -> l.matches("\\d/3 .*")).map(l -> cells(l).get(0)).toList();
    assertEquals(List.of("2/3", "3/3"), epochs, "from batch 7 on");
    assertContains(cli.out(), "trained " + RBM + " (RBM (binary), 6 visible x 4 hidden units): 3 epochs, 12 batches");
    assertRun(0, "train", "checkpoints");
    List<String> table = lines();
    assertEquals(3, table.size(), cli.out());
    assertContains(table.get(1), "12/12 batches  finished");
    assertContains(table.get(2), id);
    String next = cells(table.get(1)).get(0);
    assertRun(3, "train", "resume", next);
    assertContains(cli.err(), "error: FAILED_PRECONDITION: training session " + next + " ran to its end");
    assertRun(0, "--json", "train", "checkpoints");
    assertEquals(next, JsonParser.parseString(lines().get(0)).getAsJsonObject().get("sessionId").getAsString());
  }

  @Test
  void resume_detached_printsTheNewSession() {
    String id = detachedTraining();
    assertRun(0, "sessions", "stop", id);

    assertRun(0, "train", "resume", id, "--detached");

    Matcher m = SESSION_ID.matcher(cli.out());
    assertTrue(m.find());
    assertFalse(m.group().equals(id), cli.out());
    assertContains(cli.out(), "train of " + RBM);
  }

  // ---- model versions -----------------------------------------------------------------------

  @Test
  void modelsVersions_listsTheCreatedAndTheTrainedVersions_andGetShowsOne() {
    assertRun(0, "--json", "train", RBM, "--dataset", DATASET, "--method", "cd", "--epochs", "2", "--lr", "0.1");
    String session = JsonParser.parseString(lines().get(0)).getAsJsonObject().getAsJsonObject("started")
        .get("sessionId").getAsString();

    assertRun(0, "models", "versions", RBM);

    List<String> table = lines();
    assertEquals(List.of("VERSION", "CREATED", "SESSION", "BATCHES", "EPOCH"), cells(table.get(0)));
    assertEquals(List.of("1", "2023-11-14T22:13:20Z", "- (created)", "-", "-"), cells(table.get(1)));
    assertEquals(List.of("2", "2023-11-14T22:13:22Z", session, "4", "1"), cells(table.get(2)));
    assertEquals(List.of("3", "2023-11-14T22:13:23Z", session, "8", "2"), cells(table.get(3)));

    assertRun(0, "models", "get", RBM, "--version", "2");
    assertContains(cli.out(), "version        2 of 3 (written by training session " + session
        + ", after 4 batches, in epoch 1)");
    assertEquals(2, cli.server.requests(GetModelRequest.class).get(0).getVersion());
    assertRun(3, "models", "get", RBM, "--version", "9");
    assertContains(cli.err(), "NOT_FOUND: model " + RBM + " has no version 9 (versions 1..3)");
    assertRun(0, "--json", "models", "versions", RBM);
    assertEquals(3, lines().size());
    assertRun(3, "models", "versions", "m-missing");
  }

  @Test
  void versionOption_reachesAnnealCompleteExactAndAis_andAnUnknownVersionFails() {
    assertRun(0, "anneal", RBM, "--version", "1", "--no-progress");
    assertEquals(1, cli.server.requests(AnnealRequest.class).get(0).getModelVersion());
    assertRun(0, "complete", HOPFIELD, "--version", "1", "--noisy-pattern", "0");
    assertEquals(1, cli.server.requests(CompleteRequest.class).get(0).getModelVersion());
    assertRun(0, "exact", HOPFIELD, "--version", "1");
    assertEquals(1, cli.server.requests(ExactSummaryRequest.class).get(0).getModelVersion());
    assertRun(0, "ais", RBM, "--chains", "10", "--version", "1", "--no-progress");
    assertEquals(1, cli.server.requests(EstimatePartitionFunctionRequest.class).get(0).getModelVersion());

    assertRun(3, "--json", "exact", HOPFIELD, "--version", "2");
    assertContains(cli.err(), "NOT_FOUND: model " + HOPFIELD + " has no version 2");
    assertRun(2, "anneal", RBM, "--version", "-2");
    assertContains(cli.err(), "--version must be ≥ 1 (or 0 for the latest), got -2");
    assertRun(0, "anneal", "--help");
    assertContains(cli.out(), "--version=V");
  }

  // ---- steering and watching ----------------------------------------------------------------

  @Test
  void steerLearningRate_isSentAndShown_badRatesAreUsageErrors_otherKindsRefuse() {
    String id = detachedTraining();

    assertRun(0, "sessions", "steer", id, "--learning-rate", "0.01");

    assertEquals("steered " + id + " from batch 20: learning rate 0.0100" + System.lineSeparator(), cli.out());
    assertEquals(0.01, cli.server.requests(SteerSessionRequest.class).get(0).getAction().getLearningRate());
    assertRun(0, "sessions", "get", id);
    assertContains(cli.out(), "steered        from batch 20: learning rate 0.0100");
    assertContains(cli.out(), "progress       10/12 batches");
    for (String bad : List.of("0", "-1", "NaN", "Infinity")) {
      assertRun(2, "sessions", "steer", id, "--learning-rate", bad);
      assertContains(cli.err(), "learning rate must be finite and > 0");
    }
    assertRun(2, "sessions", "steer", id, "--learning-rate", "0.1", "--temperature", "1");
    assertContains(cli.err(), "give only one action");
    assertRun(0, "anneal", RBM, "--detached");
    Matcher m = SESSION_ID.matcher(cli.out());
    assertTrue(m.find());
    assertRun(3, "sessions", "steer", m.group(), "--learning-rate", "0.01");
    assertContains(cli.err(), "FAILED_PRECONDITION: learning_rate steers training sessions only");
  }

  @Test
  void watch_ofATrainingSession_printsTheEpochTableAndTheSummary() {
    String id = detachedTraining();

    assertRun(0, "sessions", "watch", id, "--no-progress");

    List<String> lines = lines();
    assertEquals("EPOCH", cells(lines.get(0)).get(0));
    assertEquals(List.of("1/3", "2/3", "3/3"), lines.subList(1, 4).stream().map(l -> cells(l).get(0)).toList());
    assertContains(cli.out(), "trained " + RBM);
    assertContains(cli.out(), "session " + id + " ended: FINISHED");
  }

  @Test
  void help_listsTrainAndItsSubcommands() {
    assertRun(0, "--help");
    assertContains(cli.out(), "train");
    assertRun(0, "train", "--help");
    assertContains(cli.out(), "resume");
    assertContains(cli.out(), "checkpoints");
    assertContains(cli.out(), "--lr-decay=exp:F|step:F:E");
    assertRun(0, "models", "--help");
    assertContains(cli.out(), "versions");
  }
}
