package org.ebmsim.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ising.HopfieldFamily;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.SpinMatrix;
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
 * Cost of live convergence diagnostics in a streamed annealing session: a Hebbian Hopfield network
 * of 8 stored patterns (N = 256), 64 chains (all traced) in one group, 400 sweeps at T = 0.5,
 * progress every {@code reportEvery} sweeps, with or without {@code diagnostics} (the energy and
 * all 8 overlaps: the groups compute 64 × 8 overlaps per report, the session keeps 9 traces and
 * re-diagnoses them, an FFT per chain and trace, when they grew by a quarter).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DiagnosticsOverheadBenchmark {
  @Param({"256"})
  int units;

  @Param({"64"})
  int chains;

  @Param({"1", "10"})
  int reportEvery;

  @Param({"false", "true"})
  boolean diagnostics;

  private static final int PATTERNS = 8;
  private static final ModelRef MODEL = new ModelRef("bench-hopfield-8", 1);

  private EnergyModel model;
  private ActorSystem<Void> system;
  private SimulationEngine engine;

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(1);
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(PATTERNS).setCols(units);
    for (int k = 0; k < PATTERNS * units; k++) {
      xi.addSpins(r.nextBoolean() ? 1 : -1);
    }
    model = new HopfieldFamily().create(HopfieldFromPatterns.newBuilder().setPatterns(xi).build(),
        CreateContext.of(units, PATTERNS)).model();
    system = ActorSystem.create(Behaviors.empty(), "bench");
    engine = new SimulationEngine(system, EngineSettings.defaults().withSizing(new GroupSizing(chains, 1, 100, 100)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.terminate();
  }

  @Benchmark
  public Object streamedSession() throws Exception {
    int[] patterns = diagnostics ? java.util.stream.IntStream.range(0, PATTERNS).toArray() : new int[0];
    AnnealCoordinator.Request request = new AnnealCoordinator.Request(MODEL, model.sampling(), chains, 7,
        Schedule.constant(0.5, 400), SamplerKind.GIBBS, null, reportEvery, AnnealCoordinator.SampleMode.NONE, 1, 1, 0,
        false, diagnostics, patterns);
    return engine.start(new AnnealCoordinator(request), model, false, 4).events()
        .runWith(Sink.last(), system).toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
