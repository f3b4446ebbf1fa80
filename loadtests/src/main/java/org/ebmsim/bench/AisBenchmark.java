package org.ebmsim.bench;

import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BaseRates;
import org.ebmsim.dynamics.rbm.BinaryRbmAisPath;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole forward AIS run (the math path, one thread; native OpenBLAS on one thread, or with
 * {@code -p product=tables} subset-sum products): 100
 * chains on {@link AisBenchModel} (784 × 500 binary), uniform base (the server's UNIFORM), the
 * three-segment schedule with 14 500 temperatures. Each invocation is a full run from fresh
 * chains with the same seed, so every run gives the same estimate, which is printed after each
 * iteration with the run's CPU time (the machine may be shared). Compare with {@code loadtests/scripts/numpy_ais.py} (same model, same algorithm).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // SIMD kernels (org.ebmsim.dynamics.simd)
public class AisBenchmark {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  @Param({"14500"})
  public int temperatures;

  @Param({"100"})
  public int chains;

  /** {@code blas}: native GEMMs (what the server does with native BLAS); {@code tables}: subset-sum products. */
  @Param({"blas"})
  public String product;

  private BinaryRbmAisPath path;
  private AisSchedule schedule;
  private AisEstimate last;
  private long cpuAtStart;

  @Setup(Level.Trial)
  public void setUp() {
    System.setProperty("ebmsim.subset-sums", Boolean.toString("tables".equals(product)));
    Gemm gemm = Gemm.nativeOrFallback(1);
    if (!gemm.isNative()) {
      throw new IllegalStateException("native OpenBLAS did not load");
    }
    path = BinaryRbmAisPath.of(AisBenchModel.rbm(), BaseRates.uniform(AisBenchModel.VISIBLE), gemm);
    schedule = AisSchedule.threeSegment(temperatures);
  }

  @Setup(Level.Iteration)
  public void startCpuClock() {
    cpuAtStart = THREADS.getCurrentThreadCpuTime();
  }

  @Benchmark
  public double run() {
    AnnealedImportanceSampler ais = AnnealedImportanceSampler.forward(path, schedule, chains, 1, 0);
    ais.advance(ais.totalSteps());
    last = ais.estimate();
    return last.logPartitionTarget();
  }

  @TearDown(Level.Iteration)
  public void report() {
    // one invocation per iteration (single shot), so this is the run's CPU time on its one thread
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuAtStart) / 1e9;
    System.out.printf("%n  log Z = %.3f ± %.3f (ESS %.1f), thread CPU %.2f s%n", last.logPartitionTarget(),
        last.standardError(), last.effectiveSampleSize(), cpu);
  }
}
