package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.GibbsSampler;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.LayerCouplings;
import org.ebmsim.dynamics.SpinChains;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * <ul>
 *   <li>{@code oneChain}: 1 chain, 1 thread: the cost for a single chain.
 *   <li>{@code eightChains}: 8 chains on 1 thread (one batch, one {@code sweep} call).
 *   <li>{@code eightChainsTwoThreads}: 8 chains per thread on 2 threads (16 chains), sharing the
 *       8 MB coupling matrix: throughput scaling across the two cores.
 * </ul>
 * Run: {@code java -jar loadtests/target/benchmarks.jar GibbsSweep -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GibbsSweepBenchmark {
  static final int UNITS = 1000;
  static final double BETA = 1.0;
  static final int CHAINS_PER_THREAD = 8;

  /** The model, shared by every thread (read-only). */
  @State(Scope.Benchmark)
  public static class Model {
    LayerCouplings layer;

    @Setup(Level.Trial)
    public void build() {
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
      layer = LayerCouplings.single(IsingModel.of(UNITS, w, null));
    }
  }

  /** Chains owned by one benchmark thread, with their own random streams. */
  public abstract static class Chains {
    final GibbsSampler sampler = new GibbsSampler();
    SpinChains state;
    SplittableRandom[] rngs;
    int sweeps;

    void init(Model model, int chains, long seed) {
      byte[] s = new byte[chains * UNITS];
      SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, 0);
      for (int k = 0; k < s.length; k++) {
        s[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
      state = new SpinChains(model.layer, chains, s);
      rngs = ChainRandom.forChains(seed, ChainRandom.STREAM_LAYER_BASE, 0, chains);
      for (int t = 0; t < 20; t++) { // leave the random start: measure at equilibrium-like flip rates
        sampler.sweep(state, 0, chains, BETA, rngs, null);
      }
    }

    long sweep() {
      long flips = sampler.sweep(state, 0, state.chains(), BETA, rngs, null);
      if (++sweeps % 100 == 0) { // as a server would, to bound floating-point drift
        state.recomputeFields();
      }
      return flips;
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
