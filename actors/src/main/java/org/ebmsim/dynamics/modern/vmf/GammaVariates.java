package org.ebmsim.dynamics.modern.vmf;

import java.util.SplittableRandom;

/**
 * Gamma and symmetric Beta variates for Wood's sampler: Marsaglia &amp; Tsang's (2000) squeeze
 * method for shape a ≥ 1, and {@code Gamma(a) = Gamma(a+1)·U^{1/a}} below 1 (the sphere S¹ needs
 * a = ½). Deterministic given the generator's state.
 */
final class GammaVariates {
  private GammaVariates() {}

  /** A Gamma(shape, 1) variate, shape &gt; 0. */
  static double gamma(double shape, SplittableRandom rng) {
    if (shape < 1) {
      // U^{1/a} in log space: for a = ½ and U near 0 the power underflows only below 1e-308
      double g = gamma(shape + 1, rng);
      return g * Math.exp(Math.log(rng.nextDouble()) / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      // cheap squeeze first, then the exact log test
      if (u < 1 - 0.0331 * x * x * x * x) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** A Beta(a, a) variate as {@code G₁/(G₁ + G₂)}. */
  static double symmetricBeta(double a, SplittableRandom rng) {
    double g1 = gamma(a, rng);
    double g2 = gamma(a, rng);
    return g1 / (g1 + g2);
  }
}
