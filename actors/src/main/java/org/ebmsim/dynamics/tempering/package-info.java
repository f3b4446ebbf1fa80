/**
 * Parallel tempering (replica exchange, MATH.md §8) as plain math: the swap decisions of the
 * reversible and the non-reversible even/odd schemes over ladders of temperatures, replica round
 * trips, and the adaptive schedule that equalizes rejection rates (Syed et al. 2021).
 */
package org.ebmsim.dynamics.tempering;
