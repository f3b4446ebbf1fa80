/**
 * A test double of the ebmsim server for the client side: {@link org.ebmsim.testing.FakeEbmsimServer},
 * an in-process gRPC server with canned, deterministic ModelService, SimulationService and
 * SessionService implementations that records requests and cancellations. No engine involved.
 */
package org.ebmsim.testing;
