/**
 * Hierarchical associative memory runs from the wire: {@link org.ebmsim.family.ham.HamRunDecoder}
 * validates a RunHamRequest and builds its layers (as family-neutral
 * {@link org.ebmsim.dynamics.layered.LayerDynamics}) for the layer actors to run.
 */
package org.ebmsim.family.ham;
