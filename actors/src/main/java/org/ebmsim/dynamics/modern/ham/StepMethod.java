package org.ebmsim.dynamics.modern.ham;

/**
 * Explicit Runge–Kutta schemes for {@code dx/dt = (I(g) − x)/τ}, as stage weights: each stage
 * evaluates the derivative at {@code x + c·dt·k_previous} after all layers exchanged their outputs.
 */
public enum StepMethod {
  /** {@code x ← x + dt·k₁}: one exchange per step, order 1. */
  EULER(new double[] {1}, new double[] {}),
  /** Classical RK4: four exchanges per step, order 4. */
  RK4(new double[] {1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6}, new double[] {0.5, 0.5, 1});

  private final double[] weights;
  private final double[] nodes;

  StepMethod(double[] weights, double[] nodes) {
    this.weights = weights;
    this.nodes = nodes;
  }

  /** Derivative evaluations (neighbour exchanges) per step. */
  public int stages() {
    return weights.length;
  }

  /** Weight of stage {@code s}'s derivative in the step. */
  double weight(int s) {
    return weights[s];
  }

  /** Stage {@code s + 1} is evaluated at {@code x + node(s)·dt·k_s}. */
  double node(int s) {
    return nodes[s];
  }
}
