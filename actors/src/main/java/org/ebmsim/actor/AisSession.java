package org.ebmsim.actor;

import java.util.ArrayDeque;
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
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;
import org.ebmsim.session.PartitionFunctionPlan;
import org.ebmsim.session.SessionEvent;

/**
 * One partition-function request: forward (and optionally reverse) AIS chains spread over
 * {@link AisChainGroup} actors, advanced report by report; the session gathers their
 * log-weights in chain order, streams the running estimate, and ends with the final estimates
 * and the data's log-likelihood. Backpressure and cancellation work as in {@link SamplingSession}:
 * nothing advances until the stream has taken the previous event.
 */
public final class AisSession extends AbstractBehavior<AisSession.Command> {
  public sealed interface Command {}

  public record Attach(ActorRef<SessionOutput> output) implements Command {}

  public enum Ack implements Command { INSTANCE }

  public enum Stop implements Command { INSTANCE }

  private record GroupAdvanced(AisChainGroup.Advanced report) implements Command {}

  /** Seed offset that keeps reverse chains' streams apart from forward chains'. */
  private static final long REVERSE_SEED_SALT = 0x6A09E667F3BCC909L;

  private final PartitionFunctionPlan plan;
  private final Runnable onStop;
  private final List<ActorRef<AisChainGroup.Command>> forward = new ArrayList<>();
  private final List<ActorRef<AisChainGroup.Command>> reverse = new ArrayList<>();
  private final int[] groupFirst;
  private final double[] forwardLogWeights;
  private final double[] reverseLogWeights;
  private final ActorRef<AisChainGroup.Advanced> adapter;
  private final ArrayDeque<SessionEvent> outbox = new ArrayDeque<>();
  private ActorRef<SessionOutput> output;
  private int step;
  private int target;
  private int replies;
  private boolean resultSent;

  /**
   * @param chunkSteps temperatures a group runs per turn before yielding its thread
   * @param onStop called once when the session stops
   */
  public static Behavior<Command> create(PartitionFunctionPlan plan, int chunkSteps, Runnable onStop) {
    return Behaviors.setup(ctx -> new AisSession(ctx, plan, chunkSteps, onStop));
  }

  private AisSession(ActorContext<Command> ctx, PartitionFunctionPlan plan, int chunkSteps, Runnable onStop) {
    super(ctx);
    this.plan = plan;
    this.onStop = onStop;
    int chains = plan.chains();
    int groups = (chains + plan.chainsPerGroup() - 1) / plan.chainsPerGroup();
    this.groupFirst = new int[groups];
    this.forwardLogWeights = new double[chains];
    this.reverseLogWeights = plan.reverse() ? new double[chains] : null;
    this.adapter = ctx.messageAdapter(AisChainGroup.Advanced.class, GroupAdvanced::new);
    DispatcherSelector sampling = DispatcherSelector.fromConfig(SamplingSession.SAMPLING_DISPATCHER);
    for (int g = 0; g < groups; g++) {
      int first = g * plan.chainsPerGroup();
      int size = Math.min(plan.chainsPerGroup(), chains - first);
      groupFirst[g] = first;
      AnnealedImportanceSampler f = AnnealedImportanceSampler.forward(plan.path(), plan.schedule(), size,
          plan.seed(), first);
      forward.add(spawn(ctx, AisChainGroup.create(g, false, f, chunkSteps), "forward-" + g, sampling));
      if (plan.reverse()) {
        AnnealedImportanceSampler r = AnnealedImportanceSampler.reverse(plan.path(), plan.schedule(),
            plan.reverseStart(first, size), plan.seed() ^ REVERSE_SEED_SALT, first);
        reverse.add(spawn(ctx, AisChainGroup.create(g, true, r, chunkSteps), "reverse-" + g, sampling));
      }
    }
  }

  private static ActorRef<AisChainGroup.Command> spawn(ActorContext<Command> ctx, Behavior<AisChainGroup.Command> b,
      String name, DispatcherSelector dispatcher) {
    ActorRef<AisChainGroup.Command> ref = ctx.spawn(b, name, dispatcher);
    ctx.watch(ref);
    return ref;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Ack.class, a -> onAck())
        .onMessage(GroupAdvanced.class, this::onGroupAdvanced)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, s -> {
          onStop.run();
          return this;
        })
        .build();
  }

  private Behavior<Command> onAttach(Attach msg) {
    output = msg.output();
    getContext().watch(output);
    advance();
    return this;
  }

  private Behavior<Command> onTerminated(Terminated t) {
    if (output != null && !t.getRef().equals(output) && !resultSent) {
      output.tell(new SessionOutput.Failed(new IllegalStateException("an AIS chain group of the session failed")));
    }
    return Behaviors.stopped();
  }

  private void advance() {
    target = plan.nextReport(step);
    replies = 0;
    forward.forEach(g -> g.tell(new AisChainGroup.Advance(target, adapter)));
    reverse.forEach(g -> g.tell(new AisChainGroup.Advance(target, adapter)));
  }

  private Behavior<Command> onGroupAdvanced(GroupAdvanced msg) {
    AisChainGroup.Advanced a = msg.report();
    double[] into = a.reverse() ? reverseLogWeights : forwardLogWeights;
    System.arraycopy(a.logWeights(), 0, into, groupFirst[a.group()], a.logWeights().length);
    if (++replies < forward.size() + reverse.size()) {
      return this;
    }
    step = target;
    outbox.add(progress(AisEstimate.Direction.FORWARD, forwardLogWeights));
    if (reverseLogWeights != null) {
      outbox.add(progress(AisEstimate.Direction.REVERSE, reverseLogWeights));
    }
    if (step >= plan.schedule().steps()) {
      outbox.add(result());
    }
    emitNext();
    return this;
  }

  private SessionEvent progress(AisEstimate.Direction direction, double[] logWeights) {
    int total = plan.schedule().steps();
    double beta = direction == AisEstimate.Direction.FORWARD ? plan.schedule().beta(step)
        : plan.schedule().beta(total - step);
    AisEstimate partial = AisEstimate.fromLogWeights(direction, logWeights, plan.path().logBasePartition(), 0, 0);
    // Forward: log Z_β of the current intermediate distribution. Reverse weights estimate
    // Z_β/Z_1, which gives log Z only once the base is reached, so the partial value is NaN.
    double logZ = direction == AisEstimate.Direction.FORWARD || step == total
        ? partial.logPartitionTarget() + (step == total ? plan.path().logVisibleOverTarget() : 0) : Double.NaN;
    return new SessionEvent.PartitionProgress(direction, step, total, beta, logZ, partial.standardError(),
        partial.effectiveSampleSize(), plan.includeLogWeights() ? logWeights.clone() : new double[0]);
  }

  private SessionEvent result() {
    double visibleOverJoint = AnnealedImportanceSampler.visibleOverJoint(plan.path());
    AisEstimate f = AisEstimate.fromLogWeights(AisEstimate.Direction.FORWARD, forwardLogWeights,
        plan.path().logBasePartition(), plan.path().logVisibleOverTarget(), visibleOverJoint);
    AisEstimate r = reverseLogWeights == null ? null : AisEstimate.fromLogWeights(AisEstimate.Direction.REVERSE,
        reverseLogWeights, plan.path().logBasePartition(), plan.path().logVisibleOverTarget(), visibleOverJoint);
    AisEstimate.LogLikelihood ll = plan.data() == null ? null : f.meanLogLikelihood(plan.rbm(), plan.data());
    resultSent = true;
    return new SessionEvent.PartitionResult(f, r, ll);
  }

  private void emitNext() {
    SessionEvent next = outbox.poll();
    if (next != null) {
      output.tell(new SessionOutput.Emit(next));
    }
  }

  private Behavior<Command> onAck() {
    if (!outbox.isEmpty()) {
      emitNext();
    } else if (resultSent) {
      output.tell(SessionOutput.Done.INSTANCE);
      return Behaviors.stopped();
    } else {
      advance();
    }
    return this;
  }
}
