/**
 * Training deep Boltzmann machines (CD-k and PCD-k with sampled positive phases, float32 batch
 * products through BLAS, momentum and weight decay) and their exact evaluation where the hidden
 * layers can be summed out. Plain math: the family package wraps it as a learner.
 */
package org.ebmsim.dynamics.train.dbm;
