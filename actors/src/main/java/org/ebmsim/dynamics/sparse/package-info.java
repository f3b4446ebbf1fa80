/**
 * Ising models and Boltzmann machines on sparse graphs: couplings in CSR form, graph generators
 * (lattices, Chimera, Pegasus, random graphs, diluted Hopfield, planted loops), the graph colouring and the
 * chromatic block Gibbs / Metropolis / zero-temperature kernels, and exact enumeration for small N.
 */
package org.ebmsim.dynamics.sparse;
