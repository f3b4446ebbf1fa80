package org.ebmsim.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ising.HopfieldFamily;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.ModelRef;
import org.ebmsim.stream.SimulationEngine;
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
 * Cost of running annealing as a streamed session (actors, per-report aggregation, best-state
 * tracking, event stream) against the same sweeps called directly on one thread. Both run the
 * same schedule (40 temperatures × 10 sweeps) of Gibbs updates on a dense SK model, the session
 * in one chain group; it reports every {@code reportEvery} sweeps: 10 is the default (once per
 * temperature), 1 is the most frequent, 400 a single report at the end.
 *
 * <p>The model is built by the Hopfield family from its weights, as the server builds it;
 * {@code directSweeps} drives that model's sampling through {@link BatchSampler} (the kernels
 * chain groups run, every chain's energy after every sweep), {@code streamedSession} runs an
 * {@link AnnealCoordinator} through {@link SimulationEngine} with its events as a Pekko source.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // SIMD kernels (org.ebmsim.dynamics.simd)
public class StreamingOverheadBenchmark {
  @Param({"256"})
  int units;

  @Param({"32"})
  int chains;

  /** Sweeps per temperature = sweeps between progress events. */
  @Param({"1", "10", "400"})
  int reportEvery;

  private static final ModelRef MODEL = new ModelRef("bench-sk", 1);

  private EnergyModel model;
  private ActorSystem<Void> system;
  private SimulationEngine engine;

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(1);
    double[] w = new double[units * units];
    double scale = 1 / Math.sqrt(units);
    for (int i = 0; i < units; i++) {
      for (int j = i + 1; j < units; j++) {
        w[i * units + j] = w[j * units + i] = scale * r.nextGaussian();
      }
    }
    Matrix.Builder m = Matrix.newBuilder().setRows(units).setCols(units);
    for (double x : w) {
      m.addValues(x);
    }
    model = new HopfieldFamily().create(HopfieldFromWeights.newBuilder().setWeights(m).build(),
        CreateContext.of(units, 0)).model();
    system = ActorSystem.create(Behaviors.empty(), "bench");
    // one group: the comparison isolates streaming overhead, not parallel speed-up
    engine = new SimulationEngine(system, EngineSettings.defaults().withSizing(new GroupSizing(chains, 1, 100, 100)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.terminate();
  }

  private Schedule schedule() {
    return Schedule.geometric(3.0, 0.3, 40, 10);
  }

  /** The same sweeps without actors, events or tracking (does not depend on reportEvery). */
  @Benchmark
  public double directSweeps() {
    BatchSampler batch = BatchSampler.random(model.sampling(), 7, 0, chains, SamplerKind.GIBBS, Gemm.javaFallback());
    Schedule s = schedule();
    double e = 0;
    for (long k = 0; k < s.totalSweeps(); k++) {
      batch.sweep(s.temperatureOfSweep(k));
      for (double x : batch.energies()) {
        e += x;
      }
    }
    return e;
  }

  @Benchmark
  public Object streamedSession() throws Exception {
    AnnealCoordinator.Request request = new AnnealCoordinator.Request(MODEL, model.sampling(), chains, 7, schedule(),
        SamplerKind.GIBBS, null, reportEvery, AnnealCoordinator.SampleMode.NONE, 1, 1, 0, false, false);
    return engine.start(new AnnealCoordinator(request), model, false, 4).events()
        .runWith(Sink.last(), system).toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
