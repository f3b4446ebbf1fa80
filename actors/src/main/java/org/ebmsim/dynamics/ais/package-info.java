/**
 * Annealed importance sampling (Neal 2001; MATH.md §7) of RBM partition functions: schedules,
 * model-specific annealing paths with their transitions, a step-wise sampler an actor can advance
 * a few temperatures at a time, and estimates with error bars (forward and reverse AIS).
 */
package org.ebmsim.dynamics.ais;
