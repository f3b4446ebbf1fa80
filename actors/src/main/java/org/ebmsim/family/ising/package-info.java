/**
 * The families of pairwise ±1 spin models, {@code E(s) = -½ sᵀWs - bᵀs}: Hopfield networks
 * (one layer; weights given or built by a storage rule) and Boltzmann machines with hidden units
 * (a visible and a hidden layer of the same energy). Both sample with the Ising kernels and
 * enumerate every state exactly.
 */
package org.ebmsim.family.ising;
