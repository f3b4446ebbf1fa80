package org.ebmsim.dynamics.modern.ham;

/** {@code L = Σ β⁻¹ log(1 + e^{βx})} (softplus), {@code g = σ(βx)}; Hessian diag(β σ(1−σ)) > 0. */
public final class SigmoidLagrangian implements Lagrangian {
  private final double beta;

  SigmoidLagrangian(double beta) {
    this.beta = beta;
  }

  public double beta() {
    return beta;
  }

  @Override
  public String kind() {
    return "sigmoid";
  }

  @Override
  public double value(double[] x) {
    double s = 0;
    for (double v : x) {
      double z = beta * v;
      // log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}) without overflow
      s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return s / beta;
  }

  @Override
  public void activation(double[] x, double[] g) {
    for (int i = 0; i < x.length; i++) {
      g[i] = 1 / (1 + Math.exp(-beta * x[i]));
    }
  }

  @Override
  public boolean elementWise() {
    return true;
  }
}
