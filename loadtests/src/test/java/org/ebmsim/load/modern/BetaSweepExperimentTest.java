package org.ebmsim.load.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The β sweep on 12 random unit-variance patterns of 64 units (seed 3): at the smallest β one
 * update answers the mean of all patterns (cosine &gt; 0.99, every attention weight near 1/p) and
 * retrieves nothing; at the largest every noisy cue is retrieved with its weight near 1. The CSV has
 * one row per β and a rerun writes the same bytes.
 */
class BetaSweepExperimentTest {
  @TempDir Path dir;

  private static float[][] patterns() {
    SplittableRandom rng = new SplittableRandom(3);
    float[][] xi = new float[12][64];
    for (float[] row : xi) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) rng.nextGaussian();
      }
    }
    return xi;
  }

  private List<BetaSweepExperiment.Row> run(Path out) throws Exception {
    Files.createDirectories(out);
    return BetaSweepExperiment.run(patterns(), 0.3, 1, out,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void smallBetaAverages_largeBetaRetrieves_andRerunsAreIdentical() throws Exception {
    List<BetaSweepExperiment.Row> rows = run(dir.resolve("a"));
    assertEquals(BetaSweepExperiment.betas().length, rows.size());
    BetaSweepExperiment.Row cold = rows.get(rows.size() - 1);
    BetaSweepExperiment.Row hot = rows.get(0);
    assertEquals(1.0, cold.retrieved(), 0, "β = " + cold.beta() + ": " + cold);
    assertTrue(cold.trueWeight() > 0.99, cold.toString());
    assertEquals(0.0, hot.retrieved(), 0, hot.toString());
    assertTrue(hot.cosineMean() > 0.99, hot.toString());
    assertTrue(hot.maxWeight() < 1.2 / 12, hot.toString());
    List<String> csv = Files.readAllLines(dir.resolve("a").resolve("beta-sweep.csv"));
    assertEquals(rows.size() + 1, csv.size());
    run(dir.resolve("b"));
    assertEquals(csv, Files.readAllLines(dir.resolve("b").resolve("beta-sweep.csv")));
    assertEquals(Files.readAllLines(dir.resolve("a").resolve("examples.csv")),
        Files.readAllLines(dir.resolve("b").resolve("examples.csv")));
  }
}
