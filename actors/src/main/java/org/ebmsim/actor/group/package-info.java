/**
 * Chain groups and layer actors: a {@link org.ebmsim.actor.group.ChainGroup} owns a batch of
 * chains of one session and advances it report by report; a model with one layer is swept in the
 * group itself, a model with several has one {@link org.ebmsim.actor.group.LayerActor} per layer
 * exchanging fields; {@link org.ebmsim.actor.group.AisChainGroup} advances AIS chains. All work is
 * done in time slices so a stop is seen promptly whatever the model size.
 */
package org.ebmsim.actor.group;
