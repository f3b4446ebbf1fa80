package org.ebmsim.session;

import org.ebmsim.dynamics.state.LayerBlock;

/** How a group's chains start, as plain data: random, given per layer, or from a completion cue. */
public sealed interface InitialState {
  /** Random states from each chain's own stream. */
  record Random() implements InitialState {}

  /**
   * Given states: one entry per layer, null for layers that start random; a block has 1 row
   * (every chain) or one row per chain of the session (global index).
   */
  record Given(LayerBlock[] layers) implements InitialState {}

  /** Random states with the known units of the visible layer set to the cue (1 row). */
  record Cue(LayerBlock cue, boolean[] known) implements InitialState {}
}
