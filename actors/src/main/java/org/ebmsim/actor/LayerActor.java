package org.ebmsim.actor;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.LayerCouplings;
import org.ebmsim.dynamics.SpinChains;
import org.ebmsim.dynamics.SpinSampler;

/**
 * One layer (visible or hidden) of a batch of chains of a Boltzmann machine with hidden units.
 *
 * <p>Owns the layer's states, local fields and per-chain random streams. Each {@link Sweep}
 * carries the field the partner layer puts on this one (chains × units); the actor sweeps its
 * units and answers with the field it now puts on the partner, its energy terms and a copy of
 * its states. The chain group sequences visible and hidden sweeps.
 */
public final class LayerActor extends AbstractBehavior<LayerActor.Command> {
  public sealed interface Command {}

  /** Sweep once at inverse temperature {@code beta} given the partner's field on this layer. */
  public record Sweep(long sweep, double beta, double[] externalField, ActorRef<Swept> replyTo)
      implements Command {}

  /**
   * Result of a sweep.
   *
   * @param fieldOnPartner chains × partner units, freshly allocated
   * @param energies per chain: this layer's internal energy, plus the coupling energy when
   *     the layer was created with {@code reportsCoupling}
   * @param spins chains × units copy of the states
   */
  public record Swept(int layer, long sweep, double[] fieldOnPartner, long flips, long updates,
      double[] energies, byte[] spins) {}

  public enum Stop implements Command { INSTANCE }

  private final int layerIndex;
  private final SpinChains state;
  private final SpinSampler sampler;
  private final SplittableRandom[] rngs;
  private final boolean[] clamped;
  private final int free;
  private final int recomputeEvery;
  private final boolean reportsCoupling;

  /**
   * @param clamped layer-local clamp mask or {@code null}
   * @param reportsCoupling whether energies include {@code -Σ s_i ext_i} (exactly one layer does)
   */
  public static Behavior<Command> create(int layerIndex, LayerCouplings layer, int chains, byte[] initial,
      SpinSampler sampler, SplittableRandom[] rngs, boolean[] clamped, int recomputeEvery,
      boolean reportsCoupling) {
    return Behaviors.setup(ctx -> new LayerActor(ctx, layerIndex, new SpinChains(layer, chains, initial),
        sampler, rngs, clamped, recomputeEvery, reportsCoupling));
  }

  private LayerActor(ActorContext<Command> ctx, int layerIndex, SpinChains state, SpinSampler sampler,
      SplittableRandom[] rngs, boolean[] clamped, int recomputeEvery, boolean reportsCoupling) {
    super(ctx);
    this.layerIndex = layerIndex;
    this.state = state;
    this.sampler = sampler;
    this.rngs = rngs;
    this.clamped = clamped;
    int clampedCount = 0;
    if (clamped != null) {
      for (boolean b : clamped) {
        clampedCount += b ? 1 : 0;
      }
    }
    this.free = state.units() - clampedCount;
    this.recomputeEvery = recomputeEvery;
    this.reportsCoupling = reportsCoupling;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Sweep.class, this::onSweep)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onSweep(Sweep msg) {
    state.setExternalField(msg.externalField());
    if (msg.sweep() % recomputeEvery == 0) {
      state.recomputeFields();
    }
    long flips = sampler.sweep(state, 0, state.chains(), msg.beta(), rngs, clamped);
    int chains = state.chains();
    double[] energies = new double[chains];
    for (int c = 0; c < chains; c++) {
      energies[c] = state.internalEnergy(c) + (reportsCoupling ? state.couplingEnergy(c) : 0);
    }
    double[] field = new double[chains * state.layer().partnerUnits()];
    state.layer().fieldOnPartner(state, field);
    msg.replyTo().tell(new Swept(layerIndex, msg.sweep(), field, flips, (long) chains * free, energies,
        state.spins().clone()));
    return this;
  }
}
