package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.GoodnessOfFit;

/** Pearson chi-square goodness of fit with its p-value (test support; no external libraries). */
public final class ChiSquare {
  private ChiSquare() {}

  /** Result: statistic, degrees of freedom, upper-tail p-value. */
  public record Result(double statistic, int degreesOfFreedom, double pValue) {
    @Override
    public String toString() {
      return String.format("chi2=%.2f df=%d p=%.3g", statistic, degreesOfFreedom, pValue);
    }
  }

  /**
   * Tests observed counts against probabilities; bins with expected count below 5 are pooled into
   * one bin (kept only if that pool itself expects at least 5).
   */
  public static Result test(long[] observed, double[] probabilities) {
    long total = 0;
    for (long o : observed) {
      total += o;
    }
    double stat = 0;
    int bins = 0;
    double poolExpected = 0;
    long poolObserved = 0;
    for (int k = 0; k < observed.length; k++) {
      double e = probabilities[k] * total;
      if (e < 5) {
        poolExpected += e;
        poolObserved += observed[k];
        continue;
      }
      stat += (observed[k] - e) * (observed[k] - e) / e;
      bins++;
    }
    if (poolExpected >= 5) {
      stat += (poolObserved - poolExpected) * (poolObserved - poolExpected) / poolExpected;
      bins++;
    }
    int df = Math.max(1, bins - 1);
    return new Result(stat, df, upperTail(stat, df));
  }

  /** {@code P(χ²_df > x)}; the incomplete gamma lives in {@link GoodnessOfFit}. */
  public static double upperTail(double x, int df) {
    return GoodnessOfFit.chiSquareUpperTail(x, df);
  }

  /** Fisher's method: combined p-value of independent p-values. */
  public static double fisher(double... pValues) {
    return GoodnessOfFit.fisherCombined(pValues);
  }
}
