/**
 * Hierarchical associative memory sessions as actors: one {@link org.ebmsim.actor.ham.HamLayerActor}
 * per layer exchanging its outputs g with its neighbours at every integration stage, and a
 * {@link org.ebmsim.actor.ham.HamSession} that grants steps, sums the energy and streams events.
 */
package org.ebmsim.actor.ham;
