/**
 * Family "dbm": deep Boltzmann machines (layers coupled to their neighbours only), sampled by
 * alternating odd/even block Gibbs with one layer actor per layer, enumerated exactly over the
 * odd layers for small instances.
 */
package org.ebmsim.family.dbm;
