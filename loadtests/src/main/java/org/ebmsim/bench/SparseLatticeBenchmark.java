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
 * Chromatic sweeps of a 3D ±J spin glass on a periodic cubic lattice of side L = 64 (N = 262 144
 * spins, 786 432 couplings, 2 colours), through the production path: {@link SparseSampling}'s
 * kernel advanced by {@link BatchSampler}, one chain on one thread. The couplings are ±1, so the
 * integer, table-driven kernels run (one {@code nextLong()} per heat-bath update, one per
 * uphill Metropolis proposal). One operation is one single-site update: scores are ns per
 * update (the brief's target: ≤ 2 ns, i.e. ≥ 0.5 updates/ns per core).
 *
 * <p>Run: {@code java -jar loadtests/target/benchmarks.jar SparseLattice -f 1 -wi 3 -i 5 -w 1s -r 1s}
 * ({@code -p sampler=GIBBS,METROPOLIS -p temperature=1.0,0.5} for the others).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SparseLatticeBenchmark {
  static final int SIDE = 64;
  static final int UNITS = SIDE * SIDE * SIDE;

  /** GIBBS (heat bath) or METROPOLIS. */
  @Param({"GIBBS", "METROPOLIS"})
  public String sampler;

  /** T; the 3D ±J glass transition is near T ≈ 1.1. */
  @Param({"1.0"})
  public double temperature;

  BatchSampler chains;

  @Setup(Level.Trial)
  public void setUp() {
    SparseCouplings j = SparseGraphs.withLaw(SparseGraphs.lattice(3, SIDE), CouplingLaw.PLUS_MINUS_ONE, 1);
    SparseSampling sampling = new SparseSampling(new SparseNetwork(j, new double[UNITS], ValueType.SPIN, UNITS));
    chains = BatchSampler.random(sampling, 7, 0, 1, SamplerKind.valueOf(sampler), Gemm.javaFallback());
    chains.sweep(20, temperature);
  }

  @Benchmark
  @OperationsPerInvocation(UNITS)
  public long sweep() {
    return chains.sweep(temperature);
  }
}
