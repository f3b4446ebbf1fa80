package org.ebmsim.dynamics.modern.continuous;

/**
 * One update with the energy on both sides: the CCCP property says
 * {@code energyAfter[b] ≤ retrieval.energyBefore()[b]} for every query, up to float32 rounding.
 *
 * @param retrieval the new states, weights and the energies before the update
 * @param energyAfter per query, the energy of the updated state
 */
public record Update(Retrieval retrieval, double[] energyAfter) {}
