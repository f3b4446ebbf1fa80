package org.ebmsim.dynamics.modern.ham;

import java.util.Map;

/**
 * The Lagrangian {@code L(x)} of one layer: a convex function of the layer's whole state whose
 * gradient is the layer's output, {@code g = ∂L/∂x}. The layer contributes {@code x·g − L(x)}
 * (its Legendre term) to the network energy; convexity (a positive semi-definite Hessian) is what
 * makes the energy non-increasing along the dynamics (MATH.md §6).
 *
 * <p>Implementations are immutable and work on one layer's flat state of a fixed size.
 */
public interface Lagrangian {
  /** The kind name as given to {@link #of}, e.g. {@code "softmax"}. */
  String kind();

  /** {@code L(x)}; {@code x} is not modified. */
  double value(double[] x);

  /** Writes {@code g = ∂L/∂x} into {@code g} (same length as {@code x}); {@code x} is not modified. */
  void activation(double[] x, double[] g);

  /** The layer's energy term {@code x·g − L(x)} given {@code g = activation(x)}. */
  default double legendre(double[] x, double[] g) {
    double dot = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * g[i];
    }
    return dot - value(x);
  }

  /**
   * True when {@code g_i} depends on {@code x_i} only (a diagonal Hessian). Clamping some of the
   * units of such a layer keeps the energy non-increasing; for a coupled one (softmax) only
   * clamping the whole layer does.
   */
  boolean elementWise();

  /**
   * True when the Hessian is the identity ({@code L = ½‖x‖²}): then {@code τ dx/dt = −∂E/∂x}
   * exactly, the flow is a gradient flow of the energy, and adding Langevin noise samples
   * {@code exp(−E/T)} (see {@link HamLangevinIntegrator}).
   */
  default boolean unitHessian() {
    return false;
  }

  /**
   * Builds a Lagrangian by name for a layer of the given shape.
   *
   * <ul>
   *   <li>{@code identity}: {@code L = ½‖x‖²}, {@code g = x}; no parameters.
   *   <li>{@code softmax}: {@code L = β⁻¹ log Σ e^{βx}} over the whole layer, {@code g = softmax(βx)};
   *       parameter {@code beta} (default 1).
   *   <li>{@code channel_softmax}: the same taken over the channels at each spatial position
   *       (the competing filters of a convolutional layer); parameter {@code beta} (default 1).
   *   <li>{@code sigmoid}: {@code L = Σ β⁻¹ log(1 + e^{βx})}, {@code g = σ(βx)}; parameter
   *       {@code beta} (gain, default 1).
   *   <li>{@code tanh}: {@code L = Σ β⁻¹ log cosh(βx)}, {@code g = tanh(βx)}; parameter {@code beta}
   *       (gain, default 1).
   *   <li>{@code relu}: {@code L = ½ Σ max(x, 0)²}, {@code g = max(x, 0)}; no parameters.
   * </ul>
   *
   * @param parameters by name; null or empty for the defaults
   * @throws IllegalArgumentException for an unknown kind, an unknown parameter name, or a
   *     {@code beta} that is not finite and positive
   */
  static Lagrangian of(String kind, Map<String, Double> parameters, TensorShape shape) {
    Map<String, Double> p = parameters == null ? Map.of() : parameters;
    if (kind == null) {
      throw new IllegalArgumentException("lagrangian kind must be one of " + LagrangianKinds.NAMES + " (got null)");
    }
    switch (kind) {
      case "identity":
        LagrangianKinds.requireOnly(kind, p);
        return new IdentityLagrangian();
      case "relu":
        LagrangianKinds.requireOnly(kind, p);
        return new ReluLagrangian();
      case "softmax":
        return new SoftmaxLagrangian(LagrangianKinds.beta(kind, p), shape.size(), 1, kind);
      case "channel_softmax":
        return new SoftmaxLagrangian(LagrangianKinds.beta(kind, p), shape.channels(), shape.positions(), kind);
      case "sigmoid":
        return new SigmoidLagrangian(LagrangianKinds.beta(kind, p));
      case "tanh":
        return new TanhLagrangian(LagrangianKinds.beta(kind, p));
      default:
        throw new IllegalArgumentException("lagrangian kind must be one of " + LagrangianKinds.NAMES + " (got '"
            + kind + "')");
    }
  }
}
