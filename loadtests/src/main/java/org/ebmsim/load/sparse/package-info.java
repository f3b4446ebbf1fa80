/**
 * Experiments on the sparse family: time to solution of simulated annealing on planted
 * frustrated-loop instances of 10³ and 10⁴ spins, run on the family's own chromatic kernels.
 */
package org.ebmsim.load.sparse;
