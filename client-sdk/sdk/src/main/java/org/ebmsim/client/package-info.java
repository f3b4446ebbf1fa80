/**
 * Java SDK for an ebmsim server: {@link org.ebmsim.client.EbmsimClient} wraps the generated
 * {@code ebmsim.v1} stubs with typed calls, blocking and callback forms of the session streams,
 * one exception type for gRPC errors, and builders for common requests (models, RBMs,
 * temperature and AIS schedules).
 */
package org.ebmsim.client;
