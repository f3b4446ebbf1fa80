package org.ebmsim.dynamics.modern.ham;

import java.util.Map;

/** One layer of a hierarchical associative memory: its shape, Lagrangian and time constant τ. */
public record HamLayer(TensorShape shape, Lagrangian lagrangian, double tau) {
  /** @throws IllegalArgumentException if an argument is null or τ is not finite and > 0 */
  public HamLayer {
    if (shape == null || lagrangian == null) {
      throw new IllegalArgumentException("a layer needs a shape and a Lagrangian");
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("time constant tau must be finite and > 0 (got " + tau + ")");
    }
  }

  /** A layer whose Lagrangian is built by {@link Lagrangian#of} for {@code shape}. */
  public static HamLayer of(TensorShape shape, String lagrangian, Map<String, Double> parameters, double tau) {
    if (shape == null) {
      throw new IllegalArgumentException("a layer needs a shape");
    }
    return new HamLayer(shape, Lagrangian.of(lagrangian, parameters, shape), tau);
  }

  /** The same layer with another time constant. */
  public HamLayer withTau(double newTau) {
    return new HamLayer(shape, lagrangian, newTau);
  }

  public int size() {
    return shape.size();
  }
}
