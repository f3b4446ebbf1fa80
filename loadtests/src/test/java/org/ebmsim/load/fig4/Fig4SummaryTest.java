package org.ebmsim.load.fig4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Averages over seeds and the verdict's threshold (a gap must exceed √(se_p² + se_r²)). */
class Fig4SummaryTest {
  private static Fig4Row row(Fig4Initialisation init, long seed, int epoch, double ll, double se) {
    return new Fig4Row(init, seed, epoch, 100, 0, ll, se, 0, 1, 0);
  }

  @Test
  void averagesSeedsWithTheStandardErrorOfTheMean() {
    Fig4Summary s = new Fig4Summary(List.of(row(Fig4Initialisation.PCA, 1, 0, -10, 3),
        row(Fig4Initialisation.PCA, 2, 0, -14, 4)));
    Fig4Summary.Cell c = s.cell(Fig4Initialisation.PCA, 0);
    assertEquals(2, c.seeds());
    assertEquals(-12, c.mean(), 1e-12);
    assertEquals(2.5, c.standardError(), 1e-12); // √(9 + 16) / 2
    assertEquals(Math.sqrt(8), c.seedSpread(), 1e-12); // sample sd of −10, −14
  }

  @Test
  void verdictNeedsTheGapAboveTheCombinedErrorAtBothEpochs() {
    // combined error √(3² + 4²) = 5 at each epoch
    List<Fig4Row> ahead = List.of(row(Fig4Initialisation.PROJECTION, 1, 0, -100, 3),
        row(Fig4Initialisation.RANDOM, 1, 0, -105.5, 4), row(Fig4Initialisation.PROJECTION, 1, 1, -90, 3),
        row(Fig4Initialisation.RANDOM, 1, 1, -95.5, 4));
    Fig4Summary yes = new Fig4Summary(ahead);
    assertTrue(yes.findingReproduced());
    assertTrue(yes.verdict().startsWith("VERDICT: REPRODUCED"), yes.verdict());

    List<Fig4Row> withinError = List.of(ahead.get(0), ahead.get(1), ahead.get(2),
        row(Fig4Initialisation.RANDOM, 1, 1, -94.5, 4));
    Fig4Summary no = new Fig4Summary(withinError);
    assertTrue(no.projectionAhead(0));
    assertFalse(no.projectionAhead(1));
    assertTrue(no.verdict().startsWith("VERDICT: NOT REPRODUCED"), no.verdict());

    Fig4Summary missing = new Fig4Summary(ahead.subList(0, 2));
    assertFalse(missing.findingReproduced());
    assertTrue(missing.verdict().contains("epoch 1 not measured"), missing.verdict());
  }

  @Test
  void settingsKeepThePaperDefaultsAndRefuseUnknownOptions() {
    Fig4Settings d = Fig4Settings.parse(new String[0]);
    assertEquals(10, d.hiddenUnits());
    assertEquals(2.0, d.beta());
    assertEquals(20, d.gibbsSteps());
    assertEquals(1e-4, d.learningRate());
    assertEquals(100, d.batchSize(Fig4Initialisation.RANDOM));
    assertEquals(1000, d.batchSize(Fig4Initialisation.PROJECTION));
    assertEquals(100, d.aisChains());
    assertThrows(IllegalArgumentException.class, () -> Fig4Settings.parse(new String[] {"--epoch", "3"}));
    assertThrows(IllegalArgumentException.class, () -> Fig4Settings.parse(new String[] {"--epochs"}));
    assertThrows(IllegalArgumentException.class, () -> Fig4Settings.parse(new String[] {"--inits", "xavier"}));
  }
}
