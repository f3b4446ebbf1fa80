package org.ebmsim.dynamics.sampling;

/**
 * A {@link LayerKernel} of a model with one layer (dense associative memory, modern Hopfield
 * network, model C): it exchanges no fields with neighbours, so the field methods are fixed here
 * and the engine calling them is a bug.
 */
public interface SingleLayerKernel extends LayerKernel {
  @Override
  default int[] targets() {
    return new int[0];
  }

  @Override
  default void receive(int source, FieldBlock field) {
    throw new IllegalStateException("a model with one layer receives no fields");
  }

  @Override
  default void fieldOn(int target, int from, int to, FieldBlock out) {
    throw new IllegalStateException("a model with one layer sends no fields");
  }

  @Override
  default FieldBlock newField(int target) {
    throw new IllegalStateException("a model with one layer sends no fields");
  }
}
