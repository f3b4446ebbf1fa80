/**
 * The modern Hopfield family's Boltzmann machines (MATH.md §4–5) as plain math: the attentional
 * Boltzmann machine of model B ({@code attnbm}) and the von Mises–Fisher law of model C
 * ({@code vmf}). No engine integration here; sessions wire them in through a family.
 */
package org.ebmsim.dynamics.modern;
