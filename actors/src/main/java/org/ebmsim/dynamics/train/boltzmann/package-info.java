/**
 * Learning in fully connected Boltzmann machines with hidden units (clamped and free phases by
 * sequential heat-bath Gibbs, CD or persistent free chains) and their exact pseudo-likelihood
 * for few hidden units. Plain math: the family package wraps it as a learner.
 */
package org.ebmsim.dynamics.train.boltzmann;
