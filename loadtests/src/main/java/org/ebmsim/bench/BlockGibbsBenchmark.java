package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.RbmSampling;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One block-Gibbs sweep (hidden half-step, then visible half-step) of 100 chains on a 784 × 500
 * binary RBM (MNIST size), float32. The products go through GEMMs ({@code -p product=blas}: native
 * OpenBLAS, 1 thread unless {@code -p blasThreads=2}, or the pure-Java GEMM with {@code -p gemm=java};
 * what the server does with native BLAS) or through subset-sum tables ({@code -p product=tables};
 * what the server does next to the Java GEMM). Compare with {@code loadtests/scripts/numpy_block_gibbs.py}.
 *
 * <p>Runs the production path: {@link RbmSampling}'s two kernels advanced by {@link BatchSampler}
 * at T = 1 (what a chain group does per sweep, including each chain's free energy F(v) after the
 * sweep). Chains and streams are those of {@code BatchSampler.random} with seed 42: the same
 * visible start and the same per-chain streams as before the engine rewrite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // SIMD kernels (org.ebmsim.dynamics.simd)
public class BlockGibbsBenchmark {
  static final int VISIBLE = 784;
  static final int HIDDEN = 500;
  static final int CHAINS = 100;

  @Param({"native", "java"})
  public String gemm;

  /** OpenBLAS threads per call (native only); 1 matches the numpy reference run and the server default. */
  @Param({"1"})
  public int blasThreads;

  /** {@code blas}: GEMMs (the server's choice with native BLAS); {@code tables}: subset-sum products. */
  @Param({"blas", "tables"})
  public String product;

  private BatchSampler chains;

  @Setup(Level.Trial)
  public void setUp() {
    System.setProperty("ebmsim.subset-sums", Boolean.toString("tables".equals(product)));
    SplittableRandom rng = new SplittableRandom(1);
    double[] w = new double[VISIBLE * HIDDEN];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.01 * rng.nextGaussian();
    }
    BinaryRbm rbm = BinaryRbm.of(VISIBLE, HIDDEN, w, null, null);
    Gemm g = "native".equals(gemm) ? Gemm.nativeOrFallback(blasThreads) : Gemm.javaFallback();
    if ("native".equals(gemm) && !g.isNative()) {
      throw new IllegalStateException("native OpenBLAS did not load");
    }
    chains = BatchSampler.random(new RbmSampling(rbm), 42, 0, CHAINS, SamplerKind.GIBBS, g);
  }

  @Benchmark
  public float sweep() {
    chains.sweep(1.0);
    return chains.layer(0).states().floats()[0];
  }
}
