package org.ebmsim.actor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.session.ChainState;
import org.ebmsim.session.FinalReport;
import org.ebmsim.session.ModelView;
import org.ebmsim.session.RbmModelView;
import org.ebmsim.session.SamplerKind;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionPlan;
import org.ebmsim.session.SweepReport;

/**
 * One simulation request: spreads its chains over chain-group actors, advances them report by
 * report, turns the gathered reports into events through its {@link SessionPlan} and hands them
 * to its stream one at a time.
 *
 * <p>Implementation notes (backpressure): the session sends one event at a time to the stream's
 * source actor and waits for its acknowledgement. While it waits, the groups may compute at
 * most one further report (so sampling does not idle during delivery); beyond that nothing
 * advances until the client has taken the event, so a slow client pauses the simulation with
 * at most one report buffered instead of queueing events. Plans that can stop at any report
 * get no look-ahead. If the stream goes away (client cancel, deadline) the session is told
 * {@link Stop} or sees the source terminate, and stops; its chain groups are children and stop
 * with it, releasing their states.
 */
public final class SamplingSession extends AbstractBehavior<SamplingSession.Command> {
  /** Dispatcher (in reference.conf) that chain groups and layers run on. */
  public static final String SAMPLING_DISPATCHER = "ebmsim-sampling-dispatcher";

  public sealed interface Command {}

  /** The stream's source actor is ready to receive outputs. */
  public record Attach(ActorRef<SessionOutput> output) implements Command {}

  /** The stream consumed the last output. */
  public enum Ack implements Command { INSTANCE }

  public enum Stop implements Command { INSTANCE }

  private record GroupAdvanced(ChainGroup.Advanced report) implements Command {}

  private record GroupFinished(ChainGroup.Finished report) implements Command {}

  /** Engine-level settings for splitting and chunking. */
  /**
   * @param rbmChainsPerGroup chains per group for RBMs, fixed (not machine-dependent) so that
   *     native-BLAS rounding, which depends on matrix height, is the same on every run
   * @param nativeBlas RBM matrix products through OpenBLAS (else the pure-Java GEMM, whose
   *     results are bitwise independent of how chains are grouped)
   */
  public record Tuning(int minChainsPerGroup, int maxGroups, int recomputeEvery, long chunkUpdates,
      int rbmChainsPerGroup, boolean nativeBlas) {
    /** Defaults for tests and benchmarks of Ising-type models. */
    public static Tuning of(int minChainsPerGroup, int maxGroups) {
      return new Tuning(minChainsPerGroup, maxGroups, 64, 4096, 100, true);
    }
  }

  private final SessionPlan plan;
  private final Runnable onStop;
  private final List<ActorRef<ChainGroup.Command>> groups = new ArrayList<>();
  private final int[] groupFirst;
  private final int[] groupSize;
  private final ActorRef<ChainGroup.Advanced> advancedAdapter;
  private final ActorRef<ChainGroup.Finished> finishedAdapter;
  private ActorRef<SessionOutput> output;
  private final int maxAhead;
  private final ArrayDeque<Round> rounds = new ArrayDeque<>();
  private final ArrayDeque<SessionEvent> outbox = new ArrayDeque<>();
  private boolean awaitingAck;
  private boolean finishing;
  private boolean finishRequested;
  private boolean done;
  private long sweep;
  private long requestedUpTo;
  private final ChainGroup.Finished[] finished;
  private int replies;

  /** One report being gathered: the Advance target, the chains sampled, the groups' answers. */
  private static final class Round {
    final long target;
    final int[] sampleGlobal;
    final ChainGroup.Advanced[] replies;
    int count;

    Round(long target, int[] sampleGlobal, ChainGroup.Advanced[] replies) {
      this.target = target;
      this.sampleGlobal = sampleGlobal;
      this.replies = replies;
    }
  }

  /**
   * @param onStop called exactly once when the session stops, however it ends
   */
  public static Behavior<Command> create(SessionPlan plan, Tuning tuning, Runnable onStop) {
    return Behaviors.setup(ctx -> new SamplingSession(ctx, plan, tuning, onStop));
  }

  private SamplingSession(ActorContext<Command> ctx, SessionPlan plan, Tuning tuning, Runnable onStop) {
    super(ctx);
    this.plan = plan;
    this.onStop = onStop;
    int chains = plan.chains();
    int groupCount = plan.model() instanceof RbmModelView
        ? (chains + tuning.rbmChainsPerGroup() - 1) / tuning.rbmChainsPerGroup()
        : Math.max(1, Math.min(tuning.maxGroups(), chains / Math.max(1, tuning.minChainsPerGroup())));
    this.groupFirst = new int[groupCount];
    this.groupSize = new int[groupCount];
    this.finished = new ChainGroup.Finished[groupCount];
    // A plan that may stop at any report must not let groups run past it: no look-ahead then.
    this.maxAhead = plan.mayStopEarly() ? 1 : 2;
    this.advancedAdapter = ctx.messageAdapter(ChainGroup.Advanced.class, GroupAdvanced::new);
    this.finishedAdapter = ctx.messageAdapter(ChainGroup.Finished.class, GroupFinished::new);
    Gemm gemm = !(plan.model() instanceof RbmModelView) ? null
        : tuning.nativeBlas() ? Gemm.nativeOrFallback(1) : Gemm.javaFallback();
    DispatcherSelector sampling = DispatcherSelector.fromConfig(SAMPLING_DISPATCHER);
    int first = 0;
    for (int g = 0; g < groupCount; g++) {
      int size = chains / groupCount + (g < chains % groupCount ? 1 : 0);
      groupFirst[g] = first;
      groupSize[g] = size;
      ActorRef<ChainGroup.Command> group = ctx.spawn(groupBehavior(plan, tuning, gemm, g, first, size),
          "group-" + g, sampling);
      ctx.watch(group);
      groups.add(group);
      first += size;
    }
  }

  private static Behavior<ChainGroup.Command> groupBehavior(SessionPlan plan, Tuning tuning, Gemm gemm, int g,
      int first, int size) {
    if (plan.model() instanceof RbmModelView rbm) {
      return RbmChainGroup.create(new RbmChainGroup.Setup(g, first, size, rbm.rbm(), gemm, plan.clamped(),
          plan.schedule(), plan.seed(), plan.initialStates(first, size), plan.averageFromSweep(),
          plan.sampler() == SamplerKind.DETERMINISTIC));
    }
    ModelView ising = (ModelView) plan.model();
    return ChainGroup.create(new ChainGroup.Setup(g, first, size, ising.layers(), plan.sampler(), plan.clamped(),
        plan.schedule(), plan.seed(), plan.initialStates(first, size), plan.averageFromSweep(),
        tuning.recomputeEvery(), tuning.chunkUpdates()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Ack.class, a -> onAck())
        .onMessage(GroupAdvanced.class, this::onGroupAdvanced)
        .onMessage(GroupFinished.class, this::onGroupFinished)
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
    topUp();
    return this;
  }

  private Behavior<Command> onTerminated(Terminated t) {
    if (output != null && t.getRef().equals(output)) {
      return Behaviors.stopped(); // the stream is gone: nobody to report to
    }
    if (!done && output != null) {
      output.tell(new SessionOutput.Failed(new IllegalStateException("a chain group of the session failed")));
    }
    return Behaviors.stopped();
  }

  /**
   * Issues Advances while fewer than {@code maxAhead} reports are requested, gathered-but-unsent
   * or sent-but-unacknowledged: with 2, the groups compute the next report while the stream
   * delivers this one, and a stalled client still holds the session within one report.
   */
  private void topUp() {
    while (!finishing && requestedUpTo < plan.schedule().totalSweeps()
        && rounds.size() + outbox.size() + (awaitingAck ? 1 : 0) < maxAhead) {
      long target = plan.nextReport(requestedUpTo);
      int[] sample = plan.sampleChains(target);
      rounds.add(new Round(target, sample, new ChainGroup.Advanced[groups.size()]));
      for (int g = 0; g < groups.size(); g++) {
        groups.get(g).tell(new ChainGroup.Advance(target, localIndices(g, sample), advancedAdapter));
      }
      requestedUpTo = target;
    }
  }

  private Behavior<Command> onGroupAdvanced(GroupAdvanced msg) {
    ChainGroup.Advanced report = msg.report();
    for (Round round : rounds) {
      if (round.target == report.sweep()) {
        round.replies[report.group()] = report;
        round.count++;
        break;
      }
    }
    while (!finishing && !rounds.isEmpty() && rounds.peek().count == groups.size()) {
      Round round = rounds.poll();
      sweep = round.target;
      SweepReport gathered = gatherSweep(round);
      finishing = sweep >= plan.schedule().totalSweeps() || plan.stopEarly(gathered);
      outbox.add(plan.progress(gathered));
    }
    emitNext();
    topUp();
    return this;
  }

  private SweepReport gatherSweep(Round round) {
    double[] energies = new double[plan.chains()];
    long flips = 0;
    long updates = 0;
    long lastSweepFlips = 0;
    Map<Integer, byte[]> samples = new HashMap<>();
    ChainState best = null;
    for (int g = 0; g < groups.size(); g++) {
      ChainGroup.Advanced a = round.replies[g];
      System.arraycopy(a.energies(), 0, energies, groupFirst[g], groupSize[g]);
      flips += a.flips();
      updates += a.updates();
      lastSweepFlips += a.lastSweepFlips();
      int[] local = localIndices(g, round.sampleGlobal);
      for (int k = 0; k < local.length; k++) {
        samples.put(groupFirst[g] + local[k], a.samples()[k]);
      }
      if (best == null || a.bestEnergy() < best.energy()) { // groups in chain order: ties keep the lower index
        best = new ChainState(groupFirst[g] + a.bestLocal(), a.bestEnergy(), a.bestState());
      }
    }
    return new SweepReport(sweep, energies, flips, updates, lastSweepFlips, samples, best);
  }

  private void emitNext() {
    if (!awaitingAck && !outbox.isEmpty()) {
      awaitingAck = true;
      output.tell(new SessionOutput.Emit(outbox.poll()));
    }
  }

  private Behavior<Command> onAck() {
    awaitingAck = false;
    if (done) {
      output.tell(SessionOutput.Done.INSTANCE);
      return Behaviors.stopped();
    }
    emitNext();
    if (finishing && !awaitingAck && rounds.isEmpty() && !finishRequested) {
      finishRequested = true;
      replies = 0;
      int[] result = plan.resultChains();
      for (int g = 0; g < groups.size(); g++) {
        groups.get(g).tell(new ChainGroup.Finish(localIndices(g, result), finishedAdapter));
      }
    }
    topUp();
    return this;
  }

  private Behavior<Command> onGroupFinished(GroupFinished msg) {
    finished[msg.report().group()] = msg.report();
    if (++replies < groups.size()) {
      return this;
    }
    int units = plan.model().units();
    double[] bestEnergies = new double[plan.chains()];
    double[] finalEnergies = new double[plan.chains()];
    long[] plusCounts = new long[units];
    long averaged = 0;
    Map<Integer, byte[]> bestStates = new HashMap<>();
    Map<Integer, byte[]> finalStates = new HashMap<>();
    ChainState best = null;
    int[] result = plan.resultChains();
    for (int g = 0; g < groups.size(); g++) {
      ChainGroup.Finished f = finished[g];
      System.arraycopy(f.bestEnergies(), 0, bestEnergies, groupFirst[g], groupSize[g]);
      System.arraycopy(f.finalEnergies(), 0, finalEnergies, groupFirst[g], groupSize[g]);
      for (int i = 0; i < units; i++) {
        plusCounts[i] += f.plusCounts()[i];
      }
      averaged += f.averagedStates();
      int[] local = localIndices(g, result);
      for (int k = 0; k < local.length; k++) {
        bestStates.put(groupFirst[g] + local[k], f.bestStates()[k]);
        finalStates.put(groupFirst[g] + local[k], f.finalStates()[k]);
      }
      if (best == null || f.bestEnergy() < best.energy()) {
        best = new ChainState(groupFirst[g] + f.bestLocal(), f.bestEnergy(), f.bestState());
      }
    }
    boolean stoppedEarly = sweep < plan.schedule().totalSweeps();
    SessionEvent result1 = plan.result(new FinalReport(sweep, stoppedEarly, bestEnergies, bestStates,
        finalEnergies, finalStates, plusCounts, averaged, best));
    done = true;
    outbox.add(result1);
    emitNext();
    return this;
  }

  /** The indices, local to group g, of those global chains that g holds. */
  private int[] localIndices(int g, int[] global) {
    int lo = groupFirst[g];
    int hi = lo + groupSize[g];
    int n = 0;
    for (int c : global) {
      if (c >= lo && c < hi) {
        n++;
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int c : global) {
      if (c >= lo && c < hi) {
        out[k++] = c - lo;
      }
    }
    return out;
  }
}
