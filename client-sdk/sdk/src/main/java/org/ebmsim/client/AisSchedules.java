package org.ebmsim.client;

import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.ExplicitBetas;

/**
 * Builders of the inverse-temperature paths {@link AisSchedule} of annealed importance
 * sampling, from β₀ = 0 (the base distribution) to β_K = 1 (the model). Checked here with the
 * server's rules so that mistakes fail before a round trip.
 */
public final class AisSchedules {
  /** Most temperatures the server's default limit allows ({@code ebmsim.limits.max-schedule-steps}). */
  public static final int MAX_STEPS = 1_000_000;

  private AisSchedules() {}

  /** {@code steps} temperatures equally spaced in β from 0 to 1 (1 ≤ steps ≤ 10⁶). */
  public static AisSchedule uniform(int steps) {
    checkSteps("uniform", steps, 1);
    return AisSchedule.newBuilder().setUniformSteps(steps).build();
  }

  /**
   * The three-segment path of Salakhutdinov &amp; Murray (500 / 4000 / 10000 temperatures on
   * [0, 0.5], [0.5, 0.9], [0.9, 1]) scaled to {@code steps} temperatures (3 ≤ steps ≤ 10⁶).
   */
  public static AisSchedule threeSegment(int steps) {
    checkSteps("three-segment", steps, 3);
    return AisSchedule.newBuilder().setThreeSegmentSteps(steps).build();
  }

  /** The original three-segment path of 14 500 temperatures. */
  public static AisSchedule threeSegment() {
    return AisSchedule.newBuilder().setThreeSegmentSteps(0).build();
  }

  /**
   * The given inverse temperatures: at least two, finite, non-decreasing, from exactly 0 to
   * exactly 1.
   */
  public static AisSchedule explicit(double... betas) {
    if (betas.length < 2) {
      throw new IllegalArgumentException(
          "an explicit AIS schedule needs at least 2 inverse temperatures, from 0 to 1 (got " + betas.length + ")");
    }
    if (betas.length > MAX_STEPS + 1) {
      throw new IllegalArgumentException(
          "an explicit AIS schedule has at most " + (MAX_STEPS + 1) + " entries, got " + betas.length);
    }
    ExplicitBetas.Builder b = ExplicitBetas.newBuilder();
    for (int k = 0; k < betas.length; k++) {
      double beta = betas[k];
      if (!Double.isFinite(beta)) {
        throw new IllegalArgumentException("β_" + k + " must be finite, got " + beta);
      }
      if (k > 0 && beta < betas[k - 1]) {
        throw new IllegalArgumentException("inverse temperatures must not decrease; β_" + k + " = " + beta
            + " < β_" + (k - 1) + " = " + betas[k - 1]);
      }
      b.addBetas(beta);
    }
    if (betas[0] != 0 || betas[betas.length - 1] != 1) {
      throw new IllegalArgumentException("an AIS schedule runs from β = 0 to β = 1; got " + betas[0] + " to "
          + betas[betas.length - 1]);
    }
    return AisSchedule.newBuilder().setExplicit(b).build();
  }

  private static void checkSteps(String kind, int steps, int min) {
    if (steps < min || steps > MAX_STEPS) {
      throw new IllegalArgumentException(
          "a " + kind + " AIS schedule needs " + min + " to " + MAX_STEPS + " temperatures, got " + steps);
    }
  }
}
