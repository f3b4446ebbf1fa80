package org.ebmsim.dynamics.modern.ham;

/**
 * {@code L = ½ Σ max(x, 0)²}, {@code g = max(x, 0)}: convex with Hessian diag(step(x)) ≥ 0, once
 * differentiable (RK4 loses its order where a unit crosses 0).
 */
public final class ReluLagrangian implements Lagrangian {
  @Override
  public String kind() {
    return "relu";
  }

  @Override
  public double value(double[] x) {
    double s = 0;
    for (double v : x) {
      if (v > 0) {
        s += v * v;
      }
    }
    return 0.5 * s;
  }

  @Override
  public void activation(double[] x, double[] g) {
    for (int i = 0; i < x.length; i++) {
      g[i] = x[i] > 0 ? x[i] : 0;
    }
  }

  @Override
  public boolean elementWise() {
    return true;
  }
}
