package org.ebmsim.dynamics.ais;

import java.util.Arrays;

/**
 * An annealing schedule {@code 0 = β_0 ≤ β_1 ≤ … ≤ β_K = 1} (K steps, K+1 inverse temperatures).
 * Immutable.
 */
public final class AisSchedule {
  /** Segment boundaries and step counts of Salakhutdinov &amp; Murray (2008) for MNIST RBMs. */
  private static final double[] SEGMENT_ENDS = {0.5, 0.9, 1.0};
  private static final int[] SEGMENT_STEPS = {500, 4000, 10000};
  /** Total steps of the original three-segment schedule. */
  public static final int THREE_SEGMENT_STEPS = 14_500;

  private final double[] betas;

  private AisSchedule(double[] betas) {
    this.betas = betas;
  }

  /** K equal steps: {@code β_k = k/K}. */
  public static AisSchedule uniform(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1 (got " + steps + ")");
    }
    double[] b = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      b[k] = (double) k / steps;
    }
    b[steps] = 1;
    return new AisSchedule(b);
  }

  /**
   * The three-segment schedule of Salakhutdinov &amp; Murray (2008): 500 uniform steps on [0, 0.5],
   * 4000 on [0.5, 0.9] and 10000 on [0.9, 1.0], scaled proportionally to {@code steps} in total
   * (each segment gets at least one step; rounding goes to the last segment).
   */
  public static AisSchedule threeSegment(int steps) {
    if (steps < 3) {
      throw new IllegalArgumentException("steps must be >= 3 for the three-segment schedule (got " + steps + ")");
    }
    int[] counts = new int[3];
    int used = 0;
    for (int s = 0; s < 2; s++) {
      counts[s] = Math.max(1, (int) Math.round((double) steps * SEGMENT_STEPS[s] / THREE_SEGMENT_STEPS));
      used += counts[s];
    }
    counts[2] = steps - used;
    if (counts[2] < 1) {
      throw new IllegalArgumentException("steps too small for the three-segment schedule (got " + steps + ")");
    }
    double[] b = new double[steps + 1];
    int k = 0;
    double start = 0;
    for (int s = 0; s < 3; s++) {
      double end = SEGMENT_ENDS[s];
      for (int q = 1; q <= counts[s]; q++) {
        b[++k] = start + (end - start) * q / counts[s];
      }
      start = end;
    }
    b[steps] = 1;
    return new AisSchedule(b);
  }

  /**
   * An explicit list.
   *
   * @throws IllegalArgumentException unless the list has ≥ 2 entries, all finite, starts at 0, ends
   *     at 1 and never decreases
   */
  public static AisSchedule of(double[] betas) {
    if (betas == null || betas.length < 2) {
      throw new IllegalArgumentException("betas must have at least 2 entries (got "
          + (betas == null ? "null" : betas.length) + ")");
    }
    for (int k = 0; k < betas.length; k++) {
      if (!Double.isFinite(betas[k])) {
        throw new IllegalArgumentException("betas[" + k + "] must be finite (got " + betas[k] + ")");
      }
      if (k > 0 && betas[k] < betas[k - 1]) {
        throw new IllegalArgumentException("betas must be non-decreasing (betas[" + k + "] = " + betas[k]
            + " < betas[" + (k - 1) + "] = " + betas[k - 1] + ")");
      }
    }
    if (betas[0] != 0) {
      throw new IllegalArgumentException("betas must start at 0 (got betas[0] = " + betas[0] + ")");
    }
    if (betas[betas.length - 1] != 1) {
      throw new IllegalArgumentException("betas must end at 1 (got betas[" + (betas.length - 1) + "] = "
          + betas[betas.length - 1] + ")");
    }
    return new AisSchedule(betas.clone());
  }

  /** K, the number of steps (transitions). */
  public int steps() {
    return betas.length - 1;
  }

  /** β_k. */
  public double beta(int k) {
    return betas[k];
  }

  /** A copy of β_0 … β_K. */
  public double[] betas() {
    return betas.clone();
  }

  /** β_K … β_0 (for reverse AIS; not itself a valid schedule). */
  double[] reversedBetas() {
    double[] r = new double[betas.length];
    for (int k = 0; k < betas.length; k++) {
      r[k] = betas[betas.length - 1 - k];
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AisSchedule s && Arrays.equals(s.betas, betas);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(betas);
  }
}
