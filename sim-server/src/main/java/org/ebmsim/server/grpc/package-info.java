/**
 * gRPC adapters: validate requests at the edge, map them to domain objects and plans, run them
 * and map results, events and exceptions back to the wire.
 */
package org.ebmsim.server.grpc;
