/**
 * The session actor: one per request, whatever its kind; it spawns the chain groups its
 * coordinator plans, advances them report by report, streams events to its owner with
 * backpressure and to its observers without, and takes pause, resume, stop and steering.
 */
package org.ebmsim.actor.session;
