/**
 * Convergence diagnostics of Markov chains from their traces (energies, overlaps): split-R̂ across
 * chains, the integrated autocorrelation time and the effective sample size, as Gelman et al.
 * (Bayesian Data Analysis, 3rd ed., §11.4–11.5) define them. Pure Java.
 */
package org.ebmsim.dynamics.diagnostics;
