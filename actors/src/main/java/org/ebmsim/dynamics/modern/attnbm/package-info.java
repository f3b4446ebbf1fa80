/**
 * Attentional Boltzmann machine (MATH.md §5): {@code p(v) ∝ e^{−βE_B(v)}} with the model-B energy.
 * For integer β it is a finite Gaussian mixture (the β-tuple expansion), so log Z, the likelihood,
 * its gradient, exact samples and conditional means are computed exactly; denoising score
 * matching and the model-B retrieval update need no integer β.
 */
package org.ebmsim.dynamics.modern.attnbm;
