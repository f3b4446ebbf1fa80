package org.ebmsim.dynamics.rbm;

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

  /** {@code P(χ²_df > x)} = regularized upper incomplete gamma Q(df/2, x/2). */
  public static double upperTail(double x, int df) {
    return regularizedGammaQ(0.5 * df, 0.5 * x);
  }

  /** Fisher's method: combined p-value of independent p-values. */
  public static double fisher(double... pValues) {
    double s = 0;
    for (double p : pValues) {
      s += -2 * Math.log(Math.max(p, 1e-300));
    }
    return upperTail(s, 2 * pValues.length);
  }

  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    double logPrefix = a * Math.log(x) - x - logGamma(a);
    if (x < a + 1) { // series for P
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-15) {
          break;
        }
      }
      return Math.max(0, 1 - sum * Math.exp(logPrefix));
    }
    // continued fraction for Q (modified Lentz)
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** Lanczos approximation (g = 7, n = 9). */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
