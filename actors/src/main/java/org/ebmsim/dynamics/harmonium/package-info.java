/**
 * The model-A Boltzmann machine of MATH.md §4 (an exponential-family harmonium): ±1 visible spins
 * σ, real hidden units h, {@code p(h_μ | σ) ∝ exp(−β [h f(h) − F(h) − f(h) I_μ])} with
 * {@code I_μ = ξ_μ·σ}, and {@code P(σ_i = +1 | h) = σ(2β Σ_μ ξ_μi f(h_μ))}. The hidden conditionals
 * are one-dimensional and sampled in closed form (F = x²/2) or by inverse CDF on an adaptive grid;
 * the engine samples chains by block Gibbs, like an RBM.
 */
package org.ebmsim.dynamics.harmonium;
