/**
 * Ising instances with a ground state known by construction (planted frustrated loops, MATH.md
 * §9): ground truth for annealing far beyond exact enumeration. Plain math.
 */
package org.ebmsim.dynamics.planted;
