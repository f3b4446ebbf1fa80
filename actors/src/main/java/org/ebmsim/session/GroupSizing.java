package org.ebmsim.session;

/**
 * How sessions split chains over groups, from configuration only (never from the machine's core
 * count, so a seeded session gives the same result everywhere).
 *
 * @param singleSiteChainsPerGroup chains per group for models whose batches split bitwise freely
 * @param maxGroups most groups per session for those models
 * @param blasChainsPerGroup chains per group for models sampled through BLAS (fixed: native BLAS
 *     rounds differently for different batch heights)
 * @param aisChainsPerGroup chains per AIS group (fixed, for the same reason)
 */
public record GroupSizing(int singleSiteChainsPerGroup, int maxGroups, int blasChainsPerGroup,
    int aisChainsPerGroup) {
  public GroupSizing {
    if (singleSiteChainsPerGroup < 1 || maxGroups < 1 || blasChainsPerGroup < 1 || aisChainsPerGroup < 1) {
      throw new IllegalArgumentException("group sizes must be >= 1");
    }
  }

  /**
   * Chains per group for single-site models under {@code sampler}: the configured number, rounded
   * up to a multiple of 64 for {@link org.ebmsim.dynamics.sampling.SamplerKind#METROPOLIS_MULTISPIN},
   * whose kernel packs 64 chains per word and sweeps whole words (a group of 16 would pay for 64);
   * its results do not depend on the grouping either.
   */
  public int singleSiteChainsPerGroup(org.ebmsim.dynamics.sampling.SamplerKind sampler) {
    if (sampler == org.ebmsim.dynamics.sampling.SamplerKind.METROPOLIS_MULTISPIN) {
      return (int) Math.min(Integer.MAX_VALUE - 63, ((singleSiteChainsPerGroup + 63L) / 64) * 64);
    }
    return singleSiteChainsPerGroup;
  }

  /** Sizes of consecutive groups holding {@code chains}: {@code perGroup} each (the last smaller), at most {@code max} groups. */
  public static int[] split(int chains, int perGroup, int max) {
    int groups = (int) Math.min(max, ((long) chains + perGroup - 1) / perGroup);
    groups = Math.max(1, groups);
    int[] sizes = new int[groups];
    if (groups == max && (long) perGroup * max < chains) {
      for (int g = 0; g < groups; g++) { // more chains than max × perGroup: spread evenly
        sizes[g] = chains / groups + (g < chains % groups ? 1 : 0);
      }
      return sizes;
    }
    int left = chains;
    for (int g = 0; g < groups; g++) {
      sizes[g] = Math.min(perGroup, left);
      left -= sizes[g];
    }
    return sizes;
  }
}
