package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exact sampling: the first two moments of the samples match the mixture's (from the naive
 * ordered-tuple expansion in the test helper) within 3 standard errors, estimated from the samples;
 * fixed seeds.
 */
class AttnBmSamplerTest {

  @Test
  void samples_firstTwoMoments_matchMixtureWithinThreeStandardErrors() {
    for (int beta = 1; beta <= 3; beta++) {
      AttnBmReference ref = AttnBmReference.random(3, 4, 1.5, beta, 500 + beta);
      int count = 200_000;
      double[] x = ref.model().sample(count, new SplittableRandom(77 + beta));
      double[] mean = ref.naiveMean();
      double[] second = ref.naiveSecondMoment();
      int n = ref.n;
      for (int i = 0; i < n; i++) {
        checkMoment(x, count, n, i, -1, mean[i], "β " + beta + " E[v_" + i + "]");
        for (int j = i; j < n; j++) {
          checkMoment(x, count, n, i, j, second[i * n + j], "β " + beta + " E[v_" + i + " v_" + j + "]");
        }
      }
    }
  }

  /** Sample mean of v_i (j &lt; 0) or v_i·v_j against {@code exact}, tolerance 3 × sample SE. */
  private static void checkMoment(double[] x, int count, int n, int i, int j, double exact, String what) {
    double s1 = 0;
    double s2 = 0;
    for (int r = 0; r < count; r++) {
      double y = j < 0 ? x[r * n + i] : x[r * n + i] * x[r * n + j];
      s1 += y;
      s2 += y * y;
    }
    double m = s1 / count;
    double se = Math.sqrt((s2 / count - m * m) / count);
    assertTrue(Math.abs(m - exact) < 3 * se, what + ": sample " + m + " vs exact " + exact + " (3 SE = " + 3 * se + ")");
  }

  @Test
  void samples_componentOrderIsShuffled() {
    // two far-apart components: consecutive rows must switch between them about half the time
    AttnBm model = AttnBm.of(1, 2, new double[] {-8, 8}, 1);
    double[] x = model.sample(10_000, new SplittableRandom(3));
    int switches = 0;
    for (int r = 1; r < x.length; r++) {
      switches += (x[r] > 0) != (x[r - 1] > 0) ? 1 : 0;
    }
    // Binomial(9999, 1/2): mean 4999.5, sd 50
    assertTrue(Math.abs(switches - 4999.5) < 250, "switches " + switches);
  }

  @Test
  void samples_sameSeed_identical() {
    AttnBm model = AttnBmReference.random(3, 4, 1.5, 2, 9).model();
    assertArrayEquals(model.sample(1000, new SplittableRandom(5)), model.sample(1000, new SplittableRandom(5)));
  }
}
