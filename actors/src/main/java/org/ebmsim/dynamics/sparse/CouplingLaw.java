package org.ebmsim.dynamics.sparse;

import java.util.SplittableRandom;

/** The values a generator puts on the edges of its graph. */
public enum CouplingLaw {
  /** ±1 with probability ½ each (the ±J spin glass). */
  PLUS_MINUS_ONE,
  /** Standard normal. */
  GAUSSIAN,
  /** +1 everywhere. */
  FERROMAGNETIC;

  /** One value drawn from {@code rng} (nothing drawn for the ferromagnet). */
  public double draw(SplittableRandom rng) {
    return switch (this) {
      case PLUS_MINUS_ONE -> rng.nextBoolean() ? 1 : -1;
      case GAUSSIAN -> gaussian(rng);
      case FERROMAGNETIC -> 1;
    };
  }

  /** A standard normal by Box–Muller (one of the pair; the other is discarded for simplicity). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble(); // (0, 1]
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
