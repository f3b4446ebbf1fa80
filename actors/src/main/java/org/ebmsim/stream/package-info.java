/**
 * The engine's entry: {@link org.ebmsim.stream.SimulationEngine} starts a session from a
 * coordinator, registers it, and gives its owner a back-pressured Pekko Streams {@code Source} of
 * events; observers read the same events through the session registry's conflating buffers.
 */
package org.ebmsim.stream;
