package org.ebmsim.load.dam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity experiment at N = 100 with 10% of the bits flipped (seed 1, 100 cues per point):
 * at loads 0.3 and 0.5 (2.2 and 3.6 times the Hebbian capacity 0.138·N) the n = 3 dense memory
 * retrieves at least 95% of the cues exactly while Hebbian storage of the same patterns retrieves
 * at most 5%; at 0.05 both retrieve nearly all. The CSV holds one row per point and a rerun gives
 * the same measurements.
 */
class CapacityExperimentTest {
  @TempDir Path dir;

  private List<RetrievalTrials.Point> run(Path out) throws Exception {
    CapacityExperiment.Settings s = CapacityExperiment.Settings.parse(new String[] {"--loads", "0.05,0.3,0.5",
        "--memories", "n=3,hebbian", "--cues", "100", "--seed", "1", "--out", out.toString()});
    return CapacityExperiment.run(s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static RetrievalTrials.Point point(List<RetrievalTrials.Point> points, Memory m, int p) {
    return points.stream().filter(x -> x.memory() == m && x.patterns() == p).findFirst().orElseThrow();
  }

  @Test
  void powerThree_retrievesWellAboveHebbianCapacity_whereHebbianStorageFails() throws Exception {
    List<RetrievalTrials.Point> points = run(dir.resolve("a"));
    assertEquals(6, points.size());
    for (int p : new int[] {30, 50}) {
      RetrievalTrials.Point dense = point(points, Memory.POWER_3, p);
      RetrievalTrials.Point hebbian = point(points, Memory.HEBBIAN, p);
      assertTrue(dense.fraction() >= 0.95, "n=3 at p = " + p + ": " + dense);
      assertTrue(hebbian.fraction() <= 0.05, "hebbian at p = " + p + ": " + hebbian);
      assertTrue(dense.meanOverlap() > hebbian.meanOverlap() + 0.3, dense + " vs " + hebbian);
    }
    assertTrue(point(points, Memory.HEBBIAN, 5).fraction() >= 0.95, "Hebbian works at low load");
    assertTrue(point(points, Memory.POWER_3, 5).fraction() >= 0.95);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertTrue(CapacityExperiment.verdict(points, new PrintStream(log, true, StandardCharsets.UTF_8)),
        log.toString(StandardCharsets.UTF_8));

    List<String> csv = Files.readAllLines(dir.resolve("a").resolve("capacity.csv"));
    assertEquals(7, csv.size(), "header and one row per point");
    assertTrue(csv.get(0).startsWith("memory,units,patterns,load,cues,retrieved,fraction"));
    List<RetrievalTrials.Point> again = run(dir.resolve("b"));
    for (int k = 0; k < points.size(); k++) {
      assertEquals(points.get(k).retrieved(), again.get(k).retrieved());
      assertEquals(points.get(k).meanOverlap(), again.get(k).meanOverlap(), 0.0);
      assertEquals(points.get(k).sweeps(), again.get(k).sweeps());
    }
  }

  @Test
  void cues_flipExactlyTheRequestedNumberOfDistinctUnits() {
    byte[] xi = RetrievalTrials.patterns(3, 7, 100);
    byte[] cues = RetrievalTrials.cues(3, 7, 100, xi, 20, 10);
    for (int k = 0; k < 20; k++) {
      int differ = 0;
      for (int i = 0; i < 100; i++) {
        differ += cues[k * 100 + i] != xi[(k % 7) * 100 + i] ? 1 : 0;
      }
      assertEquals(10, differ, "cue " + k);
    }
  }
}
