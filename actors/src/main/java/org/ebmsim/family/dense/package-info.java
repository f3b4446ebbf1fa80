/**
 * Family "dense-memory": dense associative memories (Krotov &amp; Hopfield) built from ±1 patterns
 * and an interaction function, validated from {@code DenseMemorySpec}, stored as
 * {@code DenseMemoryParameters}, sampled by the single-layer kernels of {@code dynamics.dense} and
 * enumerated exactly for small N.
 */
package org.ebmsim.family.dense;
