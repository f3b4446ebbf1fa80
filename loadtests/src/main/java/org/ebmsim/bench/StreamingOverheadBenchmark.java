package org.ebmsim.bench;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.actor.SamplingSession;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.GibbsSampler;
import org.ebmsim.dynamics.InitialStates;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.LayerCouplings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.SpinChains;
import org.ebmsim.session.AnnealPlan;
import org.ebmsim.session.ModelView;
import org.ebmsim.session.SampleMode;
import org.ebmsim.session.SamplerKind;
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
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamingOverheadBenchmark {
  @Param({"256"})
  int units;

  @Param({"32"})
  int chains;

  /** Sweeps per temperature = sweeps between progress events. */
  @Param({"1", "10", "400"})
  int reportEvery;

  private IsingModel model;
  private ActorSystem<Void> system;
  private org.ebmsim.stream.SimulationEngine engine;

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
    model = IsingModel.of(units, w, null);
    system = ActorSystem.create(Behaviors.empty(), "bench");
    // one group: the comparison isolates streaming overhead, not parallel speed-up
    engine = new org.ebmsim.stream.SimulationEngine(system, new SamplingSession.Tuning(chains, 1, 64, 262144, 100, true));
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
    LayerCouplings layer = LayerCouplings.single(model);
    SpinChains state = new SpinChains(layer, chains, InitialStates.random(7, 0, chains, units));
    SplittableRandom[] rngs = ChainRandom.forChains(7, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    GibbsSampler gibbs = new GibbsSampler();
    Schedule s = schedule();
    double e = 0;
    for (long k = 0; k < s.totalSweeps(); k++) {
      gibbs.sweep(state, 0, chains, 1 / s.temperatureOfSweep(k), rngs, null);
      for (int c = 0; c < chains; c++) {
        e += state.internalEnergy(c);
      }
    }
    return e;
  }

  @Benchmark
  public Object streamedSession() throws Exception {
    AnnealPlan plan = new AnnealPlan(new ModelView(model, units, null, 0), chains, 7, schedule(),
        SamplerKind.GIBBS, null, reportEvery, SampleMode.NONE, 1, 1, 0);
    return engine.start(plan, 4).runWith(Sink.last(), system).toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
