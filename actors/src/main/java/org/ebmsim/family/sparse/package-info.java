/**
 * Family "sparse": Ising models and Boltzmann machines on sparse graphs (explicit CSR, lattices,
 * Chimera, random graphs, diluted Hopfield, planted frustrated loops), validated from
 * {@code SparseSpec}, stored as that spec, sampled by the chromatic kernels of
 * {@code dynamics.sparse} and enumerated exactly for small N.
 */
package org.ebmsim.family.sparse;
