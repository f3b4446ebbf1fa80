/**
 * Deep Boltzmann machines: layers s_0 (visible) … s_L of binary or ±1 units coupled only to
 * their neighbours, sampled by alternating block Gibbs (odd layers, then even layers) with one
 * kernel per layer exchanging fields through BLAS, and exact statistics of small instances by
 * enumerating the odd layers while the even ones are summed analytically.
 */
package org.ebmsim.dynamics.dbm;
