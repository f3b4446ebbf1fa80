/**
 * Model persistence: one protobuf file per model in the data folder, written atomically, and
 * the in-memory index the services read.
 */
package org.ebmsim.server.store;
