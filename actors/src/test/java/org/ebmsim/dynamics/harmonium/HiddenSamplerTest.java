package org.ebmsim.dynamics.harmonium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The hidden conditional sampler against numerical integration of its density ({@link Quadrature}):
 * Kolmogorov–Smirnov distance of 20 000 seeded draws below 1.95/√n (the 0.1% critical value),
 * and the log normaliser within 1e-4.
 */
class HiddenSamplerTest {
  private static final int DRAWS = 20_000;
  private static final double KS_TOLERANCE = 1.95 / Math.sqrt(DRAWS);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(HiddenPotential.quadratic(), 0.7, 1.0),
        Arguments.of(HiddenPotential.quadratic(), -3.0, 4.0),
        Arguments.of(HiddenPotential.logCosh(1), 0.0, 1.0),
        Arguments.of(HiddenPotential.logCosh(1), 1.5, 2.0),
        Arguments.of(HiddenPotential.logCosh(0.25), -2.0, 0.5),
        Arguments.of(HiddenPotential.rectifiedPower(2), -1.0, 1.0),
        Arguments.of(HiddenPotential.rectifiedPower(3), 0.5, 1.0),
        Arguments.of(HiddenPotential.rectifiedPower(3), 2.0, 3.0),
        Arguments.of(HiddenPotential.rectifiedPower(2.5), 1.0, 2.0),
        Arguments.of(HiddenPotential.rectifiedPower(4), 0.0, 1.0));
  }

  @ParameterizedTest(name = "{0}, I = {1}, b = {2}")
  @MethodSource("cases")
  void drawsFollowTheIntegratedDensity(HiddenPotential potential, double input, double b) {
    Quadrature reference = new Quadrature(potential, input, b);
    HiddenSampler sampler = new HiddenSampler(potential);
    SplittableRandom rng = new SplittableRandom(20261201L);
    double[] h = new double[DRAWS];
    for (int k = 0; k < DRAWS; k++) {
      h[k] = sampler.draw(input, b, rng);
      assertTrue(h[k] >= potential.lowerBound(), "draw outside the domain: " + h[k]);
    }
    Arrays.sort(h);
    double d = 0;
    for (int k = 0; k < DRAWS; k++) {
      double f = reference.cdf(h[k]);
      d = Math.max(d, Math.max(Math.abs((k + 1.0) / DRAWS - f), Math.abs((double) k / DRAWS - f)));
    }
    assertTrue(d < KS_TOLERANCE, "KS distance " + d + " >= " + KS_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}, I = {1}, b = {2}")
  @MethodSource("cases")
  void logPartitionMatchesIntegration(HiddenPotential potential, double input, double b) {
    Quadrature reference = new Quadrature(potential, input, b);
    assertEquals(reference.logMass, new HiddenSampler(potential).logPartition(input, b), 1e-4);
  }

  /** The grid sampler on F = x²/2 would be a Gaussian too: its mean and variance are checked here. */
  @Test
  void rectifiedQuadraticAbovePositiveInputIsAlmostGaussian() {
    // F = x²/2 on h ≥ 0 with I = 6, b = 1: N(6, 1) truncated at 6σ, mean 6 and variance 1 to 1e-8
    HiddenSampler s = new HiddenSampler(HiddenPotential.rectifiedPower(2));
    SplittableRandom rng = new SplittableRandom(7);
    double sum = 0;
    double sq = 0;
    for (int k = 0; k < DRAWS; k++) {
      double h = s.draw(6, 1, rng);
      sum += h;
      sq += h * h;
    }
    double mean = sum / DRAWS;
    double var = sq / DRAWS - mean * mean;
    assertEquals(6, mean, 4 / Math.sqrt(DRAWS));
    assertEquals(1, var, 4 * Math.sqrt(2.0 / DRAWS));
  }

  @Test
  void potentialsOutsideTheirNormalisableRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> HiddenPotential.logCosh(0));
    assertThrows(IllegalArgumentException.class, () -> HiddenPotential.logCosh(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> HiddenPotential.rectifiedPower(1.5));
    assertThrows(IllegalArgumentException.class, () -> HiddenPotential.rectifiedPower(65));
  }
}
