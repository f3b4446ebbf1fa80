package org.ebmsim.actor;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;

/**
 * A batch of AIS chains (forward or reverse) of one partition-function session. Advances its
 * sampler temperature by temperature in chunks of bounded work, then reports its chains'
 * log-weights. Chains draw from streams keyed by their global index, so the estimate does not
 * depend on how chains are grouped (up to native-BLAS rounding, see the plan).
 */
public final class AisChainGroup extends AbstractBehavior<AisChainGroup.Command> {
  public sealed interface Command {}

  /** Run until {@code toStep} temperatures are done, then answer. */
  public record Advance(int toStep, ActorRef<Advanced> replyTo) implements Command {}

  /** Log-weights of the group's chains after {@code step} temperatures. */
  public record Advanced(int group, boolean reverse, int step, double[] logWeights) {}

  public enum Stop implements Command { INSTANCE }

  private enum ContinueChunk implements Command { INSTANCE }

  private final int index;
  private final boolean reverse;
  private final AnnealedImportanceSampler sampler;
  private final int chunkSteps;
  private Advance pending;

  /**
   * @param chunkSteps temperatures per turn before yielding the thread, ≥ 1
   */
  public static Behavior<Command> create(int index, boolean reverse, AnnealedImportanceSampler sampler,
      int chunkSteps) {
    return Behaviors.setup(ctx -> new AisChainGroup(ctx, index, reverse, sampler, chunkSteps));
  }

  private AisChainGroup(ActorContext<Command> ctx, int index, boolean reverse, AnnealedImportanceSampler sampler,
      int chunkSteps) {
    super(ctx);
    this.index = index;
    this.reverse = reverse;
    this.sampler = sampler;
    this.chunkSteps = Math.max(1, chunkSteps);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, this::onAdvance)
        .onMessage(ContinueChunk.class, c -> runChunk())
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onAdvance(Advance msg) {
    pending = msg;
    getContext().getSelf().tell(ContinueChunk.INSTANCE);
    return this;
  }

  private Behavior<Command> runChunk() {
    int remaining = pending.toStep() - sampler.stepsDone();
    if (remaining > 0) {
      sampler.advance(Math.min(remaining, chunkSteps));
    }
    if (sampler.stepsDone() < pending.toStep() && !sampler.finished()) {
      getContext().getSelf().tell(ContinueChunk.INSTANCE);
      return this;
    }
    pending.replyTo().tell(new Advanced(index, reverse, sampler.stepsDone(), sampler.logWeights()));
    pending = null;
    return this;
  }
}
