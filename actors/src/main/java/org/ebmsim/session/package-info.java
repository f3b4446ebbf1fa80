/**
 * What a session does and reports, as plain immutable data and pure logic: the
 * {@link org.ebmsim.session.Coordinator}s (anneal, complete, partition function) that plan chain
 * groups and turn their reports into {@link org.ebmsim.session.SessionEvent}s, the
 * {@link org.ebmsim.session.GroupSpec}s and reports a session and its groups exchange (no live
 * objects: a group may run on another node), and steering commands. No actors, no protobuf; the
 * actor layer runs coordinators, the gRPC layer maps requests and events to and from the wire.
 */
package org.ebmsim.session;
