package org.ebmsim.dynamics.sampling;

/**
 * The {@link Sampling} of a model with one layer, updated in one phase without BLAS (dense
 * associative memory, modern Hopfield network, model C, AttnBM): only what differs is left to it.
 */
public interface SingleLayerSampling extends Sampling {
  /** One phase: the only layer. */
  @Override
  default int[][] phases() {
    return new int[][] {{0}};
  }

  /** Primitive loops per chain: batch heights do not change a chain's numbers. */
  @Override
  default boolean usesBlas() {
    return false;
  }
}
