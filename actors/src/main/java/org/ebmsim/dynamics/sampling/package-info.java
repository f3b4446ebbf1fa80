/**
 * The contract between a model family's math and the generic engine: a model describes how its
 * chains are sampled ({@link org.ebmsim.dynamics.sampling.Sampling}: layers, update phases,
 * grouping) and builds one {@link org.ebmsim.dynamics.sampling.LayerKernel} per layer for a batch
 * of chains; kernels exchange {@link org.ebmsim.dynamics.sampling.FieldBlock}s. Trackers keep
 * every chain's best state and the averaging window. Pure Java; the actor layer runs it.
 */
package org.ebmsim.dynamics.sampling;
