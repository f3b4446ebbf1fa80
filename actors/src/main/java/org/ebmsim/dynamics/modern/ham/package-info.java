/**
 * Hierarchical associative memory (Krotov; MATH.md §6): layers of continuous units with one
 * Lagrangian each, coupled to their neighbours by dense, convolutional or average-pooling synapses
 * whose feedback is the exact transpose, integrated by Euler or RK4 (optionally with an adiabatic
 * top layer, clamped cue units, or Langevin noise) while the global energy is tracked every step.
 */
package org.ebmsim.dynamics.modern.ham;
