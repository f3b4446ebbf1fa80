package org.ebmsim.dynamics;

/**
 * Chi-square goodness of fit of sampled state counts to exact probabilities, the chi-square
 * distribution's tail (regularized incomplete gamma), and Fisher's combination of p-values.
 */
public final class GoodnessOfFit {
  private GoodnessOfFit() {}

  /** A chi-square test: statistic, degrees of freedom, upper-tail p-value, bins used. */
  public record ChiSquare(double statistic, int degreesOfFreedom, double pValue, int bins) {}

  /**
   * Pearson's chi-square of {@code counts} against {@code probabilities}; bins whose expected
   * count is below {@code minExpected} are pooled into one bin (merged into the smallest other
   * bin if the pool itself stays below it).
   */
  public static ChiSquare chiSquare(long[] counts, double[] probabilities, double minExpected) {
    if (counts.length != probabilities.length) {
      throw new IllegalArgumentException("counts and probabilities differ in length: " + counts.length + " vs "
          + probabilities.length);
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    int k = counts.length;
    double[] expected = new double[k + 1];
    long[] observed = new long[k + 1];
    int bins = 0;
    double pooledExpected = 0;
    long pooledObserved = 0;
    for (int s = 0; s < k; s++) {
      double e = total * probabilities[s];
      if (e < minExpected) {
        pooledExpected += e;
        pooledObserved += counts[s];
      } else {
        expected[bins] = e;
        observed[bins] = counts[s];
        bins++;
      }
    }
    if (pooledExpected > 0 || pooledObserved > 0) {
      if (pooledExpected >= minExpected || bins == 0) {
        expected[bins] = pooledExpected;
        observed[bins] = pooledObserved;
        bins++;
      } else {
        int smallest = 0;
        for (int b = 1; b < bins; b++) {
          if (expected[b] < expected[smallest]) {
            smallest = b;
          }
        }
        expected[smallest] += pooledExpected;
        observed[smallest] += pooledObserved;
      }
    }
    if (bins < 2) {
      throw new IllegalArgumentException("chi-square needs at least 2 bins after pooling (got " + bins + ")");
    }
    double stat = 0;
    for (int b = 0; b < bins; b++) {
      double d = observed[b] - expected[b];
      stat += d * d / expected[b];
    }
    int dof = bins - 1;
    return new ChiSquare(stat, dof, chiSquareUpperTail(stat, dof), bins);
  }

  /** {@code P(X ≥ x)} for X ~ χ²(dof). */
  public static double chiSquareUpperTail(double x, int dof) {
    return regularizedGammaQ(0.5 * dof, 0.5 * x);
  }

  /** Fisher's method: {@code -2 Σ ln p_i ~ χ²(2k)} under the null; returns the combined p-value. */
  public static double fisherCombined(double... pValues) {
    double stat = 0;
    for (double p : pValues) {
      stat -= 2 * Math.log(Math.max(p, Double.MIN_NORMAL));
    }
    return chiSquareUpperTail(stat, 2 * pValues.length);
  }

  /** Upper regularized incomplete gamma {@code Q(a, x) = Γ(a, x)/Γ(a)}. */
  static double regularizedGammaQ(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException("need a > 0 and x >= 0 (got a = " + a + ", x = " + x + ")");
    }
    if (x == 0) {
      return 1;
    }
    if (x < a + 1) {
      return 1 - lowerSeries(a, x);
    }
    return upperContinuedFraction(a, x);
  }

  /** P(a, x) by its power series (converges fast for x < a + 1). */
  private static double lowerSeries(double a, double x) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /** Q(a, x) by Lentz's continued fraction (converges fast for x ≥ a + 1). */
  private static double upperContinuedFraction(double a, double x) {
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
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) { // reflection
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
