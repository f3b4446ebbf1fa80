/**
 * The modern continuous Hopfield network of Ramsauer et al. (MATH.md §4, model B): real-valued
 * stored patterns, the update {@code v ← ξᵀ softmax(β ξ v)} with its energy, batched through float32
 * GEMMs, iterated to fixed points, and the pattern-separation bounds that say when one update retrieves.
 */
package org.ebmsim.dynamics.modern.continuous;
