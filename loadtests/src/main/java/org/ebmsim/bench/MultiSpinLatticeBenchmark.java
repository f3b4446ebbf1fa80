package org.ebmsim.bench;

import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.sparse.SparseSampling;
import org.ebmsim.dynamics.state.ValueType;
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
 * The multi-spin-coded Metropolis kernel ({@code SamplerKind.METROPOLIS_MULTISPIN}) on the same
 * 3D ±J lattice as {@link SparseLatticeBenchmark} (L = 64, N = 262 144, periodic), through the
 * production path ({@link SparseSampling}'s kernel advanced by {@link BatchSampler}), one thread.
 * One operation is one single-site update of one chain: an invocation sweeps 128 chain-lattices
 * (two sweeps of 64 chains, or one of 128), so scores are ns per chain-site update, directly
 * comparable with {@link SparseLatticeBenchmark}'s (target ≤ 2 ns).
 *
 * <p>Run: {@code java -jar loadtests/target/benchmarks.jar MultiSpinLattice -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MultiSpinLatticeBenchmark {
  static final int SIDE = 64;
  static final int UNITS = SIDE * SIDE * SIDE;
  static final int CHAIN_SITES = 128 * UNITS;

  /** Chains in the batch: one word (64) or two (128). */
  @Param({"64", "128"})
  public int chains;

  /** T; the 3D ±J glass transition is near T ≈ 1.1. */
  @Param({"1.0"})
  public double temperature;

  BatchSampler batch;
  int sweepsPerInvocation;

  @Setup(Level.Trial)
  public void setUp() {
    SparseCouplings j = SparseGraphs.withLaw(SparseGraphs.lattice(3, SIDE), CouplingLaw.PLUS_MINUS_ONE, 1);
    SparseSampling sampling = new SparseSampling(new SparseNetwork(j, new double[UNITS], ValueType.SPIN, UNITS));
    batch = BatchSampler.random(sampling, 7, 0, chains, SamplerKind.METROPOLIS_MULTISPIN, Gemm.javaFallback());
    batch.sweep(10, temperature);
    sweepsPerInvocation = 128 / chains;
  }

  @Benchmark
  @OperationsPerInvocation(CHAIN_SITES)
  public long sweep() {
    long flips = 0;
    for (int k = 0; k < sweepsPerInvocation; k++) {
      flips += batch.sweep(temperature);
    }
    return flips;
  }
}
