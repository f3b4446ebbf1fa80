package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.ising.IsingSampling;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heat-bath Gibbs sweeps of a dense N = 1000 Sherrington–Kirkpatrick model (couplings
 * {@code N(0, 1/N)}, no bias) at T = 1, where about 23% of the updates flip a spin. One operation
 * is one single-site update: AverageTime scores are ns per update as seen by one thread,
 * Throughput scores ({@code *Throughput}) are updates per µs summed over the threads.
 *
 * <p>The chains run through the production path: {@link IsingSampling} (one layer of spins, the
 * kernel sessions use) advanced by {@link BatchSampler}, which also refreshes every chain's energy
 * after each sweep and lets the kernel recompute the fields from scratch every
 * {@value org.ebmsim.dynamics.ising.IsingKernel#RECOMPUTE_EVERY} sweeps, as sessions do.
 *
 * <ul>
 *   <li>{@code oneChain}: 1 chain, 1 thread: the cost for a single chain.
 *   <li>{@code eightChains}: 8 chains on 1 thread (one batch, one {@code sweep} call).
 *   <li>{@code eightChainsTwoThreads}: 8 chains per thread on 2 threads (16 chains), sharing the
 *       8 MB coupling matrix: throughput scaling across the two cores.
 * </ul>
 * Run: {@code java -jar loadtests/target/benchmarks.jar GibbsSweep -f 1 -wi 3 -i 5 -w 1s -r 1s}; other
 * samplers and a Boltzmann machine with hidden units:
 * {@code ... GibbsSweep.oneChain -p sampler=GIBBS,METROPOLIS,DETERMINISTIC -p hidden=0,500}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // SIMD kernels (org.ebmsim.dynamics.simd)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GibbsSweepBenchmark {
  public static final int UNITS = 1000;
  static final double TEMPERATURE = 1.0;
  static final int CHAINS_PER_THREAD = 8;

  /** The SK couplings {@code N(0, 1/N)} of every single-site benchmark (seeded; the peers use them too). */
  public static double[] skCouplings() {
    SplittableRandom rng = new SplittableRandom(1000);
    double[] w = new double[UNITS * UNITS];
    double scale = 1 / Math.sqrt(UNITS);
    for (int i = 0; i < UNITS; i++) {
      for (int j = i + 1; j < UNITS; j++) {
        double x = scale * rng.nextGaussian();
        w[i * UNITS + j] = x;
        w[j * UNITS + i] = x;
      }
    }
    return w;
  }

  /** The model and its sampling (kernels' shared couplings), shared by every thread (read-only). */
  @State(Scope.Benchmark)
  public static class Model {
    IsingSampling sampling;
    SamplerKind kind;

    /** GIBBS (heat bath), METROPOLIS, or DETERMINISTIC (zero-temperature asynchronous, Hopfield recall). */
    @Param({"GIBBS"})
    public String sampler;

    /**
     * 0: all N units in one layer (a Hopfield network / SK model); H &gt; 0: a Boltzmann machine whose
     * last H units are hidden (two layers that exchange fields after each half-sweep).
     */
    @Param({"0"})
    public int hidden;

    @Setup(Level.Trial)
    public void build() {
      double[] w = skCouplings();
      sampling = new IsingSampling(IsingModel.of(UNITS, w, null), UNITS - hidden);
      kind = SamplerKind.valueOf(sampler);
    }
  }

  /** Chains owned by one benchmark thread, with their own random streams. */
  public abstract static class Chains {
    BatchSampler batch;

    void init(Model model, int chains, long seed) {
      // the same start as before the engine rewrite: every chain's spins from one stream
      int layers = model.sampling.layout().size();
      LayerBlock[] start = new LayerBlock[layers];
      SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, 0);
      for (int l = 0; l < layers; l++) {
        start[l] = model.sampling.newStates(l, chains);
        byte[] b = start[l].bytes();
        for (int k = 0; k < b.length; k++) {
          b[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
        }
      }
      // per-chain streams STREAM_LAYER_BASE of chains 0.., as before
      batch = BatchSampler.start(model.sampling, seed, 0, start, model.kind, Gemm.javaFallback());
      for (int t = 0; t < 20; t++) { // leave the random start: measure at equilibrium-like flip rates
        batch.sweep(TEMPERATURE);
      }
    }

    long sweep() {
      return batch.sweep(TEMPERATURE);
    }
  }

  @State(Scope.Thread)
  public static class OneChain extends Chains {
    @Setup(Level.Trial)
    public void setUp(Model model) {
      init(model, 1, 7);
    }
  }

  @State(Scope.Thread)
  public static class ChainBatch extends Chains {
    @Setup(Level.Trial)
    public void setUp(Model model) {
      init(model, CHAINS_PER_THREAD, Thread.currentThread().getId());
    }
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(UNITS)
  public long oneChain(OneChain chains) {
    return chains.sweep();
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(CHAINS_PER_THREAD * UNITS)
  public long eightChains(ChainBatch chains) {
    return chains.sweep();
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(CHAINS_PER_THREAD * UNITS)
  public long eightChainsTwoThreads(ChainBatch chains) {
    return chains.sweep();
  }

  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(CHAINS_PER_THREAD * UNITS)
  public long eightChainsThroughput(ChainBatch chains) {
    return chains.sweep();
  }

  @Benchmark
  @Threads(2)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(CHAINS_PER_THREAD * UNITS)
  public long eightChainsTwoThreadsThroughput(ChainBatch chains) {
    return chains.sweep();
  }
}
