package org.ebmsim.dynamics.sampling;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * What a kernel is built from: the batch (global chains {@code firstChain .. firstChain+chains−1}),
 * the seed its per-chain streams derive from, the update rule, the layer's initial states
 * (owned by the kernel from now on) and the matrix-product implementation.
 */
public record KernelSetup(long firstChain, int chains, long seed, SamplerKind sampler, LayerBlock initial,
    Gemm gemm) {
  public KernelSetup {
    if (chains < 1 || firstChain < 0) {
      throw new IllegalArgumentException("need chains >= 1 and firstChain >= 0 (got " + chains + ", " + firstChain
          + ")");
    }
    if (initial.rows() != chains) {
      throw new IllegalArgumentException("initial states must have one row per chain: " + chains + " (got "
          + initial.rows() + ")");
    }
  }
}
