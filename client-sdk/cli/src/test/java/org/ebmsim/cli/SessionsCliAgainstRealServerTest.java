package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --detached} and the {@code sessions} commands end to end against the real server over
 * Netty on port 0. An SDK watch of the same session runs beside the CLI to wait on the session's
 * own events (paused, steered, ended) instead of on time.
 */
class SessionsCliAgainstRealServerTest {
  private static final Pattern SESSION_ID = Pattern.compile("s-[0-9a-f]{16}");
  /** Three 4×4 letters as ±1 rows: T, L and X. */
  private static final String LETTERS = "[[1,1,1,1,-1,1,-1,-1,-1,1,-1,-1,-1,1,-1,-1],"
      + "[1,-1,-1,-1,1,-1,-1,-1,1,-1,-1,-1,1,1,1,1],"
      + "[1,-1,-1,1,-1,1,1,-1,-1,1,1,-1,1,-1,-1,1]]";

  @TempDir Path dir;
  private RealServerCli cli;
  private String model;

  @BeforeEach
  void start() throws Exception {
    cli = new RealServerCli(dir.resolve("data"));
    Path patterns = dir.resolve("letters.json");
    Files.writeString(patterns, "{\"patterns\": " + LETTERS + "}");
    cli.assertRun(0, "--json", "models", "create", "--patterns", patterns.toString(), "--rule", "projection",
        "--image", "4x4", "--name", "letters");
    model = JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("id").getAsString();
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "expected <" + part + "> in:\n" + text);
  }

  private String sessionId() {
    Matcher m = SESSION_ID.matcher(cli.out());
    assertTrue(m.find(), "no session id in:\n" + cli.out());
    return m.group();
  }

  /** Reads {@code watch} until an event of {@code kind} arrives; fails if the watch ends first. */
  private static SessionEvent awaitEvent(EventStream<SessionEvent> watch, SessionEvent.EventCase kind) {
    while (watch.hasNext()) {
      SessionEvent e = watch.next();
      if (e.getEventCase() == kind) {
        return e;
      }
    }
    throw new AssertionError("the watch ended before a " + kind + " event");
  }

  @Test
  void detachedAnneal_watchedToItsEnd_thenGetShowsTheKeptResult() {
    cli.assertRun(0, "anneal", model, "--chains", "8", "--seed", "1", "--schedule", "geometric:3:0.05:20",
        "--sweeps-per-temp", "5", "--detached");
    String id = sessionId();
    assertContains(cli.out(), "started detached session " + id + ": anneal of " + model + " (8 chains, 100 sweeps)");

    // The session may finish before the watch attaches; either way the watch shows its result.
    cli.assertRun(0, "sessions", "watch", id, "--no-progress");
    assertContains(cli.out(), "annealed " + model + ": 100 sweeps, 8 chains");
    assertContains(cli.out(), "session " + id + " ended: FINISHED");

    cli.assertRun(0, "--json", "sessions", "get", id);
    JsonObject session = JsonParser.parseString(cli.out().strip()).getAsJsonObject();
    assertEquals("FINISHED", session.get("state").getAsString());
    assertEquals(8, session.getAsJsonObject("anneal").get("chains").getAsInt());
    assertEquals(8, session.getAsJsonObject("anneal").getAsJsonArray("bestEnergies").size());
    cli.assertRun(0, "sessions", "list", "--all");
    assertContains(cli.out(), id + "  anneal");
    assertContains(cli.out(), "FINISHED");
  }

  @Test
  void longDetachedAnneal_pauseSteerResumeStop_fromTheCommandLine() {
    // 10^7 sweeps: far longer than the test; it is stopped at the end.
    cli.assertRun(0, "anneal", model, "--chains", "4", "--seed", "2", "--schedule", "linear:2:0.5:100000",
        "--sweeps-per-temp", "100", "--report-every", "100", "--detached");
    String id = sessionId();
    try (EbmsimClient client = EbmsimClient.connect("127.0.0.1", cli.port()).withDeadline(Duration.ofSeconds(60));
        EventStream<SessionEvent> watch = client.watchSession(id)) {
      assertTrue(watch.next().hasStarted());

      cli.assertRun(0, "sessions", "list");
      assertContains(cli.out(), id + "  anneal");
      cli.assertRun(0, "sessions", "pause", id);
      assertContains(cli.out(), "paused " + id + ": ");
      long pausedAt = awaitEvent(watch, SessionEvent.EventCase.PAUSED).getPaused().getSweep();
      cli.assertRun(0, "sessions", "get", id);
      assertContains(cli.out(), "state          PAUSED (detached)");

      cli.assertRun(0, "sessions", "steer", id, "--temperature", "0.25");
      assertContains(cli.out(), "steered " + id + " from sweep ");
      assertContains(cli.out(), ": temperature 0.2500");
      cli.assertRun(0, "sessions", "resume", id);
      assertContains(cli.out(), "resumed " + id + ": ");
      SessionEvent steered = awaitEvent(watch, SessionEvent.EventCase.STEERED);
      assertEquals(0.25, steered.getSteered().getAction().getTemperature());
      assertTrue(steered.getSteered().getSweep() >= pausedAt, steered + " after the pause at " + pausedAt);
      awaitEvent(watch, SessionEvent.EventCase.RESUMED);
      SessionEvent progress = awaitEvent(watch, SessionEvent.EventCase.ANNEAL_PROGRESS);
      assertEquals(0.25, progress.getAnnealProgress().getTemperature(), "sampled at the steered temperature");

      cli.assertRun(0, "sessions", "stop", id);
      assertContains(cli.out(), "stopped " + id + ": ");
      SessionEvent ended = awaitEvent(watch, SessionEvent.EventCase.ENDED);
      assertEquals(SessionState.STOPPED, ended.getEnded().getState());
    }
    cli.assertRun(EbmsimCli.EXIT_NOT_FINISHED, "sessions", "watch", id);
    assertContains(cli.out(), "session " + id + " ended: STOPPED");
    cli.assertRun(3, "sessions", "steer", id, "--temperature", "1");
    assertContains(cli.err(), "FAILED_PRECONDITION");
    cli.assertRun(0, "sessions", "get", id);
    assertContains(cli.out(), "steered        from sweep ");
  }

  @Test
  void detachedDeterministicCompletion_runsToItsFixedPoint() {
    cli.assertRun(0, "--json", "complete", model, "--noisy-pattern", "0", "--flip", "0.07", "--detached");
    JsonObject started = JsonParser.parseString(cli.out().strip()).getAsJsonObject().getAsJsonObject("started");
    assertTrue(started.get("detached").getAsBoolean(), cli.out());
    String id = started.get("sessionId").getAsString();

    cli.assertRun(0, "sessions", "watch", id, "--no-progress");
    assertContains(cli.out(), "closest stored #0, overlap 1.0000");
    assertContains(cli.out(), "ended: FINISHED");
  }

  @Test
  void detachedStochasticCompletion_watchedToItsEnd() {
    cli.assertRun(0, "complete", model, "--noisy-pattern", "2", "--flip", "0.07", "--mode", "stochastic",
        "--temperature", "0.05", "--sweeps", "40", "--average-last", "10", "--seed", "5", "--detached");
    String id = sessionId();
    assertContains(cli.out(), "started detached session " + id + ": complete of " + model + " (1 chains, 40 sweeps)");

    cli.assertRun(0, "sessions", "watch", id, "--no-progress");
    assertContains(cli.out(), "completed with " + model + ": 40 sweeps");
    assertContains(cli.out(), "closest stored #2");
    assertContains(cli.out(), "ended: FINISHED");
  }

  @Test
  void aisDetached_onAModelWithoutAnAisPath_failsBeforeStarting() {
    cli.assertRun(3, "ais", model, "--chains", "10", "--detached");

    assertContains(cli.err(), "FAILED_PRECONDITION");
    assertContains(cli.err(), "no AIS path");
  }
}
