/**
 * Orchestration (no formulas): {@code session/} holds the one session actor that runs any
 * {@link org.ebmsim.session.Coordinator}, {@code group/} the chain groups and layer actors,
 * {@code registry/} the live sessions and their observers; {@link org.ebmsim.actor.ModelCache}
 * is the node's cache of models that groups build their samplers from.
 */
package org.ebmsim.actor;
