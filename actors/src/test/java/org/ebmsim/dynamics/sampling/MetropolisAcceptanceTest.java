package org.ebmsim.dynamics.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table-driven Metropolis test must make exactly the decisions of {@code nextDouble() < exp(−x)}. */
class MetropolisAcceptanceTest {
  @Test
  void acceptUphill_decidesExactlyLikeUniformBelowExp_onTheSameStream() {
    SplittableRandom xs = new SplittableRandom(5);
    SplittableRandom a = new SplittableRandom(6);
    SplittableRandom b = new SplittableRandom(6);
    int accepted = 0;
    int n = 2_000_000;
    for (int t = 0; t < n; t++) {
      double x = t % 2 == 0 ? xs.nextDouble(0, 12) : Math.abs(xs.nextGaussian());
      if (t % 1000 == 0) {
        // an x placed exactly on a bin edge −ln(k/2^16): the hardest case for the table
        x = -Math.log((double) xs.nextInt(1, 1 << 16) / (1 << 16));
      }
      boolean want = a.nextDouble() < Math.exp(-x);
      boolean got = MetropolisAcceptance.acceptUphill(x, b);
      assertEquals(want, got, "test " + t + " at x = " + x);
      accepted += got ? 1 : 0;
    }
    assertEquals(a.nextLong(), b.nextLong(), "streams must stay in step");
    // E[e^{-x}] over the mix: (1 − e^{−12})/12 / 2 + e^{1/2}·erfc(1/√2)... checked loosely: well inside (0.2, 0.5)
    double rate = accepted / (double) n;
    assertEquals(0.35, rate, 0.15, "acceptance rate " + rate);
  }

  /** Every bin: x at both of its edges and one ulp either side, against u at the bin's two ends. */
  @Test
  void acceptUphill_atEveryBinEdge_decidesLikeTheFormula() {
    for (int k = 0; k < 4096; k++) {
      long lowest = (long) k << 52;
      long highest = lowest | ((1L << 52) - 1);
      for (int edge = Math.max(k, 1); edge <= k + 1; edge++) {
        double e = -Math.log(edge / 4096.0);
        for (double x : new double[] {e, Math.nextUp(e), Math.nextDown(e), e + 1e-12, Math.max(0, e - 1e-12)}) {
          for (long bits : new long[] {lowest, highest, lowest | (1L << 11), highest & ~((1L << 11) - 1)}) {
            boolean want = (bits >>> 11) * 0x1.0p-53 < Math.exp(-x);
            assertEquals(want, MetropolisAcceptance.acceptUphill(x, bits), "bin " + k + " x = " + x + " bits " + bits);
          }
        }
      }
    }
  }

  @Test
  void acceptUphill_extremeEnergies_decideLikeTheFormula() {
    double[] xs = {Double.POSITIVE_INFINITY, Double.MAX_VALUE, 1e300, 745.2, 40, 8.3177, 1e-300, Double.MIN_VALUE,
        Double.NaN};
    for (double x : xs) {
      SplittableRandom a = new SplittableRandom(11);
      SplittableRandom b = new SplittableRandom(11);
      for (int t = 0; t < 100_000; t++) {
        boolean want = a.nextDouble() < Math.exp(-x);
        assertEquals(want, MetropolisAcceptance.acceptUphill(x, b), "test " + t + " at x = " + x);
      }
    }
  }
}
