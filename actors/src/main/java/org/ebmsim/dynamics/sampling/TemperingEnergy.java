package org.ebmsim.dynamics.sampling;

import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * The energy replica exchange weighs a chain's whole state with: {@code E(x)} over every layer
 * such that the kernels at temperature T sample the joint law {@code ∝ e^{−E(x)/T}}. The swap of
 * temperatures T_a, T_b between chains in states x_a, x_b is then accepted with probability
 * {@code min(1, exp((1/T_a − 1/T_b)(E(x_a) − E(x_b))))}, which leaves the product of the
 * temperatures' laws invariant (MATH.md §8). A free energy F(v) with hidden units summed out at
 * T = 1 is not such an E at other temperatures (F_T(v) ≠ F(v)), so a family whose engine energy
 * is one (an RBM) computes the joint energy of (v, h) from the states instead.
 */
public sealed interface TemperingEnergy {
  /** The engine's per-chain energies (every layer's {@link LayerKernel#addEnergies} summed) are E(x). */
  record Reported() implements TemperingEnergy {}

  /** E(x) computed from every layer's states. */
  record FromStates(JointEnergy energy) implements TemperingEnergy {}

  /** Joint energies of a batch of chains. */
  @FunctionalInterface
  interface JointEnergy {
    /**
     * {@code out[c] = E(x_c)} for every row c of the blocks.
     *
     * @param layers one block per layer, rows = chains (read only)
     */
    void energies(List<LayerBlock> layers, double[] out);
  }
}
