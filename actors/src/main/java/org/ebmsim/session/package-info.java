/**
 * What a simulation session is asked to do and what it reports: plain immutable requests,
 * events and the plans that turn aggregated chain reports into events. No actors, no protobuf;
 * the actor layer runs plans, the gRPC layer maps requests and events to and from the wire.
 */
package org.ebmsim.session;
