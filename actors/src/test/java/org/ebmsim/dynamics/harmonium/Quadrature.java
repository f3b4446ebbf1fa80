package org.ebmsim.dynamics.harmonium;

/**
 * Test ground truth independent of {@link HiddenSampler}'s grid: the hidden density
 * {@code e^{−b g(h; I)}} integrated by the trapezoid rule on a fixed fine grid over a fixed wide
 * interval ([max(lower, I − 60), I + 60], 600 000 cells, step 2e-4), relative to its largest value.
 */
final class Quadrature {
  static final double HALF_WIDTH = 60;
  static final int CELLS = 600_000;

  final int cells;
  final double left;
  final double step;
  final double[] cdf; // cumulative mass at each grid point, normalised to 1 at the right end
  final double logMass; // log ∫ e^{−b g} dh

  Quadrature(HiddenPotential potential, double input, double b) {
    this(potential, input, b, CELLS);
  }

  /** With {@code cells} cells instead of {@value #CELLS} (coarser, for many inputs). */
  Quadrature(HiddenPotential potential, double input, double b, int cells) {
    left = Math.max(potential.lowerBound(), input - HALF_WIDTH);
    double right = input + HALF_WIDTH;
    step = (right - left) / cells;
    this.cells = cells;
    double[] logD = new double[cells + 1];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= cells; k++) {
      logD[k] = -b * potential.exponent(left + k * step, input);
      max = Math.max(max, logD[k]);
    }
    cdf = new double[cells + 1];
    for (int k = 0; k < cells; k++) {
      cdf[k + 1] = cdf[k] + 0.5 * step * (Math.exp(logD[k] - max) + Math.exp(logD[k + 1] - max));
    }
    double total = cdf[cells];
    for (int k = 0; k <= cells; k++) {
      cdf[k] /= total;
    }
    logMass = max + Math.log(total);
  }

  /** The reference CDF at h (linear between grid points). */
  double cdf(double h) {
    double t = (h - left) / step;
    if (t <= 0) {
      return 0;
    }
    if (t >= cells) {
      return 1;
    }
    int k = (int) t;
    double f = t - k;
    return cdf[k] * (1 - f) + cdf[k + 1] * f;
  }
}
