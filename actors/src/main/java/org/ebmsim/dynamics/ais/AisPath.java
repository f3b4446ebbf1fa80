package org.ebmsim.dynamics.ais;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * A family of unnormalized densities {@code f_β}, β ∈ [0, 1], from a base with known normalizer
 * {@code Z_0} (β = 0) to the target (β = 1), with a transition {@code T_β} leaving each {@code f_β}
 * invariant. Implementations are immutable and thread-safe; chain states live in {@link Batch}.
 */
public interface AisPath {

  /** {@code log Z_0}, the base normalizer. */
  double logBasePartition();

  /**
   * {@code log Z_visible − log Z_target}: 0 when the path's target normalizer is the visible one;
   * {@code (p/2) log(β/2π)} for the binary–Gaussian continuous representation, whose target is Z_joint.
   */
  double logVisibleOverTarget();

  /** {@code log Z_visible − log Z_joint} of the target model: non-zero only for binary–Gaussian RBMs. */
  default double logVisibleOverJoint() {
    return 0;
  }

  /** A batch of {@code rows} chains (states uninitialised until {@link Batch#sampleBase} or {@link Batch#setFromVisible}). */
  Batch newBatch(int rows);

  /** Chain states of one batch; mutable, one owner. Row r uses only {@code rngs[r]}. */
  interface Batch {
    int rows();

    /** Draws every row independently from the base {@code f_0}. */
    void sampleBase(SplittableRandom[] rngs);

    /**
     * Sets states at β = 1 from visible rows (data or exact samples), drawing any hidden or
     * auxiliary part from its exact conditional given the visible part.
     */
    void setFromVisible(FloatMatrix visible, SplittableRandom[] rngs);

    /**
     * One AIS step: {@code logWeights[r] += log f_to(x_r) − log f_from(x_r)}, then
     * {@code x_r ~ T_to(·|x_r)}. Modifies the states, {@code logWeights} and the rngs.
     */
    void step(double from, double to, double[] logWeights, SplittableRandom[] rngs);

    /** A copy of the current visible part of the states (rows × N). */
    FloatMatrix visibleSnapshot();

    /**
     * Everything the batch carries from one step to the next (float states widened to double,
     * exactly), for a checkpoint: {@link #restore} of it continues bit-identically.
     */
    double[] state();

    /**
     * Sets the states saved by {@link #state} of a batch of the same path and rows.
     *
     * @throws IllegalArgumentException if the saved state does not fit this batch
     */
    void restore(double[] state);
  }
}
