package org.ebmsim.actor.ham;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.layered.LayerDynamics;
import org.ebmsim.dynamics.layered.LayeredEnergy;

/**
 * One layer of a hierarchical associative memory: owns its {@link LayerDynamics} (state, stage
 * state, output g, noise stream) and advances it from its neighbours' outputs, which arrive as
 * whole arrays tagged with a tick (the index of a stage state: step t, stage s is tick t·S + s).
 *
 * <p>An evolving layer publishes g at tick 0 when wired, and at each tick k whose step the session
 * has granted: once it holds both neighbours' g of tick k it computes stage k, finishes it and
 * publishes its g of tick k + 1. An adiabatic top layer instead waits for the layer below's g of
 * tick k, relaxes to its fixed point and publishes its own g of tick k (so the layer below computes
 * stage k with it, as the single-threaded integrator does). At every tick
 * that ends a step (k = t·S, including 0) each layer reports its energy terms, computed from its
 * committed state and the layer below's g of that tick, to the session.
 *
 * <p>Neighbours are at most one tick apart (each needs the other's g to move on), so at most two
 * arrays per side are pending.
 */
public final class HamLayerActor extends AbstractBehavior<HamLayerActor.Command> {
  /** The layer's protocol. */
  public sealed interface Command {}

  /** The neighbours (null at the ends); the layer publishes its first output on receiving it. */
  public record Wire(ActorRef<Command> below, ActorRef<Command> above) implements Command {}

  /** Layer {@code from}'s output g at tick {@code tick} (a copy, never modified). */
  public record Activation(long tick, int from, double[] g) implements Command {}

  /** Permission to take steps up to and including step number {@code step} (1-based). */
  public record Advance(long step) implements Command {}

  private final LayerDynamics stepper;
  private final int layers;
  private final int layer;
  private final int stages;
  private final boolean adiabatic;
  private final ActorRef<HamSession.Command> session;
  private final Map<Long, double[]> fromBelow = new HashMap<>();
  private final Map<Long, double[]> fromAbove = new HashMap<>();
  private ActorRef<Command> below;
  private ActorRef<Command> above;
  private boolean wired;
  private long tick;
  private long reportedTick = -1;
  private long granted;
  private double[] before;

  /**
   * @param layers layers in the network
   * @param stages exchanges per step
   * @param adiabatic true for an adiabatic top layer (only relaxed)
   */
  public static Behavior<Command> create(LayerDynamics stepper, int layers, int stages, boolean adiabatic,
      ActorRef<HamSession.Command> session) {
    return Behaviors.setup(ctx -> new HamLayerActor(ctx, stepper, layers, stages, adiabatic, session));
  }

  private HamLayerActor(ActorContext<Command> ctx, LayerDynamics stepper, int layers, int stages,
      boolean adiabatic, ActorRef<HamSession.Command> session) {
    super(ctx);
    this.stepper = stepper;
    this.layers = layers;
    this.layer = stepper.layer();
    this.stages = stages;
    this.adiabatic = adiabatic;
    this.session = session;
    this.before = stepper.state();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Wire.class, this::onWire)
        .onMessage(Activation.class, this::onActivation)
        .onMessage(Advance.class, this::onAdvance)
        .build();
  }

  private Behavior<Command> onWire(Wire w) {
    below = w.below();
    above = w.above();
    wired = true;
    if (!adiabatic) {
      publish();
    }
    progress();
    return this;
  }

  private Behavior<Command> onActivation(Activation a) {
    (a.from() < layer ? fromBelow : fromAbove).put(a.tick(), a.g());
    progress();
    return this;
  }

  private Behavior<Command> onAdvance(Advance a) {
    granted = Math.max(granted, a.step());
    progress();
    return this;
  }

  /** Sends a copy of the current output, tagged with the current tick, to both neighbours. */
  private void publish() {
    if (below != null) {
      below.tell(new Activation(tick, layer, stepper.output().clone()));
    }
    if (above != null) {
      above.tell(new Activation(tick, layer, stepper.output().clone()));
    }
  }

  /** Does everything the messages received so far allow. */
  private void progress() {
    if (!wired) {
      return; // a neighbour wired earlier may already have sent its output
    }
    if (adiabatic) {
      relaxWhilePossible();
      return;
    }
    while (true) {
      double[] gBelow = layer == 0 ? null : fromBelow.get(tick);
      double[] gAbove = layer + 1 == layers ? null : fromAbove.get(tick);
      boolean haveBelow = layer == 0 || gBelow != null;
      if (tick % stages == 0 && reportedTick < tick && haveBelow) {
        report(gBelow);
      }
      boolean haveAbove = layer + 1 == layers || gAbove != null;
      if (tick / stages >= granted || !haveBelow || !haveAbove) {
        return;
      }
      if (tick % stages == 0) {
        before = stepper.state();
      }
      stepper.computeStage(gBelow, gAbove);
      fromBelow.remove(tick);
      fromAbove.remove(tick);
      stepper.finishStage();
      tick++;
      publish();
    }
  }

  private void relaxWhilePossible() {
    double[] gBelow;
    while ((gBelow = fromBelow.remove(tick)) != null) {
      stepper.relax(gBelow);
      publish();
      if (tick % stages == 0) {
        report(gBelow);
        before = stepper.state();
      }
      tick++;
    }
  }

  private void report(double[] gBelow) {
    double[] state = stepper.state();
    session.tell(new HamSession.LayerReport(layer, tick / stages, stepper.ownEnergy(),
        stepper.couplingBelow(gBelow), LayeredEnergy.maxChange(before, state), state));
    reportedTick = tick;
  }
}
