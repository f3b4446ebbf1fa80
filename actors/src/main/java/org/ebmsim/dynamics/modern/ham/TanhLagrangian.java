package org.ebmsim.dynamics.modern.ham;

/** {@code L = Σ β⁻¹ log cosh(βx)}, {@code g = tanh(βx)}; Hessian diag(β (1 − g²)) > 0. */
public final class TanhLagrangian implements Lagrangian {
  private static final double LOG2 = Math.log(2);
  private final double beta;

  TanhLagrangian(double beta) {
    this.beta = beta;
  }

  public double beta() {
    return beta;
  }

  @Override
  public String kind() {
    return "tanh";
  }

  @Override
  public double value(double[] x) {
    double s = 0;
    for (double v : x) {
      double a = Math.abs(beta * v);
      // log cosh z = |z| + log1p(e^{−2|z|}) − log 2 without overflow
      s += a + Math.log1p(Math.exp(-2 * a)) - LOG2;
    }
    return s / beta;
  }

  @Override
  public void activation(double[] x, double[] g) {
    for (int i = 0; i < x.length; i++) {
      g[i] = Math.tanh(beta * x[i]);
    }
  }

  @Override
  public boolean elementWise() {
    return true;
  }
}
