package org.ebmsim.dynamics.modern.ham;

/** All-to-all weights: a matrix {@code ξ} of {@code above.size() × below.size()}, row-major. */
public final class DenseSynapse implements Synapse {
  private final TensorShape below;
  private final TensorShape above;
  private final double[] weights;

  /**
   * Validates and copies the weights.
   *
   * @param weights row-major {@code above.size() × below.size()}, finite
   * @throws IllegalArgumentException on a wrong length or a non-finite entry
   */
  public DenseSynapse(TensorShape below, TensorShape above, double[] weights) {
    long n = (long) above.size() * below.size();
    if (weights == null || weights.length != n) {
      throw new IllegalArgumentException("dense weights must have " + above.size() + " x " + below.size() + " = " + n
          + " entries (above x below, row-major; got " + (weights == null ? "null" : weights.length) + ")");
    }
    for (int k = 0; k < weights.length; k++) {
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("dense weights[" + k / below.size() + "][" + k % below.size()
            + "] must be finite (got " + weights[k] + ")");
      }
    }
    this.below = below;
    this.above = above;
    this.weights = weights.clone();
  }

  @Override
  public TensorShape below() {
    return below;
  }

  @Override
  public TensorShape above() {
    return above;
  }

  @Override
  public String describe() {
    return "dense " + above.size() + "x" + below.size();
  }

  /** A copy of the weights (row-major, above × below). */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public void forward(double[] gBelow, double[] out) {
    int m = above.size();
    int n = below.size();
    for (int r = 0, k = 0; r < m; r++) {
      double s = 0;
      for (int c = 0; c < n; c++, k++) {
        s += weights[k] * gBelow[c];
      }
      out[r] += s;
    }
  }

  @Override
  public void backward(double[] gAbove, double[] out) {
    int m = above.size();
    int n = below.size();
    for (int r = 0, k = 0; r < m; r++) {
      double a = gAbove[r];
      for (int c = 0; c < n; c++, k++) {
        out[c] += weights[k] * a;
      }
    }
  }
}
