package org.ebmsim.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics the sampler tests rest on, against closed forms and tabulated quantiles. */
class GoodnessOfFitTest {
  @Test
  void chiSquareUpperTail_twoDegrees_isExponential() {
    for (double x : new double[] {0.1, 1, 5, 30}) {
      assertEquals(Math.exp(-x / 2), GoodnessOfFit.chiSquareUpperTail(x, 2), 1e-13, "x = " + x);
    }
  }

  @Test
  void chiSquareUpperTail_tabulatedFivePercentQuantiles_giveFivePercent() {
    // Standard table: χ²_{0.95}(k) for k = 1, 10, 100, 1000.
    int[] dof = {1, 10, 100, 1000};
    double[] quantile = {3.841459, 18.307038, 124.342113, 1074.679449};
    for (int k = 0; k < dof.length; k++) {
      assertEquals(0.05, GoodnessOfFit.chiSquareUpperTail(quantile[k], dof[k]), 1e-6, "dof = " + dof[k]);
    }
  }

  @Test
  void logGamma_integers_matchFactorials() {
    assertEquals(Math.log(24), GoodnessOfFit.logGamma(5), 1e-13);
    assertEquals(Math.log(3628800), GoodnessOfFit.logGamma(11), 1e-12);
    assertEquals(0.5 * Math.log(Math.PI), GoodnessOfFit.logGamma(0.5), 1e-13);
  }

  @Test
  void fisherCombined_singlePValue_returnsIt_andManySmallOnesReject() {
    assertEquals(0.3, GoodnessOfFit.fisherCombined(new double[] {0.3}), 1e-12);
    double combined = GoodnessOfFit.fisherCombined(new double[] {0.01, 0.02, 0.01, 0.03, 0.02});
    assertTrue(combined < 1e-4, "combined p of five small p-values: " + combined);
  }

  @Test
  void chiSquare_exactExpectedCounts_giveZeroStatistic_andPoolRareBins() {
    double[] p = {0.5, 0.3, 0.19, 0.005, 0.005};
    long[] counts = {500, 300, 190, 5, 5};
    GoodnessOfFit.ChiSquare exact = GoodnessOfFit.chiSquare(counts, p, 5);
    assertEquals(0, exact.statistic(), 1e-12);
    assertEquals(5, exact.bins(), "bins with expected count 5 stay separate at minExpected 5");
    GoodnessOfFit.ChiSquare pooled = GoodnessOfFit.chiSquare(counts, p, 6);
    assertEquals(4, pooled.bins(), "two bins with expected 5 < 6 pool into one with expected 10");
    assertEquals(3, pooled.degreesOfFreedom());
  }
}
