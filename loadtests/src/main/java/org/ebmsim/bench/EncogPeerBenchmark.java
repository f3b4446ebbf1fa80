package org.ebmsim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.encog.neural.thermal.BoltzmannMachine;
import org.encog.neural.thermal.HopfieldNetwork;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link GibbsSweepBenchmark}: Encog 3.4's {@code BoltzmannMachine} (heat bath) and
 * {@code HopfieldNetwork} (deterministic asynchronous updates) on the same N = 1000 SK couplings at
 * the same temperature, one single-unit update per operation.
 *
 * <p>Encog's machine has 0/1 units and {@code P(x_i = 1) = σ((Σ_j W'_ij x_j − θ_i)/T)}. With
 * s = 2x − 1 the spin model's heat bath {@code P(s_i = +1) = σ(2h_i/T)}, h = Ws, is the same law
 * when W' = 4W and θ_i = 2 Σ_j W_ij, so both sample one distribution with one kind of update. Encog
 * recomputes each unit's input from all N units (O(N) per update); ebmsim keeps the fields and pays
 * O(N) per flip only.
 *
 * <p>Run: {@code java -jar loadtests/target/benchmarks.jar EncogPeer -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // as the ebmsim benchmarks run
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncogPeerBenchmark {
  static final int UNITS = GibbsSweepBenchmark.UNITS;

  private BoltzmannMachine boltzmann;
  private HopfieldNetwork hopfield;

  @Setup(Level.Trial)
  public void setUp() {
    double[] w = GibbsSweepBenchmark.skCouplings();
    boltzmann = new BoltzmannMachine(UNITS);
    hopfield = new HopfieldNetwork(UNITS);
    double[] threshold = new double[UNITS];
    for (int i = 0; i < UNITS; i++) {
      for (int j = 0; j < UNITS; j++) {
        double x = w[i * UNITS + j];
        boltzmann.setWeight(i, j, 4 * x);
        hopfield.setWeight(i, j, x);
        threshold[i] += 2 * x;
      }
    }
    boltzmann.setThreshold(threshold);
    boltzmann.setTemperature(GibbsSweepBenchmark.TEMPERATURE);
    SplittableRandom rng = new SplittableRandom(7);
    double[] bits = new double[UNITS];
    double[] spins = new double[UNITS];
    for (int i = 0; i < UNITS; i++) {
      boolean up = rng.nextBoolean();
      bits[i] = up ? 1 : 0;
      spins[i] = up ? 1 : -1;
    }
    boltzmann.setCurrentState(bits);
    hopfield.setCurrentState(spins);
    for (int t = 0; t < 20; t++) { // as the ebmsim benchmark: leave the random start first
      boltzmann.run();
    }
  }

  @Benchmark
  @OperationsPerInvocation(UNITS)
  public Object encogBoltzmannGibbs() {
    boltzmann.run();
    return boltzmann.getCurrentState();
  }

  @Benchmark
  @OperationsPerInvocation(UNITS)
  public Object encogHopfieldDeterministic() {
    hopfield.run();
    return hopfield.getCurrentState();
  }
}
