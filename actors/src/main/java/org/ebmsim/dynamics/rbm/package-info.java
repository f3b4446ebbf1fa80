/**
 * Restricted Boltzmann machines (MATH.md §3): the variants' energies, free energies and conditionals,
 * block Gibbs sampling of batches of chains split into half-steps, and exact enumeration of small
 * models (log Z, visible marginals and distribution) as ground truth for every estimator.
 */
package org.ebmsim.dynamics.rbm;
