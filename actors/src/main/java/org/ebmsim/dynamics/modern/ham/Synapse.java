package org.ebmsim.dynamics.modern.ham;

/**
 * The weights {@code ξ} between a layer ("below", A) and the next one ("above", A+1): a linear map
 * from the outputs of the layer below to inputs of the layer above, and its exact transpose for the
 * feedback. The transpose is what makes the network's energy exist (symmetric weights, MATH.md §6).
 *
 * <p>Implementations are immutable and hold only their parameters; both neighbouring layers may
 * share one instance.
 */
public interface Synapse {
  /** Shape of the layer below (the input of {@link #forward}). */
  TensorShape below();

  /** Shape of the layer above (the output of {@link #forward}). */
  TensorShape above();

  /** A short description for messages, e.g. {@code "dense 4x6"}. */
  String describe();

  /** {@code out += ξ gBelow}; {@code gBelow} is not modified. */
  void forward(double[] gBelow, double[] out);

  /** {@code out += ξᵀ gAbove}; {@code gAbove} is not modified. */
  void backward(double[] gAbove, double[] out);
}
