/**
 * The ebmsim gRPC server: configuration, bootstrap and shutdown. Services live in
 * {@code grpc}, model persistence in {@code store}; no math here.
 */
package org.ebmsim.server;
