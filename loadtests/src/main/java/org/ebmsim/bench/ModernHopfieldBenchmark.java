package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.modern.continuous.ModernHopfield;
import org.ebmsim.dynamics.modern.continuous.ModernHopfieldDynamics;
import org.ebmsim.dynamics.modern.continuous.Retrieval;
import org.ebmsim.dynamics.modern.continuous.Update;
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
 * One modern continuous Hopfield update of 1000 queries against 10 000 stored patterns of N = 784
 * units, float32, native OpenBLAS on one thread (or the pure-Java GEMM with {@code -p gemm=java}).
 * Compare with {@code loadtests/scripts/numpy_modern_hopfield.py}, which does the same work.
 *
 * <p>Patterns are random ±1 vectors; each query is a stored pattern with 20 % of its signs flipped;
 * β = 0.05, so every query is retrieved (one weight ≈ 1). {@code retrieve} is the update with its
 * weights and the energies before it (two GEMMs); {@code update} adds the energies after it (a
 * third GEMM). OpenBLAS picks kernels by CPU: run this and the numpy script with the same
 * {@code OPENBLAS_CORETYPE}. A {@code -jvmArgsAppend} on the JMH command line replaces the
 * {@code @Fork} one below, dropping the Vector API module and with it the SIMD softmax (about 25 ms
 * slower per call); repeat {@code --add-modules=jdk.incubator.vector} there. Results:
 * {@code docs/modern-continuous-hopfield.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ModernHopfieldBenchmark {
  static final int PATTERNS = 10_000;
  static final int UNITS = 784;
  static final int QUERIES = 1000;
  static final double BETA = 0.05;
  static final double FLIP = 0.2;

  @Param({"native"})
  public String gemm;

  private ModernHopfieldDynamics dynamics;
  private FloatMatrix queries;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(1);
    float[] xi = new float[PATTERNS * UNITS];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? 1f : -1f;
    }
    queries = FloatMatrix.zeros(QUERIES, UNITS);
    for (int r = 0; r < QUERIES; r++) {
      int mu = rng.nextInt(PATTERNS);
      for (int i = 0; i < UNITS; i++) {
        float x = xi[mu * UNITS + i];
        queries.set(r, i, rng.nextDouble() < FLIP ? -x : x);
      }
    }
    Gemm g = "native".equals(gemm) ? Gemm.nativeOrFallback(1) : Gemm.javaFallback();
    if ("native".equals(gemm) && !g.isNative()) {
      throw new IllegalStateException("native OpenBLAS did not load");
    }
    dynamics = new ModernHopfieldDynamics(ModernHopfield.of(PATTERNS, UNITS, xi, BETA), g);
    Retrieval check = dynamics.retrieve(queries);
    float weakest = 1f;
    for (float w : check.maxWeight()) {
      weakest = Math.min(weakest, w);
    }
    if (weakest < 0.99f) {
      throw new IllegalStateException("benchmark instance should retrieve every query (weakest " + weakest + ")");
    }
  }

  @Benchmark
  public Retrieval retrieve() {
    return dynamics.retrieve(queries);
  }

  @Benchmark
  public Update update() {
    return dynamics.update(queries);
  }
}
