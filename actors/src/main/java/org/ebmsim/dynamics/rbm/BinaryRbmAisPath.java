package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;

/** The base-rate AIS path for a {0,1} {@link BinaryRbm}; see {@link DiscreteRbmAisPath}. */
public final class BinaryRbmAisPath extends DiscreteRbmAisPath {
  private BinaryRbmAisPath(BinaryRbm rbm, double[] baseVisibleBias, Gemm gemm) {
    super(rbm, baseVisibleBias, gemm, false);
  }

  /**
   * @param baseVisibleBias b_A (length N), e.g. {@link BaseRates#fromData} or {@link BaseRates#uniform}
   */
  public static BinaryRbmAisPath of(BinaryRbm rbm, double[] baseVisibleBias, Gemm gemm) {
    return new BinaryRbmAisPath(rbm, baseVisibleBias, gemm);
  }
}
