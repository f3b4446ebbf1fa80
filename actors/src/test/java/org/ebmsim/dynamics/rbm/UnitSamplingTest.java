package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnitSamplingTest {
  /** The table-driven draw must make exactly the decisions of {@code nextDouble() < σ(z)} on the same stream. */
  @Test
  void bernoulliLogit_decidesExactlyLikeUniformBelowSigmoid() {
    SplittableRandom zs = new SplittableRandom(3);
    SplittableRandom a = new SplittableRandom(4);
    SplittableRandom b = new SplittableRandom(4);
    int ones = 0;
    for (int t = 0; t < 2_000_000; t++) {
      double z = t % 3 == 0 ? zs.nextDouble(-30, 30) : zs.nextGaussian() * 2;
      if (t % 1000 == 0) {
        // a z placed exactly on a bin edge: the hardest case for the table
        double u = (double) zs.nextInt(1, 1 << 16) / (1 << 16);
        z = Math.log(u / (1 - u));
      }
      boolean want = a.nextDouble() < 1.0 / (1.0 + Math.exp(-z));
      boolean got = UnitSampling.bernoulliLogit(z, b);
      assertEquals(want, got, "draw " + t + " at z = " + z);
      ones += got ? 1 : 0;
    }
    assertEquals(a.nextLong(), b.nextLong(), "streams must stay in step");
    // sanity: about half ones over symmetric z
    assertEquals(0.5, ones / 2_000_000.0, 0.01);
  }

  /** Infinite and huge fields (e.g. a large gain times a field) in every bin, including the outer ones. */
  @Test
  void bernoulliLogit_extremeFields_decideLikeUniformBelowSigmoid() {
    double[] zs = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE, 1e300,
        -1e300, 40, -40, 8.3, -8.3, 0.0, -0.0};
    for (double z : zs) {
      SplittableRandom a = new SplittableRandom(11);
      SplittableRandom b = new SplittableRandom(11);
      for (int t = 0; t < 200_000; t++) {
        boolean want = a.nextDouble() < 1.0 / (1.0 + Math.exp(-z));
        assertEquals(want, UnitSampling.bernoulliLogit(z, b), "draw " + t + " at z = " + z);
      }
    }
  }
}
