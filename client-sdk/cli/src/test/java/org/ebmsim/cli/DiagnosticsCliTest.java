package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.ObservableDiagnostics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --diagnostics} and {@code --diagnostic-patterns} on the sampling commands, against the real server. */
class DiagnosticsCliTest {
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

  /** Three 4×4 letters T, L and X as ±1 rows. */
  private static final String LETTERS = "[[1,1,1,1,-1,1,-1,-1,-1,1,-1,-1,-1,1,-1,-1],"
      + "[1,-1,-1,-1,1,-1,-1,-1,1,-1,-1,-1,1,1,1,1],"
      + "[1,-1,-1,1,-1,1,1,-1,-1,1,1,-1,1,-1,-1,1]]";

  @Test
  void complete_withDiagnostics_streamsTheOverlapsRHat() throws Exception {
    Path patterns = dir.resolve("letters.json");
    Files.writeString(patterns, "{\"patterns\": " + LETTERS + "}");
    assertEquals(0, cli.run("--json", "models", "create", "--patterns", patterns.toString(), "--name", "letters"),
        cli.err());
    String id = JsonParser.parseString(cli.out().trim()).getAsJsonObject().get("id").getAsString();

    assertEquals(0, cli.run("--json", "complete", id, "--noisy-pattern", "1", "--flip", "0.1", "--mode", "stochastic",
        "--temperature", "0.3", "--sweeps", "60", "--chains", "4", "--seed", "2", "--diagnostics",
        "--diagnostic-patterns", "1,2"), cli.err());
    JsonObject lastDiagnostics = null;
    for (String line : cli.out().trim().split("\n")) {
      JsonObject e = JsonParser.parseString(line).getAsJsonObject();
      if (e.has("progress") && e.getAsJsonObject("progress").has("diagnostics")) {
        lastDiagnostics = e.getAsJsonObject("progress").getAsJsonObject("diagnostics");
      }
    }
    assertTrue(lastDiagnostics != null, "no progress with diagnostics in " + cli.out());
    JsonArray observables = lastDiagnostics.getAsJsonArray("observables");
    assertEquals(2, observables.size(), lastDiagnostics.toString());
    assertEquals(1, observables.get(0).getAsJsonObject().get("pattern").getAsInt());
    assertEquals(2, observables.get(1).getAsJsonObject().get("pattern").getAsInt());

    assertEquals(2, cli.run("complete", id, "--noisy-pattern", "1", "--diagnostic-patterns", "1"));
    assertTrue(cli.err().contains("--diagnostic-patterns goes with --diagnostics"), cli.err());
  }

  @Test
  void progressLine_showsEachTracedOverlapsRHat() {
    CompleteProgress plain = CompleteProgress.newBuilder().setEnergy(-3).setFlipRate(0.1).setTemperature(0.5).build();
    assertFalse(CompletionSummary.progress(plain).contains("R̂"));
    String line = CompletionSummary.progress(plain.toBuilder().setDiagnostics(ConvergenceDiagnostics.newBuilder()
        .setSplitRHat(1.0034).setEffectiveSampleSize(812.4).setAutocorrelationSweeps(3.94)
        .addObservables(ObservableDiagnostics.newBuilder().setName("overlap").setPattern(0).setSplitRHat(12.07))
        .addObservables(ObservableDiagnostics.newBuilder().setName("overlap").setPattern(3).setSplitRHat(1.0021)))
        .build());
    assertTrue(line.endsWith("R̂ 1.003  ESS 812  τ 3.9400 sweeps  overlap R̂ #0 12.070 #3 1.002"), line);
  }
}
