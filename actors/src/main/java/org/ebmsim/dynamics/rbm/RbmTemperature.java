package org.ebmsim.dynamics.rbm;

/**
 * The same RBM at temperature T: the law {@code ∝ e^{−E/T}} is again an RBM of the same variant,
 * so annealing needs no new sampler, only rescaled parameters.
 *
 * <ul>
 *   <li>binary and ±1: W/T, b/T, c/T;
 *   <li>binary–Gaussian: β/T (the law is {@code e^{−βH/T}});
 *   <li>Gaussian–Bernoulli: σ_i·√T and c/T (W and b unchanged, since
 *       {@code v_i W_ij h_j/(σ_i² T) = v_i W_ij h_j/σ'_i²}).
 * </ul>
 *
 * Also converts the hidden input at T = 1, {@code x = c + Wᵀv} (Gaussian–Bernoulli:
 * {@code c + Wᵀ(v/σ²)}), into the hidden field of the rescaled RBM.
 */
public final class RbmTemperature {
  private RbmTemperature() {}

  /** The RBM whose Boltzmann law is this one's at temperature {@code t} (finite, > 0). */
  public static Rbm at(Rbm rbm, double t) {
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalArgumentException("temperature must be finite and > 0 (got " + t + ")");
    }
    if (t == 1.0) {
      return rbm;
    }
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    if (rbm instanceof BinaryRbm b) {
      return BinaryRbm.of(v, h, scale(b.weights(), t), scale(b.visibleBias(), t), scale(b.hiddenBias(), t));
    }
    if (rbm instanceof SpinRbm s) {
      return SpinRbm.of(v, h, scale(s.weights(), t), scale(s.visibleBias(), t), scale(s.hiddenBias(), t));
    }
    if (rbm instanceof BinaryGaussianRbm g) {
      return BinaryGaussianRbm.of(v, h, g.weights(), g.visibleBias(), g.hiddenBias(), g.inverseTemperature() / t);
    }
    GaussianBernoulliRbm g = (GaussianBernoulliRbm) rbm;
    double[] sd = g.visibleSd();
    double root = Math.sqrt(t);
    for (int i = 0; i < sd.length; i++) {
      sd[i] *= root;
    }
    return GaussianBernoulliRbm.of(v, h, g.weights(), g.visibleBias(), scale(g.hiddenBias(), t), sd);
  }

  /**
   * The hidden field of {@link #at}(rbm, t) from the hidden input {@code x} at T = 1, written
   * into {@code out} (may be {@code x}): {@code x/t}, or {@code x} for binary–Gaussian RBMs whose
   * hidden mean does not depend on the temperature (only its variance does).
   */
  public static void hiddenField(Rbm rbm, float[] x, double t, float[] out) {
    float factor = rbm instanceof BinaryGaussianRbm ? 1f : (float) (1.0 / t);
    for (int k = 0; k < x.length; k++) {
      out[k] = x[k] * factor;
    }
  }

  private static double[] scale(double[] a, double t) {
    double[] out = a.clone();
    for (int k = 0; k < out.length; k++) {
      out[k] /= t;
    }
    return out;
  }
}
