package org.ebmsim.actor.group;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.dynamics.RandomStreamState;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;

/**
 * A batch of AIS chains (forward or reverse) of one partition-function session, built from a
 * plain {@link GroupSpec.Ais}: the model from the node's {@link ModelCache}, the path from the
 * model's AIS support and the spec. Speaks the {@link ChainGroup} protocol: an {@link ChainGroup.Advance}
 * to step K runs temperatures in time slices (at least one per turn) and answers with the chains'
 * log-weights. Chains draw from streams keyed by their global index, so the estimate does not
 * depend on how chains are grouped (up to native-BLAS rounding, see the engine settings).
 *
 * <p>A group that may move between nodes (built with a {@link GroupRecovery}) saves an
 * {@link AisCheckpoint} at report boundaries at least {@code every} temperatures apart, and a
 * group rebuilt elsewhere starts from the latest one instead of the first temperature.
 */
public final class AisChainGroup extends AbstractBehavior<ChainGroup.Command> {
  private enum Continue implements ChainGroup.Command, org.apache.pekko.actor.NoSerializationVerificationNeeded { INSTANCE }

  private final GroupSpec.Ais spec;
  private final AnnealedImportanceSampler sampler;
  private final long sliceNanos;
  private final java.util.ArrayDeque<ChainGroup.Advance> queue = new java.util.ArrayDeque<>();
  private ChainGroup.Advance pending;
  /** Reports kept to answer an advance sent again (see {@link ChainGroup.Advance}). */
  private final java.util.LinkedHashMap<Integer, GroupReport.AisSteps> recentReports = new java.util.LinkedHashMap<>();
  /** Where checkpoints go and how often; null for a group that never moves. */
  private final GroupRecovery recovery;
  /** The temperature of the last checkpoint written or restored. */
  private int lastCheckpoint;

  public static Behavior<ChainGroup.Command> create(GroupSpec.Ais spec, ModelCache cache, EngineSettings settings) {
    return create(spec, cache, settings, null);
  }

  /** A group that checkpoints and starts from its latest checkpoint ({@code recovery}; null: neither). */
  public static Behavior<ChainGroup.Command> create(GroupSpec.Ais spec, ModelCache cache, EngineSettings settings,
      GroupRecovery recovery) {
    return Behaviors.setup(ctx -> new AisChainGroup(ctx, spec, cache, settings, recovery));
  }

  private AisChainGroup(ActorContext<ChainGroup.Command> ctx, GroupSpec.Ais spec, ModelCache cache,
      EngineSettings settings, GroupRecovery recovery) {
    super(ctx);
    this.spec = spec;
    this.recovery = recovery;
    this.sliceNanos = settings.sliceNanos();
    AisPath path = cache.get(spec.model()).ais()
        .orElseThrow(() -> new FailedPreconditionException("model " + spec.model().id() + " has no AIS path"))
        .path(spec.path(), settings.gemm());
    AisSchedule schedule = AisSchedule.of(spec.betas());
    this.sampler = spec.reverse()
        ? AnnealedImportanceSampler.reverse(path, schedule, spec.reverseStart(), spec.seed(), spec.firstChain())
        : AnnealedImportanceSampler.forward(path, schedule, spec.chains(), spec.seed(), spec.firstChain());
    if (recovery != null && RandomStreamState.available()) {
      recovery.checkpoints().latest(AisCheckpoint::read).ifPresent(this::resume);
    }
  }

  /** Continues from {@code cp}: states, streams, log-weights and the reports it kept. */
  private void resume(AisCheckpoint cp) {
    RandomStreamState.restore(sampler.randomStreams(), cp.streams());
    sampler.resume(cp.step(), cp.logWeights(), cp.batchState());
    lastCheckpoint = cp.step();
    for (GroupReport.AisSteps kept : SerializedReports.read(getContext().getSystem(), cp.reports(),
        GroupReport.AisSteps.class)) {
      recentReports.put(kept.step(), kept);
    }
    getContext().getLog().debug("AIS group {} resumes from its checkpoint after {} temperatures", spec.index(),
        cp.step());
  }

  /** Saves the chains at this report boundary when {@code every} temperatures have passed since the last save. */
  private void checkpointIfDue() {
    int step = sampler.stepsDone();
    if (recovery == null || step - lastCheckpoint < recovery.every() || !RandomStreamState.available()) {
      return;
    }
    AisCheckpoint cp = new AisCheckpoint(step, sampler.logWeights(), sampler.batchState(),
        RandomStreamState.save(sampler.randomStreams()), SerializedReports.of(getContext().getSystem(),
            recentReports.values()));
    recovery.checkpoints().save(cp::write);
    lastCheckpoint = step;
  }

  @Override
  public Receive<ChainGroup.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ChainGroup.Advance.class, this::onAdvance)
        .onMessage(Continue.class, c -> runSlice())
        .onMessage(ChainGroup.Stop.class, s -> Behaviors.stopped())
        .build();
  }

  /**
   * An advance already run is answered from the kept reports, one running or waiting is ignored: a
   * session sends advances again when it cannot tell whether a moved group got them. A group
   * rebuilt on another node starts from its latest checkpoint (or the first temperature) and
   * reaches the same weights.
   */
  private Behavior<ChainGroup.Command> onAdvance(ChainGroup.Advance msg) {
    if (pending != null && pending.to() == msg.to() || queue.stream().anyMatch(q -> q.to() == msg.to())) {
      return this;
    }
    if (msg.to() <= sampler.stepsDone()) {
      GroupReport.AisSteps kept = recentReports.get((int) msg.to());
      if (kept != null) {
        msg.replyTo().tell(kept);
      }
      return this;
    }
    queue.add(msg);
    if (pending == null) {
      pending = queue.poll();
      getContext().getSelf().tell(Continue.INSTANCE);
    }
    return this;
  }

  /**
   * Temperatures until the slice's time is up (at least one), then yield or answer. A group behind
   * the round's start (rebuilt from a checkpoint or from nothing) also reports where the round
   * starts as it passes it: the previous round's order may have been lost in a hand-off while this
   * one arrived, and once past that step the group could no longer answer it.
   */
  private Behavior<ChainGroup.Command> runSlice() {
    long deadline = System.nanoTime() + sliceNanos;
    while (sampler.stepsDone() < pending.to() && !sampler.finished()) {
      sampler.advance(1);
      if (sampler.stepsDone() == pending.from() && pending.from() < pending.to()) {
        report(pending.replyTo());
      }
      if (System.nanoTime() >= deadline) {
        break;
      }
    }
    if (sampler.stepsDone() < pending.to() && !sampler.finished()) {
      getContext().getSelf().tell(Continue.INSTANCE);
      return this;
    }
    report(pending.replyTo());
    pending = queue.poll();
    if (pending != null) {
      getContext().getSelf().tell(Continue.INSTANCE);
    }
    return this;
  }

  /** Reports the current step: kept (to answer it again), checkpointed when due, then sent. */
  private void report(org.apache.pekko.actor.typed.ActorRef<GroupReport> replyTo) {
    GroupReport.AisSteps report = new GroupReport.AisSteps(spec.index(), spec.reverse(), sampler.stepsDone(),
        sampler.logWeights());
    recentReports.put(report.step(), report);
    if (recentReports.size() > 4) {
      recentReports.remove(recentReports.keySet().iterator().next());
    }
    checkpointIfDue(); // before the report goes out, as the sampling groups do
    replyTo.tell(report);
  }
}
