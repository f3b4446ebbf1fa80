/**
 * Layered continuous dynamics in the abstract: one layer's share of an integration that needs only
 * its neighbours' outputs ({@link org.ebmsim.dynamics.layered.LayerDynamics}), and the energy of a
 * chain of such layers as a sum of per-layer terms ({@link org.ebmsim.dynamics.layered.LayeredEnergy}).
 * Layer actors run any implementation without knowing the model family.
 */
package org.ebmsim.dynamics.layered;
