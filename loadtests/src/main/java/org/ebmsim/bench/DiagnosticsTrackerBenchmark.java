package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ebmsim.session.DiagnosticsTracker;
import org.ebmsim.session.LiveDiagnostics;
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
 * The session-side cost of live diagnostics alone, whatever the model: a {@link DiagnosticsTracker}
 * of 64 chains and 8 overlaps (9 traces, the most a session keeps) fed {@code reports} reports of
 * random values, re-diagnosing as sessions do (when the traces grew by a quarter, and at the last
 * report). Divide by {@code reports} for the cost per report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiagnosticsTrackerBenchmark {
  @Param({"400", "4000"})
  int reports;

  private double[][] energies;
  private double[][] overlaps;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(1);
    energies = new double[reports][64];
    overlaps = new double[reports][64 * 8];
    for (int k = 0; k < reports; k++) {
      for (int c = 0; c < 64; c++) {
        energies[k][c] = rng.nextGaussian();
      }
      for (int j = 0; j < 64 * 8; j++) {
        overlaps[k][j] = rng.nextGaussian();
      }
    }
  }

  @Benchmark
  public LiveDiagnostics segment() {
    DiagnosticsTracker t = new DiagnosticsTracker(64, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0);
    LiveDiagnostics d = null;
    for (int k = 0; k < reports; k++) {
      d = t.observe(k + 1, 1.0, energies[k], overlaps[k], k == reports - 1);
    }
    return d;
  }
}
