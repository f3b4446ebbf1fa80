/**
 * Pekko Streams views of sessions: a session becomes a {@code Source} of events whose demand
 * paces the simulation, plus a handle to stop it.
 */
package org.ebmsim.stream;
