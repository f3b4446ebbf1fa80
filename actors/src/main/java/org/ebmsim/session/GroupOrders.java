package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.TemperaturePlan;

/**
 * What every sampling group is told with an advance: the temperature of each sweep (steering
 * included), clamps to apply before the first sweep of the round, and which chains (global) to
 * send states of.
 */
public record GroupOrders(TemperaturePlan temperatures, List<ClampChange> clamps, int[] sampleChains) {
  public GroupOrders {
    clamps = List.copyOf(clamps);
  }
}
