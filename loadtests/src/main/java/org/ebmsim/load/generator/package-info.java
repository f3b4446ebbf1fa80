/**
 * The gRPC load generator: concurrent sessions of one shape against one or several servers for a
 * bounded time, unary calls at a fixed rate beside them, the server's heap and CPU sampled, and a
 * JSON summary; its soak mode ends sessions at random and checks that nothing is left behind.
 */
package org.ebmsim.load.generator;
