package org.ebmsim.client;

import org.ebmsim.proto.v1.SamplePolicy;

/** Builders of the {@link SamplePolicy} that selects chain states sent with progress events. */
public final class SamplePolicies {
  private SamplePolicies() {}

  /** No states in progress events (the final result still has them). */
  public static SamplePolicy none() {
    return SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.NONE).build();
  }

  /**
   * States of the first {@code maxChains} chains (0 = server default 8) every
   * {@code everySweeps} sweeps (≥ 1).
   */
  public static SamplePolicy every(int everySweeps, int maxChains) {
    if (everySweeps < 1) {
      throw new IllegalArgumentException("sample interval must be ≥ 1 sweep, got " + everySweeps);
    }
    return SamplePolicy.newBuilder()
        .setMode(SamplePolicy.Mode.EVERY)
        .setEverySweeps(everySweeps)
        .setMaxChains(checkMaxChains(maxChains))
        .build();
  }

  /** Only the lowest-energy state seen so far, at every report. */
  public static SamplePolicy bestOnly() {
    return SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY).build();
  }

  private static int checkMaxChains(int maxChains) {
    if (maxChains < 0 || maxChains > 1024) {
      throw new IllegalArgumentException("max chains must be 0..1024, got " + maxChains);
    }
    return maxChains;
  }
}
