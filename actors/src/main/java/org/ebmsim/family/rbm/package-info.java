/**
 * Family "rbm": restricted Boltzmann machines in four variants (binary, ±1, binary–Gaussian,
 * Gaussian–Bernoulli). The variant's formulas live in its class in {@code dynamics.rbm}; this
 * package validates specs, describes models, offers enumeration of the smaller discrete layer and
 * each variant's AIS path, and the Hopfield ↔ RBM mapping used by RbmService.
 */
package org.ebmsim.family.rbm;
