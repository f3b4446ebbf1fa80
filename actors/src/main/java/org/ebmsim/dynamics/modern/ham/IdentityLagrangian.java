package org.ebmsim.dynamics.modern.ham;

/** {@code L = ½‖x‖²}, {@code g = x}: a linear layer; its energy term is {@code ½‖x‖²}. */
public final class IdentityLagrangian implements Lagrangian {
  @Override
  public String kind() {
    return "identity";
  }

  @Override
  public double value(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return 0.5 * s;
  }

  @Override
  public void activation(double[] x, double[] g) {
    System.arraycopy(x, 0, g, 0, x.length);
  }

  @Override
  public boolean elementWise() {
    return true;
  }

  @Override
  public boolean unitHessian() {
    return true;
  }
}
