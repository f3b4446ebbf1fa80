/**
 * Element-wise float32 kernels of the block samplers and learners (sigmoid, Bernoulli draws from
 * counter-based uniforms, column sums), in two implementations that give bit-identical results:
 * {@link org.ebmsim.dynamics.simd.VectorKernels} on the JDK's incubating Vector API (SIMD lanes),
 * and {@link org.ebmsim.dynamics.simd.ScalarKernels}, the definition, used when the JVM runs
 * without {@code --add-modules jdk.incubator.vector}. Identical results need the same operations
 * in the same order in both: every multiply-add is an explicit fused one ({@code Math.fma} or the
 * lane-wise FMA), the exponential is a polynomial of our own ({@link org.ebmsim.dynamics.simd.FloatExp})
 * rather than a library call whose last bit may differ between CPUs, and sums run row by row per
 * column. So a seeded session gives the same samples with or without the module, on AVX2 or
 * AVX-512 hardware. {@link org.ebmsim.dynamics.simd.Kernels} picks the implementation once.
 */
package org.ebmsim.dynamics.simd;
