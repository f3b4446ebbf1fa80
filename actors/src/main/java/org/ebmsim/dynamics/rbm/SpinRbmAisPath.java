package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.SpinRbm;

/**
 * The base-rate AIS path for a ±1 {@link SpinRbm}: {@code f_0(s) = e^{b_Aᵀs}}, hidden factors
 * {@code 2 cosh(β(c_j + (Wᵀs)_j))}; see {@link DiscreteRbmAisPath}.
 */
public final class SpinRbmAisPath extends DiscreteRbmAisPath {
  private SpinRbmAisPath(SpinRbm rbm, double[] baseVisibleBias, Gemm gemm) {
    super(rbm, baseVisibleBias, gemm, true);
  }

  /** @param baseVisibleBias b_A (length N), e.g. {@link BaseRates#fromData} with {@code spins = true} */
  public static SpinRbmAisPath of(SpinRbm rbm, double[] baseVisibleBias, Gemm gemm) {
    return new SpinRbmAisPath(rbm, baseVisibleBias, gemm);
  }
}
