/**
 * Java SDK for an ebmsim server: {@link org.ebmsim.client.EbmsimClient} wraps the generated
 * {@code ebmsim.v1} stubs with typed calls for every service (models, simulation, sessions, RBM
 * mapping), blocking, callback and detached forms of the session streams, one exception type for
 * gRPC errors, {@link org.ebmsim.client.LayerStates} for the bit-packed layer states, and
 * builders for common requests (models of every family, cues, schedules, steering actions).
 */
package org.ebmsim.client;
