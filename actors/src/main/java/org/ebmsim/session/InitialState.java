package org.ebmsim.session;

import org.ebmsim.dynamics.state.LayerBlock;

/** How a group's chains start, as plain data: random, given per layer, or from a completion cue. */
public sealed interface InitialState {
  /** Random states from each chain's own stream. */
  record Random() implements InitialState {}

  /**
   * Given states: one entry per layer, null for layers that start random; a block has 1 row
   * (every chain) or one row per chain from global chain {@code firstChain} on (the whole session
   * from 0, or one group's chains: {@link #forChains}).
   */
  record Given(LayerBlock[] layers, long firstChain) implements InitialState {
    /** Every chain of the session, from chain 0. */
    public Given(LayerBlock[] layers) {
      this(layers, 0);
    }

    /**
     * The rows of chains {@code [first, first + count)} only: what one group needs. A group's spec
     * travels with every order to the node that runs it, so it must not carry the whole session's
     * states (a session of 1 000 chains of 784 units would be megabytes per order, far above the
     * cluster transport's frame). Blocks of 1 row (every chain) are kept as they are.
     */
    public Given forChains(long first, int count) {
      LayerBlock[] sliced = new LayerBlock[layers.length];
      boolean changed = false;
      for (int l = 0; l < layers.length; l++) {
        LayerBlock b = layers[l];
        if (b == null || b.rows() == 1) {
          sliced[l] = b;
        } else {
          sliced[l] = b.copyRange((int) (first - firstChain), count);
          changed = true;
        }
      }
      return changed ? new Given(sliced, first) : this;
    }
  }

  /** Random states with the known units of the visible layer set to the cue (1 row). */
  record Cue(LayerBlock cue, boolean[] known) implements InitialState {}
}
