/**
 * Live sessions and their observers, as plain thread-safe Java shared by session actors (which
 * publish) and the gRPC layer (which lists, watches and steers): a {@link
 * org.ebmsim.actor.registry.SessionRecord} per session, its observers' bounded conflating
 * {@link org.ebmsim.actor.registry.ObserverBuffer}s, and the {@link
 * org.ebmsim.actor.registry.SessionRegistry} that finds them and forgets ended ones after the
 * retention period.
 */
package org.ebmsim.actor.registry;
