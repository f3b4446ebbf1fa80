package org.ebmsim.dynamics.harmonium;

import java.util.SplittableRandom;

/**
 * Draws one hidden unit from {@code p(h | I) ∝ exp(−b g(h; I))} (b = β/T) and computes its log
 * normaliser. F = x²/2 is drawn exactly, {@code N(I, 1/b)}. Any other F by inverse CDF on an
 * adaptive grid: on each side of the mode m (= I clipped to the domain, see {@link HiddenPotential})
 * the bracket ends where {@code b(g − g(m))} first reaches {@value #CUT} (found to within a factor
 * 1.25 by doubling, halving and bisection from the curvature scale {@code 1/√(b f'(m))}), or where
 * the domain ends; the density left outside is below e^{−40} of the peak's. The bracket is cut into
 * {@value #CELLS} cells whose masses come from Simpson's rule (cell midpoints included, so the CDF
 * at the grid points is accurate to O(Δ⁴)); a uniform picks a cell by mass and a point inside it
 * by the closed-form inverse CDF of the log-linear interpolation of the density across the cell.
 * HiddenSamplerTest measures the draws (Kolmogorov–Smirnov) and the log normaliser against
 * numerical integration on a fixed fine grid. Cost: 2·{@value #CELLS} + ~30 evaluations of g per
 * draw.
 * integration). Mutable scratch: one instance per kernel (per thread).
 */
public final class HiddenSampler {
  /** Log-density drop that ends the bracket on each side. */
  static final double CUT = 40;
  /** Cells of the grid. */
  static final int CELLS = 256;
  private static final int MAX_DOUBLINGS = 200;

  private final HiddenPotential potential;
  private final double[] x = new double[CELLS + 1];
  private final double[] logDensity = new double[CELLS + 1];
  private final double[] cumulative = new double[CELLS + 1];

  public HiddenSampler(HiddenPotential potential) {
    this.potential = potential;
  }

  public HiddenPotential potential() {
    return potential;
  }

  /** One draw of h given input I at inverse temperature b &gt; 0. */
  public double draw(double input, double b, SplittableRandom rng) {
    if (potential.kind() == HiddenPotential.Kind.QUADRATIC) {
      return input + rng.nextGaussian() / Math.sqrt(b);
    }
    double total = buildGrid(input, b);
    double u = rng.nextDouble() * total;
    int lo = 0;
    int hi = CELLS; // cumulative[lo] <= u < cumulative[hi]
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= u) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double width = x[lo + 1] - x[lo];
    double cell = cumulative[lo + 1] - cumulative[lo];
    double q = cell > 0 ? Math.min(Math.max((u - cumulative[lo]) / cell, 0), 1) : 0.5;
    double d = logDensity[lo + 1] - logDensity[lo];
    // inside the cell the log density is taken as linear: e^{d t/w} = 1 + q (e^d − 1)
    double t = Math.abs(d) < 1e-9 ? q * width : width * Math.log1p(q * Math.expm1(d)) / d;
    if (!(t >= 0)) {
      t = 0;
    } else if (t > width) {
      t = width;
    }
    return x[lo] + t;
  }

  /** {@code log ∫ exp(−b g(h; I)) dh} over the domain. */
  public double logPartition(double input, double b) {
    if (potential.kind() == HiddenPotential.Kind.QUADRATIC) {
      return 0.5 * b * input * input + 0.5 * Math.log(2 * Math.PI / b);
    }
    double total = buildGrid(input, b);
    return -b * potential.exponent(potential.mode(input), input) + Math.log(total);
  }

  /**
   * The distance s from the mode m, in direction {@code dir}, where {@code b(g − g(m))} first
   * reaches {@link #CUT}, to within a factor 1.25 from above (doubling or halving from
   * {@code scale}, then bisection), or {@code limit} if the domain ends first.
   */
  private double reach(double input, double b, double m, double g0, double scale, int dir, double limit) {
    double lo = 0;
    double hi = Math.min(scale, limit);
    for (int k = 0; k < MAX_DOUBLINGS && hi < limit && b * (potential.exponent(m + dir * hi, input) - g0) < CUT; k++) {
      lo = hi;
      hi = Math.min(2 * hi, limit);
    }
    if (hi >= limit && b * (potential.exponent(m + dir * hi, input) - g0) < CUT) {
      return limit;
    }
    for (int k = 0; k < MAX_DOUBLINGS && lo == 0 && b * (potential.exponent(m + dir * hi / 2, input) - g0) >= CUT;
        k++) {
      hi /= 2;
    }
    for (int k = 0; k < 8 && hi > 1.25 * lo; k++) {
      double mid = lo == 0 ? hi / 2 : Math.sqrt(lo * hi);
      if (b * (potential.exponent(m + dir * mid, input) - g0) < CUT) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /**
   * Fills the grid for (I, b): points x, log density relative to the mode's, and cumulative cell
   * masses; returns the total mass (in units of the mode's density).
   */
  private double buildGrid(double input, double b) {
    if (!(b > 0) || !Double.isFinite(input)) {
      throw new IllegalArgumentException("need b > 0 and a finite input (got b = " + b + ", I = " + input + ")");
    }
    double m = potential.mode(input);
    double g0 = potential.exponent(m, input);
    double slope = potential.slope(m);
    double curvature = Math.min(Math.max(Double.isNaN(slope) ? 1 : slope, 1e-12), 1e12);
    double scale = 1 / Math.sqrt(b * curvature);
    double right = m + reach(input, b, m, g0, scale, +1, Double.POSITIVE_INFINITY);
    double lower = potential.lowerBound();
    double left = m <= lower ? lower : m - reach(input, b, m, g0, scale, -1, m - lower);
    double width = (right - left) / CELLS;
    for (int k = 0; k <= CELLS; k++) {
      x[k] = k == CELLS ? right : left + k * width;
      logDensity[k] = -b * (potential.exponent(x[k], input) - g0);
    }
    cumulative[0] = 0;
    for (int k = 0; k < CELLS; k++) {
      double mid = -b * (potential.exponent(left + (k + 0.5) * width, input) - g0);
      // Simpson's rule: the cell masses (and so the CDF at the grid points) to O(Δ⁵)
      double mass = width / 6 * (Math.exp(logDensity[k]) + 4 * Math.exp(mid) + Math.exp(logDensity[k + 1]));
      cumulative[k + 1] = cumulative[k] + mass;
    }
    return cumulative[CELLS];
  }
}
