package org.ebmsim.actor.ham;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.dynamics.layered.LayerDynamics;
import org.ebmsim.dynamics.layered.LayeredEnergy;

/**
 * One hierarchical-associative-memory run: spawns a {@link HamLayerActor} per layer, grants them
 * one step at a time, sums the layers' energy terms after every step, and hands events to a
 * {@link HamSink}.
 *
 * <p>Implementation notes. Steps are granted one at a time: the next {@link HamLayerActor.Advance}
 * goes out only when every layer has reported the previous step, so at most one step is in flight
 * and the reports of a step are complete before any of the next arrive. Flow control: when the
 * sink says it cannot take more, no step is granted until {@link Resume}, so a slow client holds
 * the session (one event beyond its readiness), not a growing queue. {@link Pause} holds the
 * next step the same way until {@link Unpause}. {@link Cancel} and {@link Stop} stop the
 * session at once; its children stop with it. If a layer stops, or the session itself fails or
 * is stopped by the system, the sink is told ({@link HamSink#fail}) so that no stream is left open. {@code onStopped} runs once whenever the session
 * stops (finished, cancelled or failed), to release what was charged for it.
 */
public final class HamSession extends AbstractBehavior<HamSession.Command> {
  /** Dispatcher of the session and its layers (never the default one). */
  public static final String DISPATCHER = "ebmsim-sampling-dispatcher";

  /** The session's protocol. */
  public sealed interface Command {}

  /** A layer's energy terms and state after step {@code step} (0 = the initial state). */
  public record LayerReport(int layer, long step, double legendre, double coupling, double maxChange,
      double[] state) implements Command {}

  /** The sink can take events again. */
  public enum Resume implements Command { INSTANCE }

  /** Stop now (the client went away). */
  public enum Cancel implements Command { INSTANCE }

  /**
   * Stop now, from outside (SessionService.StopSession): the sink is told
   * ({@link HamSink#stopped}) and the session stops with its layers.
   */
  public record Stop(String reason) implements Command {}

  /**
   * Take no step after the one in flight until {@link Unpause}; {@code taken} completes with the
   * step the session pauses after (idempotent).
   */
  public record Pause(java.util.concurrent.CompletableFuture<Long> taken) implements Command {}

  /** Go on after a {@link Pause}; {@code taken} completes with the step it resumes at (idempotent). */
  public record Unpause(java.util.concurrent.CompletableFuture<Long> taken) implements Command {}

  private final HamSessionSpec spec;
  private final HamSink sink;
  private final Runnable onStopped;
  private final List<ActorRef<HamLayerActor.Command>> layers = new ArrayList<>();
  private final int stages;
  private final double[] legendre;
  private final double[] coupling;
  private final double[][] states;
  private long step; // the step whose reports are being collected
  private int received;
  private double maxChange;
  /** The next step is ready to be granted (its predecessor's reports are in and handled). */
  private boolean pending;
  /** The sink cannot take more (flow control) until {@link Resume}. */
  private boolean flowBlocked;
  /** Paused from outside until {@link Unpause}. */
  private boolean paused;
  private boolean ended; // the sink has had its last word (result or failure), or the client is gone

  /**
   * @param steppers one per layer, bottom first; owned by the layer actors from now on
   * @param onStopped runs once when the session stops, however it stops
   */
  public static Behavior<Command> create(HamSessionSpec spec, LayerDynamics[] steppers, HamSink sink,
      Runnable onStopped) {
    return Behaviors.setup(ctx -> new HamSession(ctx, spec, steppers, sink, onStopped));
  }

  private HamSession(ActorContext<Command> ctx, HamSessionSpec spec, LayerDynamics[] steppers, HamSink sink,
      Runnable onStopped) {
    super(ctx);
    this.spec = spec;
    this.sink = sink;
    this.onStopped = onStopped;
    this.stages = spec.stagesPerStep();
    int n = steppers.length;
    this.legendre = new double[n];
    this.coupling = new double[n];
    this.states = new double[n][];
    DispatcherSelector dispatcher = DispatcherSelector.fromConfig(DISPATCHER);
    for (int a = 0; a < n; a++) {
      boolean adiabatic = spec.adiabaticTop() && a == n - 1;
      ActorRef<HamLayerActor.Command> ref = ctx.spawn(ActorCensus.counted(HamLayerActor.create(steppers[a], n,
          stages, adiabatic, ctx.getSelf())), "layer-" + a, dispatcher);
      ctx.watch(ref);
      layers.add(ref);
    }
    for (int a = 0; a < n; a++) {
      layers.get(a).tell(new HamLayerActor.Wire(a > 0 ? layers.get(a - 1) : null, a + 1 < n ? layers.get(a + 1) : null));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LayerReport.class, this::onReport)
        .onMessage(Resume.class, r -> onResume())
        .onMessage(Cancel.class, c -> {
          ended = true; // the client went away: nobody to tell
          return Behaviors.stopped();
        })
        .onMessage(Stop.class, s -> {
          if (!ended) {
            ended = true;
            sink.stopped(s.reason());
          }
          return Behaviors.stopped();
        })
        .onMessage(Pause.class, this::onPause)
        .onMessage(Unpause.class, this::onUnpause)
        .onSignal(Terminated.class, this::onLayerStopped)
        .onSignal(PostStop.class, s -> {
          if (!ended) {
            // stopped by a bug in this actor (an exception) or by the actor system shutting down
            ended = true;
            sink.fail(new IllegalStateException("HAM session stopped at step " + step + " without finishing"));
          }
          onStopped.run();
          return this;
        })
        .build();
  }

  private Behavior<Command> onReport(LayerReport r) {
    if (r.step() != step) {
      throw new IllegalStateException("layer " + r.layer() + " reported step " + r.step() + " while step " + step
          + " was being collected");
    }
    legendre[r.layer()] = r.legendre();
    coupling[r.layer()] = r.coupling();
    states[r.layer()] = r.state();
    maxChange = Math.max(maxChange, r.maxChange());
    if (++received < layers.size()) {
      return this;
    }
    double energy = LayeredEnergy.total(legendre, coupling);
    double change = maxChange;
    received = 0;
    maxChange = 0;
    boolean ready;
    if (step == 0) {
      int[] units = new int[states.length];
      for (int a = 0; a < units.length; a++) {
        units[a] = states[a].length;
      }
      ready = sink.offer(new HamSessionEvent.Started(units, stages, energy));
    } else {
      boolean converged = !spec.stochastic() && change <= spec.tolerance();
      if (converged || step >= spec.steps()) {
        ended = true;
        sink.offer(new HamSessionEvent.Finished(step, energy, change, converged, states.clone()));
        return Behaviors.stopped();
      }
      ready = step % spec.reportEvery() != 0
          || sink.offer(new HamSessionEvent.Reported(step, energy, change, states.clone()));
    }
    step++;
    pending = true;
    flowBlocked = !ready;
    grantIfFree();
    return this;
  }

  private Behavior<Command> onResume() {
    flowBlocked = false;
    grantIfFree();
    return this;
  }

  private Behavior<Command> onPause(Pause p) {
    if (!paused) {
      paused = true;
      sink.paused(step);
    }
    p.taken().complete(step);
    return this;
  }

  private Behavior<Command> onUnpause(Unpause u) {
    if (paused) {
      paused = false;
      sink.resumed(step);
      grantIfFree();
    }
    u.taken().complete(step);
    return this;
  }

  /** Grants the pending step unless the sink is full or the session is paused. */
  private void grantIfFree() {
    if (pending && !flowBlocked && !paused) {
      pending = false;
      grant();
    }
  }

  private void grant() {
    for (ActorRef<HamLayerActor.Command> l : layers) {
      l.tell(new HamLayerActor.Advance(step));
    }
  }

  private Behavior<Command> onLayerStopped(Terminated t) {
    ended = true;
    sink.fail(new IllegalStateException("HAM layer actor " + t.getRef().path().name() + " stopped during step "
        + step));
    return Behaviors.stopped();
  }
}
