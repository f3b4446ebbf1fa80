package org.ebmsim.bench;

import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.PegasusGraph;
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
 * Chromatic sweeps of a ±J spin glass on D-Wave's Pegasus P(16) fabric (the Advantage graph:
 * N = 5 640 spins, 40 484 couplings, degree ≤ 15; greedy colouring, as Pegasus has triangles),
 * through the production path ({@link SparseSampling}'s integer kernels advanced by
 * {@link BatchSampler}), one chain on one thread. One operation is one single-site update: scores
 * are ns per update, to compare with {@link SparseLatticeBenchmark}'s degree-6 lattice.
 *
 * <p>Run: {@code java -jar loadtests/target/benchmarks.jar SparsePegasus -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SparsePegasusBenchmark {
  static final int SIZE = 16;
  static final int UNITS = 5640;

  /** GIBBS (heat bath) or METROPOLIS. */
  @Param({"GIBBS", "METROPOLIS"})
  public String sampler;

  @Param({"1.0"})
  public double temperature;

  BatchSampler chains;

  @Setup(Level.Trial)
  public void setUp() {
    SparseCouplings j = SparseGraphs.withLaw(PegasusGraph.of(SIZE, true).couplings(), CouplingLaw.PLUS_MINUS_ONE, 1);
    if (j.units() != UNITS) {
      throw new IllegalStateException("P(16) fabric has " + j.units() + " units, expected " + UNITS);
    }
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
