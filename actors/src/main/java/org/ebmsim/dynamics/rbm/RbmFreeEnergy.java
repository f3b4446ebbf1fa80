package org.ebmsim.dynamics.rbm;

/**
 * Free energies {@code F(v)} ({@code p(v) ∝ e^{−F(v)}}) of a batch of visible states from their
 * hidden inputs at T = 1, {@code x = c + Wᵀv} (Gaussian–Bernoulli: {@code c + Wᵀ(v/σ²)}), which
 * the sampler computes anyway with one GEMM: this costs O(V + H) per chain instead of O(V·H).
 *
 * <ul>
 *   <li>binary: {@code −bᵀv − Σ_j log(1 + e^{x_j})}
 *   <li>±1: {@code −bᵀs − Σ_j log(2 cosh x_j)}
 *   <li>binary–Gaussian: {@code β(−bᵀs + ½‖c‖² − ½‖x‖²)} (= βH(s) of the marginal Ising model)
 *   <li>Gaussian–Bernoulli: {@code Σ_i (v_i − b_i)²/(2σ_i²) − Σ_j log(1 + e^{x_j})}
 * </ul>
 */
public final class RbmFreeEnergy {
  private RbmFreeEnergy() {}

  /**
   * @param visible chains × V, row-major
   * @param hiddenInput chains × H, row-major, at T = 1
   * @param out F of each chain (length ≥ chains), overwritten
   */
  public static void fromHiddenInput(Rbm rbm, float[] visible, float[] hiddenInput, int chains, double[] out) {
    int nv = rbm.visibleUnits();
    int nh = rbm.hiddenUnits();
    double[] b = rbm.visibleBias();
    double[] c = rbm.hiddenBias();
    double cc = 0;
    for (double cj : c) {
      cc += cj * cj;
    }
    double[] sd = rbm instanceof GaussianBernoulliRbm g ? g.visibleSd() : null;
    for (int r = 0; r < chains; r++) {
      int vo = r * nv;
      int ho = r * nh;
      double f = 0;
      if (rbm instanceof BinaryRbm) {
        f = -dot(b, visible, vo);
        for (int j = 0; j < nh; j++) {
          f -= LogSpace.softplus(hiddenInput[ho + j]);
        }
      } else if (rbm instanceof SpinRbm) {
        f = -dot(b, visible, vo);
        for (int j = 0; j < nh; j++) {
          f -= LogSpace.logTwoCosh(hiddenInput[ho + j]);
        }
      } else if (rbm instanceof BinaryGaussianRbm g) {
        double xx = 0;
        for (int j = 0; j < nh; j++) {
          double u = hiddenInput[ho + j];
          xx += u * u;
        }
        f = g.inverseTemperature() * (-dot(b, visible, vo) + 0.5 * cc - 0.5 * xx);
      } else {
        for (int i = 0; i < nv; i++) {
          double d = visible[vo + i] - b[i];
          f += d * d / (2 * sd[i] * sd[i]);
        }
        for (int j = 0; j < nh; j++) {
          f -= LogSpace.softplus(hiddenInput[ho + j]);
        }
      }
      out[r] = f;
    }
  }

  private static double dot(double[] b, float[] v, int offset) {
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += b[i] * v[offset + i];
    }
    return s;
  }
}
