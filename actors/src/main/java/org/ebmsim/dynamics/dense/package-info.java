/**
 * Dense associative memories (Krotov &amp; Hopfield's model A, MATH.md §4): ±1 units, stored ±1
 * patterns ξ and energy {@code E(σ) = −Σ_μ F(ξ_μ·σ)} for a polynomial, rectified polynomial or (in
 * the log domain) exponential F; chains that keep their integer pattern overlaps current so a
 * single-unit update costs O(p); heat-bath, Metropolis and zero-temperature sweeps; the layer
 * kernel the engine samples with; exact enumeration of small instances.
 */
package org.ebmsim.dynamics.dense;
