/**
 * Datasets that models learn from, as plain Java: an immutable float32 table with optional
 * labels ({@link org.ebmsim.data.Dataset}), readers for the IDX, CSV and ebmsim file formats
 * (malformed input is an {@link org.ebmsim.errors.InvalidRequestException} saying where),
 * the value transforms applied when a dataset is stored, and the view a training session
 * consumes ({@link org.ebmsim.family.TrainingData}). No actors and no gRPC; protobuf only for
 * ebmsim's own file format. Readers charge what they allocate to a memory reservation before
 * allocating it.
 */
package org.ebmsim.data;
