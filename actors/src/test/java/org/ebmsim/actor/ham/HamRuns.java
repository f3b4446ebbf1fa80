package org.ebmsim.actor.ham;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.dynamics.modern.ham.AveragePoolSynapse;
import org.ebmsim.dynamics.modern.ham.ConvSynapse;
import org.ebmsim.dynamics.modern.ham.DenseSynapse;
import org.ebmsim.dynamics.modern.ham.HamLayer;
import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.HamSteppers;
import org.ebmsim.dynamics.modern.ham.StepMethod;
import org.ebmsim.dynamics.modern.ham.Synapse;
import org.ebmsim.dynamics.modern.ham.TensorShape;

/** Networks and a collecting sink shared by the HAM session tests. */
final class HamRuns {
  private HamRuns() {}

  /** Collects every event; completes when the session finishes or fails. */
  static class CollectingSink implements HamSink {
    final List<HamSessionEvent> events = new ArrayList<>();
    final CompletableFuture<HamSessionEvent.Finished> done = new CompletableFuture<>();

    @Override
    public synchronized boolean offer(HamSessionEvent event) {
      events.add(event);
      if (event instanceof HamSessionEvent.Finished f) {
        done.complete(f);
      }
      return true;
    }

    @Override
    public void fail(Throwable cause) {
      done.completeExceptionally(cause);
    }

    synchronized List<HamSessionEvent> events() {
      return List.copyOf(events);
    }
  }

  /** A run as the integrators take it: network, integrator, start, and the session's options. */
  record Run(HamNetwork network, StepMethod method, double dt, boolean adiabaticTop, boolean[][] clamped,
      double[][] x0, long steps, long reportEvery, double temperature, long seed, double tolerance) {}

  /** Runs {@code spec} to the end as a session under {@code kit}; the sink holds the events. */
  static CollectingSink run(ActorTestKit kit, Run spec) throws Exception {
    CollectingSink sink = new CollectingSink();
    CountDownLatch stopped = new CountDownLatch(1);
    start(kit, spec, sink, stopped::countDown);
    sink.done.get(60, TimeUnit.SECONDS);
    if (!stopped.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the session did not stop after finishing");
    }
    return sink;
  }

  static ActorRef<HamSession.Command> start(ActorTestKit kit, Run spec, HamSink sink, Runnable onStopped) {
    HamSessionSpec session = new HamSessionSpec(spec.method().stages(), spec.adiabaticTop(), spec.steps(),
        spec.reportEvery(), spec.temperature() > 0, spec.tolerance());
    return kit.spawn(ActorCensus.counted(HamSession.create(session, HamSteppers.create(spec.network(), spec.method(),
        spec.dt(), spec.adiabaticTop(), spec.clamped(), spec.x0(), spec.temperature(), spec.seed()), sink,
        onStopped)));
  }

  static ActorCensus census(ActorTestKit kit) {
    return ActorCensus.get(kit.system());
  }

  static Duration timeout() {
    return Duration.ofSeconds(20);
  }

  static double[] gaussian(SplittableRandom r, int n, double sd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sd * r.nextGaussian();
    }
    return v;
  }

  /** Three dense layers 6 → 5 → 4: tanh (β 1.5), sigmoid, softmax (β 2); τ = 1, 0.5, 2. */
  static HamNetwork denseNetwork(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TensorShape s0 = TensorShape.dense(6);
    TensorShape s1 = TensorShape.dense(5);
    TensorShape s2 = TensorShape.dense(4);
    return HamNetwork.of(List.of(HamLayer.of(s0, "tanh", Map.of("beta", 1.5), 1),
        HamLayer.of(s1, "sigmoid", null, 0.5), HamLayer.of(s2, "softmax", Map.of("beta", 2.0), 2)),
        List.<Synapse>of(new DenseSynapse(s0, s1, gaussian(r, 30, 0.6)), new DenseSynapse(s1, s2,
            gaussian(r, 20, 0.6))));
  }

  /**
   * 1×6×6 identity → conv 3×3 (padding 0) → 2×4×4 channel-softmax → average pool 2×2 stride 2 →
   * 2×2×2 relu.
   */
  static HamNetwork convNetwork(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TensorShape s0 = new TensorShape(1, 6, 6);
    TensorShape s1 = new TensorShape(2, 4, 4);
    TensorShape s2 = new TensorShape(2, 2, 2);
    return HamNetwork.of(List.of(HamLayer.of(s0, "identity", null, 1),
        HamLayer.of(s1, "channel_softmax", Map.of("beta", 1.5), 0.7), HamLayer.of(s2, "relu", null, 1.3)),
        List.<Synapse>of(new ConvSynapse(s0, s1, gaussian(r, 18, 0.4), 3, 3, 1, 0),
            new AveragePoolSynapse(s1, s2, 2, 2, 2)));
  }

  static double[][] state(HamNetwork net, long seed, double sd) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[net.layers()][];
    for (int a = 0; a < x.length; a++) {
      x[a] = gaussian(r, net.layer(a).size(), sd);
    }
    return x;
  }
}
