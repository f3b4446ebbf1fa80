package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --detached} and the {@code sessions} commands against {@link FakeEbmsimServer}. */
class SessionsCliTest {
  private static final String TINY = "m-00000000000000aa";
  private static final Pattern SESSION_ID = Pattern.compile("s-[0-9a-f]{16}");

  @TempDir Path dir;
  private FakeServerCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = new FakeServerCli();
    cli.server.put(FakeEbmsimServer.imageModel(TINY));
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

  /** Starts a detached anneal of {@code chains} chains and returns its session id. */
  private String detachedAnneal(int chains) {
    assertRun(0, "anneal", TINY, "--chains", Integer.toString(chains), "--detached");
    Matcher m = SESSION_ID.matcher(cli.out());
    assertTrue(m.find(), cli.out());
    return m.group();
  }

  @Test
  void annealDetached_printsTheSessionIdAndHowToFollowIt_withoutWaiting() {
    String id = detachedAnneal(1000);

    assertContains(cli.out(), "started detached session " + id + ": anneal of " + TINY + " (1000 chains, 30 sweeps)");
    assertContains(cli.out(), "follow it      ebmsim sessions watch " + id);
    assertContains(cli.out(), "its result     ebmsim sessions get " + id);
    assertContains(cli.out(), "stop it        ebmsim sessions stop " + id);
    assertTrue(cli.server.requests(AnnealRequest.class).get(0).getDetached());
    assertEquals(SessionState.RUNNING, cli.server.session(id).getState(), "the session runs on");
  }

  @Test
  void detached_json_printsOnlyTheStartedEvent_forAnnealCompleteAndAis() throws Exception {
    assertRun(0, "--json", "anneal", TINY, "--detached", "--retain-final-states");
    JsonObject anneal = JsonParser.parseString(cli.out().strip()).getAsJsonObject().getAsJsonObject("started");
    assertTrue(anneal.get("detached").getAsBoolean(), cli.out());
    assertTrue(cli.server.requests(AnnealRequest.class).get(0).getRetainFinalStates());

    assertRun(0, "--json", "complete", TINY, "--noisy-pattern", "0", "--detached");
    JsonObject complete = JsonParser.parseString(cli.out().strip()).getAsJsonObject().getAsJsonObject("started");
    assertEquals("complete", complete.get("kind").getAsString());
    assertTrue(cli.server.requests(CompleteRequest.class).get(0).getDetached());

    Path w = dir.resolve("w.csv");
    Files.writeString(w, "0.5, -0.5\n1, 0\n0, 1\n");
    assertRun(0, "--json", "models", "create", "--rbm-weights", w.toString(), "--variant", "binary");
    String rbm = JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("id").getAsString();
    assertRun(0, "ais", rbm, "--chains", "20", "--steps", "50", "--detached");
    assertContains(cli.out(), "partition_function of " + rbm + " (20 chains, 50 temperatures)");
    assertTrue(cli.server.requests(EstimatePartitionFunctionRequest.class).get(0).getDetached());
  }

  @Test
  void retainFinalStates_withoutDetached_usageError() {
    assertRun(2, "anneal", TINY, "--retain-final-states");

    assertContains(cli.err(), "--retain-final-states goes with --detached");
    assertTrue(cli.server.requests(AnnealRequest.class).isEmpty());
  }

  @Test
  void sessionsWatch_detachedAnneal_showsTheResultSummaryAndTheEnd() {
    String id = detachedAnneal(1000);

    assertRun(0, "sessions", "watch", id);

    assertContains(cli.out(), "annealed " + TINY + ": 30 sweeps, 1000 chains");
    assertContains(cli.out(), "best states    64 of 1000 chains (0..63) in the result; --json prints them");
    assertContains(cli.out(), "best state:" + System.lineSeparator() + "  #.#");
    assertContains(cli.out(), "session " + id + " ended: FINISHED");
  }

  @Test
  void sessionsWatch_alreadyFinished_fetchesTheKeptResult() {
    assertRun(0, "--json", "anneal", TINY, "--chains", "2");
    String id = JsonParser.parseString(cli.out().lines().findFirst().orElseThrow()).getAsJsonObject()
        .getAsJsonObject("started").get("sessionId").getAsString();

    assertRun(0, "sessions", "watch", id);

    assertContains(cli.out(), "annealed " + TINY + ": 30 sweeps, 2 chains");
    assertContains(cli.out(), "session " + id + " ended: FINISHED");
  }

  @Test
  void sessionsWatch_json_everyEventInOrder() {
    String id = detachedAnneal(2);

    assertRun(0, "--json", "sessions", "watch", id);

    List<String> kinds = cli.out().lines()
        .map(l -> JsonParser.parseString(l).getAsJsonObject().keySet().stream()
            .filter(k -> !k.equals("sessionId") && !k.equals("sequence") && !k.equals("dropped")).findFirst()
            .orElseThrow())
        .toList();
    assertEquals(List.of("started", "annealProgress", "annealProgress", "annealProgress", "annealResult", "ended"),
        kinds, cli.out());
  }

  @Test
  void sessionsWatch_stoppedSession_endsWithExitFourAndTheReason() {
    String id = detachedAnneal(4);
    assertRun(0, "sessions", "stop", id);
    assertContains(cli.out(), "stopped " + id + ": STOPPED at 10/30 sweeps");

    assertRun(EbmsimCli.EXIT_NOT_FINISHED, "sessions", "watch", id);

    assertContains(cli.out(), "session " + id + " ended: STOPPED (stopped by StopSession)");
    assertFalse(cli.out().contains("annealed"), cli.out());
  }

  @Test
  void sessionsListAndGet_runningAndEndedSessions() {
    String running = detachedAnneal(8);
    assertRun(0, "complete", TINY, "--noisy-pattern", "1");
    assertRun(0, "--json", "sessions", "list", "--all");
    String finished = cli.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject())
        .filter(o -> o.get("kind").getAsString().equals("complete")).findFirst().orElseThrow()
        .get("id").getAsString();

    assertRun(0, "sessions", "list");
    assertContains(cli.out(), "ID");
    assertContains(cli.out(), running + "  anneal");
    assertContains(cli.out(), "RUNNING");
    assertContains(cli.out(), "10/30 sweeps");
    assertContains(cli.out(), FakeEbmsimServer.ENDLESS_SESSION);
    assertFalse(cli.out().contains(finished), "ended sessions only with --all:\n" + cli.out());

    assertRun(0, "sessions", "get", running);
    assertContains(cli.out(), "state          RUNNING (detached)");
    assertContains(cli.out(), "progress       10/30 sweeps");
    assertContains(cli.out(), "model          " + TINY + " (version 1): HOPFIELD (projection), 6 units (6 visible)");

    assertRun(0, "sessions", "get", finished);
    assertContains(cli.out(), "state          FINISHED");
    assertContains(cli.out(), "closest stored #1 (mirror image), overlap -1.0000");
    assertContains(cli.out(), "cue      completed");
  }

  @Test
  void pauseResume_printTheNewState() {
    String id = detachedAnneal(4);

    assertRun(0, "sessions", "pause", id);
    assertContains(cli.out(), "paused " + id + ": PAUSED at 10/30 sweeps");
    assertRun(0, "sessions", "resume", id);
    assertContains(cli.out(), "resumed " + id + ": RUNNING");
    assertRun(0, "--json", "sessions", "pause", id);
    assertEquals("PAUSED", JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("state").getAsString());
  }

  @Test
  void steer_eachAction_sentAndReportedWithItsSweep() {
    String id = detachedAnneal(4);

    assertRun(0, "sessions", "steer", id, "--temperature", "0.25");
    assertContains(cli.out(), "steered " + id + " from sweep 20: temperature 0.2500");
    assertRun(0, "sessions", "steer", id, "--clamp", "0=1, 3=-1");
    assertContains(cli.out(), "clamp visible units 0=1, 3=-1");
    assertRun(0, "sessions", "steer", id, "--release");
    assertContains(cli.out(), "release every clamped unit of the visible layer");
    assertRun(0, "sessions", "steer", id, "--release", "3", "--layer", "visible");
    assertRun(0, "sessions", "steer", id, "--beta", "4");
    assertRun(0, "--json", "sessions", "steer", id, "--report-every", "5");
    assertEquals("20", JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("sweep").getAsString());

    List<SteerAction> sent = cli.server.requests(SteerSessionRequest.class).stream()
        .map(SteerSessionRequest::getAction).toList();
    assertEquals(0.25, sent.get(0).getTemperature());
    assertEquals(List.of(0, 3), sent.get(1).getClamp().getUnitsList());
    assertEquals(List.of(1, -1), sent.get(1).getClamp().getValuesList());
    assertEquals(0, sent.get(2).getRelease().getUnitsCount());
    assertEquals(List.of(3), sent.get(3).getRelease().getUnitsList());
    assertEquals("visible", sent.get(3).getRelease().getLayer());
    assertEquals(4.0, sent.get(4).getInverseTemperature());
    assertEquals(5, sent.get(5).getReportEverySweeps());
    assertRun(0, "sessions", "get", id);
    assertContains(cli.out(), "steered        from sweep 20: temperature 0.2500");
  }

  @Test
  void steer_noneTwoOrMalformedActions_usageErrorsBeforeSteering() {
    String id = detachedAnneal(4);

    assertRun(2, "sessions", "steer", id);
    assertContains(cli.err(), "give an action");
    assertRun(2, "sessions", "steer", id, "--temperature", "1", "--beta", "1");
    assertContains(cli.err(), "give only one action");
    assertRun(2, "sessions", "steer", id, "--temperature", "1", "--layer", "hidden");
    assertContains(cli.err(), "--layer goes with --clamp or --release");
    assertRun(2, "sessions", "steer", id, "--clamp", "3:1");
    assertContains(cli.err(), "\"3:1\" is not UNIT=VALUE");
    assertRun(2, "sessions", "steer", id, "--temperature", "-1");
    assertContains(cli.err(), "temperature must be finite and > 0");
    assertTrue(cli.server.requests(SteerSessionRequest.class).isEmpty());
  }

  @Test
  void steer_endedSession_exitThreeWithTheServersReason() {
    String id = detachedAnneal(4);
    assertRun(0, "sessions", "stop", id);

    assertRun(3, "sessions", "steer", id, "--temperature", "0.5");

    assertContains(cli.err(), "error: FAILED_PRECONDITION: session " + id + " has ended (STOPPED)");
  }

  @Test
  void sessionsGet_unknownId_exitThreeNotFound() {
    assertRun(3, "sessions", "get", "s-00000000000000ff");

    assertContains(cli.err(), "error: NOT_FOUND: session \"s-00000000000000ff\" not found");
  }

  @Test
  void sessions_withoutSubcommand_usage() {
    assertRun(2, "sessions");

    assertContains(cli.err(), "Usage: ebmsim sessions");
    for (String sub : List.of("list", "get", "watch", "stop", "pause", "resume", "steer")) {
      assertContains(cli.err(), sub);
    }
  }
}
