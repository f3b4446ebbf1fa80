package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * Result of iterating {@code v ← ξᵀ softmax(β ξ v)} on a batch of B queries until each one moves by
 * at most a tolerance (maximum norm) in one update, or an iteration limit is reached. A query that
 * converged is frozen from then on, so its state and count do not depend on the rest of the batch.
 *
 * @param states the final states, B × N
 * @param weights {@code softmax(β ξ v)} at the final states, B × p (at a fixed point these are the
 *     weights that reproduce the state)
 * @param winner per query, the pattern with the largest final weight
 * @param maxWeight per query, that weight: near 1 for a retrieved pattern, lower for a metastable average
 * @param iterations per query, updates applied (≥ 1)
 * @param converged per query, whether the last update moved it by at most the tolerance
 * @param energies per query, {@code E(v₀), E(v₁), …, E(v_k)} with k = iterations (length k + 1);
 *     non-increasing up to float32 rounding
 */
public record FixedPoint(FloatMatrix states, FloatMatrix weights, int[] winner, float[] maxWeight,
    int[] iterations, boolean[] converged, double[][] energies) {}
