package org.ebmsim.dynamics.sampling;

/**
 * A {@link LayerKernel} of a hidden layer whose units the reported energy sums (or integrates)
 * out, as an RBM's or a harmonium's: it adds no energy term (the visible layer reports the free
 * energy), its changes are not counted in flip rates, and its units cannot be clamped.
 */
public interface SummedOutLayerKernel extends LayerKernel {
  /** Nothing: the chain's energy is the visible free energy, this layer summed out. */
  @Override
  default void addEnergies(int from, int to, double[] out) {}

  /** 0: hidden changes are not counted in flip rates. */
  @Override
  default int freeUnits() {
    return 0;
  }

  @Override
  default void clamp(int unit, double value) {
    throw new IllegalArgumentException("hidden units cannot be clamped: the energy sums them out");
  }

  @Override
  default void release(int unit) {
    throw new IllegalArgumentException("hidden units cannot be clamped: the energy sums them out");
  }
}
