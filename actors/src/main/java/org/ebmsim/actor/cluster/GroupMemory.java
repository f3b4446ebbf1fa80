package org.ebmsim.actor.cluster;

import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.SamplingCoordinator;

/**
 * The heap a chain group holds on the node that hosts it, estimated from its spec before it
 * allocates anything, with the per-chain figures the session admission uses for the same chains
 * (states, fields, trackers; AIS chains: states and scratch of both layers).
 */
final class GroupMemory {
  private GroupMemory() {}

  /** Bytes of {@code spec}'s chains of {@code model}, plus a fixed 64 KiB for the group's actors and messages. */
  static long estimate(GroupSpec spec, EnergyModel model) {
    int units = model.sampling().layout().totalUnits();
    long perChain = spec instanceof GroupSpec.Ais
        ? 32L * units + 64
        : units * SamplingCoordinator.BYTES_PER_CHAIN_UNIT + 64 + model.sampling().extraBytesPerChain();
    return chains(spec) * perChain + (64L << 10);
  }

  static long chains(GroupSpec spec) {
    return spec instanceof GroupSpec.Sampling s ? s.chains() : ((GroupSpec.Ais) spec).chains();
  }
}
