/**
 * Prometheus metrics of a running server (Micrometer): sessions by kind and state, live chains,
 * single-unit updates per family, per-RPC counts by status and latency histograms, the memory
 * budget, the model store and the JVM, served as text on {@code ebmsim.metrics.port}.
 */
package org.ebmsim.server.metrics;
