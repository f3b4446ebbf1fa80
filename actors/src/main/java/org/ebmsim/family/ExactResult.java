package org.ebmsim.family;

import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * What an exact enumeration found.
 *
 * @param logPartition log Z the family reports as the model's (RBMs: Z_visible)
 * @param logPartitionJoint log Z over all layers (RBMs: Z_joint; others: = logPartition)
 * @param logPartitionVisible log Z with hidden units summed out (= logPartition except RBMs' joint)
 * @param energyMoments ⟨E⟩, heat capacity and entropy, when every state was visited; else null
 * @param marginals per layer: P(unit high) for SPIN/BINARY, E[unit] for REAL/CATEGORICAL
 * @param ground ground energy, states (one block per layer, rows = states) and count; or null
 * @param units units enumerated or summed over
 */
public record ExactResult(double logPartition, double logPartitionJoint, double logPartitionVisible,
    EnergyMoments energyMoments, List<LayerMarginals> marginals, GroundStates ground, int units) {

  /** Moments of the energy under the Boltzmann law at T. */
  public record EnergyMoments(double meanEnergy, double heatCapacity, double entropy) {}

  /** Marginal means of one layer's units. */
  public record LayerMarginals(String layer, double[] values) {}

  /** The minimum energy, up to the requested number of states reaching it, and how many do. */
  public record GroundStates(double energy, List<LayerBlock> states, long count) {}

  /**
   * The result of an enumeration over every unit of a two-valued model (all layers sampled, none
   * summed out), split into {@code layout}'s layers in order: their marginals and ground states.
   */
  public static ExactResult ofSpinSummary(org.ebmsim.dynamics.SpinEnumeration.Summary s,
      org.ebmsim.dynamics.state.LayerLayout layout) {
    List<LayerMarginals> marginals = new java.util.ArrayList<>();
    List<LayerBlock> ground = new java.util.ArrayList<>();
    int offset = 0;
    for (int l = 0; l < layout.size(); l++) {
      int n = layout.layer(l).units();
      double[] m = new double[n];
      System.arraycopy(s.marginalPlus(), offset, m, 0, n);
      marginals.add(new LayerMarginals(layout.layer(l).name(), m));
      LayerBlock block = LayerBlock.ofBytes(layout.layer(l), s.groundStates().size());
      for (int k = 0; k < s.groundStates().size(); k++) {
        System.arraycopy(s.groundStates().get(k), offset, block.bytes(), k * n, n);
      }
      ground.add(block);
      offset += n;
    }
    return new ExactResult(s.logPartition(), s.logPartition(), s.logPartition(),
        new EnergyMoments(s.meanEnergy(), s.heatCapacity(), s.entropy()), marginals,
        new GroundStates(s.groundEnergy(), ground, s.groundStateCount()), s.units());
  }
}
