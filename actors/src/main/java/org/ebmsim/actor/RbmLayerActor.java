package org.ebmsim.actor;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.BlockGibbsSampler;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.RbmFreeEnergy;
import org.ebmsim.dynamics.rbm.RbmTemperature;
import org.ebmsim.dynamics.rbm.VisibleClamp;

/**
 * One layer (visible or hidden) of a batch of RBM chains. The layer owns its units' states
 * (chains × units) and per-chain random streams, and each half-step turns the field the other
 * layer sends into new states and the field those states put back on the other layer; the
 * matrix products go through BLAS. The visible layer also returns each chain's free energy and
 * a ±1 copy of its states, from the hidden input it computes at T = 1 anyway.
 */
public final class RbmLayerActor extends AbstractBehavior<RbmLayerActor.Command> {
  public sealed interface Command {}

  /** Hidden layer: sample from the hidden input x (at T = 1) at temperature t. */
  public record SampleHidden(long sweep, double temperature, FloatMatrix hiddenInput, ActorRef<HiddenSampled> replyTo)
      implements Command {}

  /** Hidden layer's answer: the field its new states put on the visible layer (at temperature t). */
  public record HiddenSampled(long sweep, FloatMatrix visibleField) {}

  /** Visible layer: sample from the field at temperature t ({@code visibleField == null}: report only). */
  public record SampleVisible(long sweep, double temperature, FloatMatrix visibleField,
      ActorRef<VisibleSampled> replyTo) implements Command {}

  /**
   * Visible layer's answer after {@code sweep} sweeps: hidden input x = c + Wᵀv at T = 1 for
   * the next half-step, free energies, ±1 states and how many visible units changed.
   */
  public record VisibleSampled(long sweep, FloatMatrix hiddenInput, double[] freeEnergies, byte[] spins, long flips) {}

  public enum Stop implements Command { INSTANCE }

  private final Rbm rbm;
  private final Gemm gemm;
  private final FloatMatrix state;
  private final SplittableRandom[] rngs;
  private final VisibleClamp clamp;
  private final BlockGibbsSampler atUnitTemperature;
  private BlockGibbsSampler atTemperature;
  private double temperature = Double.NaN;

  /**
   * @param initial chains × units states of this layer (visible: {0,1} or ±1 as the variant uses;
   *     the hidden layer's initial states are never read, its first half-step samples them)
   */
  public static Behavior<Command> create(Rbm rbm, Gemm gemm, FloatMatrix initial, SplittableRandom[] rngs,
      VisibleClamp clamp) {
    return Behaviors.setup(ctx -> new RbmLayerActor(ctx, rbm, gemm, initial, rngs, clamp));
  }

  private RbmLayerActor(ActorContext<Command> ctx, Rbm rbm, Gemm gemm, FloatMatrix initial, SplittableRandom[] rngs,
      VisibleClamp clamp) {
    super(ctx);
    this.rbm = rbm;
    this.gemm = gemm;
    this.state = initial;
    this.rngs = rngs;
    this.clamp = clamp;
    this.atUnitTemperature = new BlockGibbsSampler(rbm, gemm);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SampleHidden.class, this::onSampleHidden)
        .onMessage(SampleVisible.class, this::onSampleVisible)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private BlockGibbsSampler samplerAt(double t) {
    if (t != temperature) {
      atTemperature = t == 1.0 ? atUnitTemperature : new BlockGibbsSampler(RbmTemperature.at(rbm, t), gemm);
      temperature = t;
    }
    return atTemperature;
  }

  private Behavior<Command> onSampleHidden(SampleHidden msg) {
    BlockGibbsSampler sampler = samplerAt(msg.temperature());
    FloatMatrix field = FloatMatrix.zeros(state.rows(), rbm.hiddenUnits());
    RbmTemperature.hiddenField(rbm, msg.hiddenInput().data(), msg.temperature(), field.data());
    sampler.sampleHiddenFromField(field, rngs, state);
    msg.replyTo().tell(new HiddenSampled(msg.sweep(), sampler.visibleField(state)));
    return this;
  }

  private Behavior<Command> onSampleVisible(SampleVisible msg) {
    long flips = 0;
    if (msg.visibleField() != null) {
      float[] before = state.data().clone();
      samplerAt(msg.temperature()).sampleVisibleFromField(msg.visibleField(), rngs, clamp, state);
      float[] after = state.data();
      for (int k = 0; k < after.length; k++) {
        flips += after[k] != before[k] ? 1 : 0;
      }
    }
    int chains = state.rows();
    FloatMatrix x = atUnitTemperature.hiddenField(state);
    double[] energies = new double[chains];
    RbmFreeEnergy.fromHiddenInput(rbm, state.data(), x.data(), chains, energies);
    msg.replyTo().tell(new VisibleSampled(msg.sweep(), x, energies, toSpins(state.data()), flips));
    return this;
  }

  /** ±1 copy of visible states: a {0,1} unit's 1 is +1 and 0 is −1. */
  private byte[] toSpins(float[] v) {
    float threshold = rbm instanceof BinaryRbm ? 0.5f : 0f;
    byte[] out = new byte[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k] > threshold ? (byte) 1 : (byte) -1;
    }
    return out;
  }
}
