package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.dense.DenseMemory;
import org.ebmsim.dynamics.dense.DenseSampling;
import org.ebmsim.dynamics.dense.InteractionFunction;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense associative memory updates, N = 1000 units, p = 500 random patterns, F = x³, through the
 * kernel sessions use ({@link DenseSampling#kernel}): every single-unit update reads the 500
 * overlaps and one column of ξ (O(p)) and a flip rewrites the overlaps (O(p)).
 *
 * <ul>
 *   <li>{@code retrieval}: retrieves one noisy cue (a stored pattern with 100 of its 1000 bits
 *       flipped, 16 cues in turn) by zero-temperature asynchronous updates to the fixed point —
 *       overlaps from scratch (O(N·p)), then sweeps until one changes nothing. The aux counter
 *       {@code updates} gives single-unit updates per second (the last, flip-free sweep included);
 *       {@code retrievals} retrievals per second. Every cue is checked to be retrieved exactly
 *       during setup.
 *   <li>{@code heatBathSweep}: heat-bath sweeps of one chain after 20 sweeps from a random start,
 *       ns per single-unit update, at two temperatures on either side of the (sharp) transition:
 *       T = 1e5, where the chain sits in a pattern and no update flips (the cost of reading
 *       D_i alone), and T = 1e6, where 49% of the updates flip (measured, 100 sweeps), each
 *       rewriting the 500 overlaps.
 * </ul>
 * Run: {@code java -jar loadtests/target/benchmarks.jar DamRetrieval -f 1 -wi 3 -i 5 -w 1s -r 1s};
 * the numpy counterpart is {@code loadtests/scripts/numpy_dam_retrieval.py}.
 */
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DamRetrievalBenchmark {
  static final int UNITS = 1000;
  static final int PATTERNS = 500;
  static final int DEGREE = 3;
  static final int CUES = 16;
  static final int FLIPS = 100;

  /** The memory and noisy cues, shared (read only). */
  @State(Scope.Benchmark)
  public static class Memory {
    DenseSampling sampling;
    byte[][] cues;
    byte[][] targets;

    @Setup(Level.Trial)
    public void build() {
      SplittableRandom rng = new SplittableRandom(2026);
      byte[] xi = new byte[PATTERNS * UNITS];
      for (int k = 0; k < xi.length; k++) {
        xi[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
      sampling = new DenseSampling(DenseMemory.of(PATTERNS, UNITS, xi, InteractionFunction.power(DEGREE)));
      cues = new byte[CUES][];
      targets = new byte[CUES][];
      for (int c = 0; c < CUES; c++) {
        int mu = c * (PATTERNS / CUES);
        targets[c] = java.util.Arrays.copyOfRange(xi, mu * UNITS, (mu + 1) * UNITS);
        cues[c] = targets[c].clone();
        int[] order = new int[UNITS];
        for (int i = 0; i < UNITS; i++) {
          order[i] = i;
        }
        for (int f = 0; f < FLIPS; f++) {
          int r = f + rng.nextInt(UNITS - f);
          int t = order[f];
          order[f] = order[r];
          order[r] = t;
          cues[c][order[f]] = (byte) -cues[c][order[f]];
        }
      }
      for (int c = 0; c < CUES; c++) { // the benchmark measures real retrievals
        LayerKernel k = retrieve(this, c, new long[1]);
        if (!java.util.Arrays.equals(k.states().bytes(), targets[c])) {
          throw new IllegalStateException("cue " + c + " is not retrieved: fix the benchmark's load or noise");
        }
      }
    }
  }

  /** Runs cue {@code c} to its fixed point; adds the single-unit updates done to {@code updates[0]}. */
  static LayerKernel retrieve(Memory m, int c, long[] updates) {
    LayerBlock start = LayerBlock.wrap(m.sampling.layout().visible(), 1, m.cues[c].clone());
    LayerKernel kernel = m.sampling.kernel(0, new KernelSetup(c, 1, 11, SamplerKind.DETERMINISTIC, start, null));
    kernel.prepare(0, 1);
    long sweep = 0;
    long flips;
    do {
      flips = kernel.update(0, 1, sweep++, 1);
      updates[0] += UNITS;
    } while (flips > 0 && sweep < 100);
    return kernel;
  }

  /** Updates and retrievals done, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    public long updates;
    public long retrievals;
    int next;

    @Setup(Level.Iteration)
    public void reset() {
      updates = 0;
      retrievals = 0;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public LayerKernel retrieval(Memory m, Counts counts) {
    long[] updates = new long[1];
    LayerKernel k = retrieve(m, counts.next, updates);
    counts.next = (counts.next + 1) % CUES;
    counts.updates += updates[0];
    counts.retrievals++;
    return k;
  }

  /** One chain at {@code temperature} after 20 sweeps from a random start. */
  @State(Scope.Thread)
  public static class HotChain {
    @Param({"1e5", "1e6"})
    double temperature;

    LayerKernel kernel;
    long sweep;

    @Setup(Level.Trial)
    public void start(Memory m) {
      LayerBlock s = m.sampling.newStates(0, 1);
      m.sampling.randomState(0, new SplittableRandom(5), s, 0);
      kernel = m.sampling.kernel(0, new KernelSetup(0, 1, 5, SamplerKind.GIBBS, s, null));
      kernel.prepare(0, 1);
      for (; sweep < 20; sweep++) {
        kernel.update(0, 1, sweep, temperature);
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(UNITS)
  public long heatBathSweep(HotChain chain) {
    return chain.kernel.update(0, 1, chain.sweep++, chain.temperature);
  }
}
