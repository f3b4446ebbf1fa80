package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * One update {@code v ← ξᵀ softmax(β ξ v)} of a batch of B queries against p stored patterns.
 *
 * <p>{@code winner[b]} and {@code maxWeight[b]} summarise row b of the weights: a retrieved pattern
 * shows as one weight near 1 (the state is then close to that pattern), a metastable state as
 * weight spread over several patterns (the state is their weighted average). The arrays belong to
 * the caller.
 *
 * @param states the updated states, B × N
 * @param weights the softmax weights {@code softmax(β ξ v)} of the queries, B × p; rows sum to 1
 * @param winner per query, the pattern with the largest weight (the first on ties)
 * @param maxWeight per query, that largest weight
 * @param energyBefore per query, the energy E(v) of the query (from the same logits)
 */
public record Retrieval(FloatMatrix states, FloatMatrix weights, int[] winner, float[] maxWeight,
    double[] energyBefore) {}
