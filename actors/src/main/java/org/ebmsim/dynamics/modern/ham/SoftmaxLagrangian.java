package org.ebmsim.dynamics.modern.ham;

/**
 * {@code L = Σ_groups β⁻¹ log Σ_{i∈group} e^{βx_i}}, {@code g = softmax(βx)} within each group.
 * Groups are the {@code positions} spatial positions of a channel-major layer, each holding one
 * unit per channel (indices {@code c · positions + p}); the whole-layer softmax is one position.
 * The Hessian {@code β(diag g − g gᵀ)} per group is positive semi-definite (null direction: the
 * all-ones vector, along which the energy is flat).
 */
public final class SoftmaxLagrangian implements Lagrangian {
  private final double beta;
  private final int channels;
  private final int positions;
  private final String kind;

  SoftmaxLagrangian(double beta, int channels, int positions, String kind) {
    this.beta = beta;
    this.channels = channels;
    this.positions = positions;
    this.kind = kind;
  }

  public double beta() {
    return beta;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public double value(double[] x) {
    double s = 0;
    for (int p = 0; p < positions; p++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0, i = p; c < channels; c++, i += positions) {
        max = Math.max(max, x[i]);
      }
      double sum = 0;
      for (int c = 0, i = p; c < channels; c++, i += positions) {
        sum += Math.exp(beta * (x[i] - max)); // shifted by the max: no overflow
      }
      s += max + Math.log(sum) / beta;
    }
    return s;
  }

  @Override
  public void activation(double[] x, double[] g) {
    for (int p = 0; p < positions; p++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0, i = p; c < channels; c++, i += positions) {
        max = Math.max(max, x[i]);
      }
      double sum = 0;
      for (int c = 0, i = p; c < channels; c++, i += positions) {
        double e = Math.exp(beta * (x[i] - max));
        g[i] = e;
        sum += e;
      }
      double inv = 1 / sum;
      for (int c = 0, i = p; c < channels; c++, i += positions) {
        g[i] *= inv;
      }
    }
  }

  @Override
  public boolean elementWise() {
    return false;
  }
}
