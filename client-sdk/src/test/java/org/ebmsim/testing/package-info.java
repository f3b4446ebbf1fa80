/**
 * Test fixtures for the client side: an in-process gRPC server with canned, deterministic
 * implementations of the ebmsim.v1 services that records requests and cancellations.
 */
package org.ebmsim.testing;
