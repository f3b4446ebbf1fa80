/**
 * Experiments on the modern continuous Hopfield family run through the server's gRPC API:
 * where retrieval of stored images turns into averaging as β falls.
 */
package org.ebmsim.load.modern;
