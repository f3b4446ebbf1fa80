package org.ebmsim.actor.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.diagnostics.StateOverlaps;
import org.ebmsim.dynamics.sampling.EnergyTracker;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.InitialStates;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.LayerTracker;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.sampling.TemperingEnergy;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.ClampChange;
import org.ebmsim.session.ClusterSerializable;
import org.ebmsim.session.GroupFinal;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.session.OverlapProbe;
import org.ebmsim.session.ReplayRounds;

/**
 * A batch of chains (global indices {@code firstChain .. firstChain+chains−1}) of one sampling
 * session. Built from a plain {@link GroupSpec.Sampling}: the model comes from the node's
 * {@link ModelCache}, every random number from the chains' own streams.
 *
 * <p>A model with one layer is swept here: row-independent kernels chain by chain (each chain runs
 * every sweep of the round before the next chain starts, which keeps its state in cache), others
 * sweep by sweep; either way in time slices. A model with several layers gets one
 * {@link LayerActor} per layer; each sweep walks the model's phases, passing each layer the
 * latest fields of its neighbours. Either way every chain's energy is observed after every sweep
 * (best state, averaging window), and {@link Advance} is answered with a {@link GroupReport.Sweeps}
 * (with the overlaps its orders' {@link OverlapProbe} asks for, computed from the states at the
 * report, never per sweep), {@link Finish} with a {@link GroupFinal}. Advances queue: a session may ask for the next round
 * while this one runs.
 *
 * <p>Implementation notes: a chain's trajectory is the same in any group and any slicing, because
 * slices split work only between chains (or between sweeps) and kernels draw from per-chain streams.
 */
public final class ChainGroup extends AbstractBehavior<ChainGroup.Command> {
  /** Open so that {@link AisChainGroup} speaks the same protocol. */
  public interface Command {}

  /**
   * Advance from {@code from} to {@code to} sweeps (AIS groups: temperatures) and report. A group
   * behind {@code from} (rebuilt from a checkpoint) first replays up to it without reporting; an
   * advance the group already ran or holds is answered from its recent reports or ignored, so a
   * session may send it again when it is unsure the group got it.
   *
   * <p>Orders that depend on reports (per-chain temperatures, parallel tempering) are not a
   * schedule a rebuilt group could replay from: such a group behind {@code from} replays the rounds
   * in {@code missed}, each at its own temperatures, and drops an advance that comes without them
   * (the session sends it again with them; see {@code SimulationSession}).
   *
   * @param from the round's first sweep, or −1 when unknown (a group that never moves)
   * @param missed per-chain-temperature orders only: the rounds before {@code from} since the
   *     group's last checkpoint known to the session, or null (sent when the group may be rebuilt)
   */
  public record Advance(long from, long to, GroupOrders orders, ActorRef<GroupReport> replyTo, ReplayRounds missed)
      implements Command, ClusterSerializable {
    /** An advance for a group that never moves (nothing to replay). */
    public Advance(long to, GroupOrders orders, ActorRef<GroupReport> replyTo) {
      this(-1, to, orders, replyTo, null);
    }

    /** An advance whose orders a rebuilt group replays from its clamp log and the round's temperature plan. */
    public Advance(long from, long to, GroupOrders orders, ActorRef<GroupReport> replyTo) {
      this(from, to, orders, replyTo, null);
    }
  }

  /**
   * Report the final and best states of {@code chains} (global indices) and the averaging window,
   * after {@code at} sweeps (−1: wherever the group is). A group behind {@code at} (rebuilt from a
   * checkpoint) drops it: the session sends the last round again, then the finish.
   */
  public record Finish(long at, int[] chains, boolean allFinalStates, ActorRef<GroupFinal> replyTo)
      implements Command, ClusterSerializable {
    public Finish(int[] chains, boolean allFinalStates, ActorRef<GroupFinal> replyTo) {
      this(-1, chains, allFinalStates, replyTo);
    }
  }

  public enum Stop implements Command { INSTANCE }

  /** Messages a group sends itself or gets from its own layers: never leave its node. */
  private interface Local extends Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  private enum Continue implements Local { INSTANCE }

  private record FromLayer(LayerActor.Reply reply) implements Local {}

  /**
   * Sweeps run again, unreported, from a checkpoint up to a session's round ({@code orders}: clamps
   * at its start; {@code temperatures}: each local chain's temperature, or null for the plan's).
   */
  private record Replay(long to, GroupOrders orders, double[] temperatures) implements Local {
    Replay(long to, GroupOrders orders) {
      this(to, orders, null);
    }
  }

  /** Reports kept to answer an advance sent again. */
  private static final int KEPT_REPORTS = 4;

  private final GroupSpec.Sampling spec;
  private final EnergyModel model;
  private final Sampling sampling;
  private OverlapProbe probe; // the last probe asked for, and its overlaps (built on first use)
  private StateOverlaps probeOverlaps;
  private final int chains;
  private final int layers;
  private final EnergyTracker energy;
  private final double[] energies;
  private final TimeSlice slice;
  private final ArrayDeque<Command> queue = new ArrayDeque<>();
  private Command current;
  private long sweep;
  private long flips;
  private long updates;
  private long lastSweepFlips;

  // one layer, swept here
  private final LayerKernel kernel;
  private final LayerTracker tracker;
  private int chainCursor;
  private long chainSweep;
  private final double[] scratch;

  // several layers, one actor each
  private final List<ActorRef<LayerActor.Command>> layerActors = new ArrayList<>();
  /** The layers' kernels, owned by their actors: read here only for what never changes (resumability). */
  private final List<LayerKernel> kernels;
  private final ActorRef<LayerActor.Reply> layerAdapter;
  private final int[][] targets;
  private final FieldBlock[][] latest; // [source][target]
  private final int[][] phases;
  private int[][] bestPending;
  private boolean[] accumulatePending;
  private Stage stage;
  private int phase;
  private int awaiting;
  private double[] sweepEnergies;
  private LayerActor.Snapshotted[] snapshots;

  private enum Stage { PREPARING, PRIMING_FIELDS, PRIMING_ENERGIES, IDLE, CLAMPING, SWEEPING, SNAPSHOT }

  /** Parallel tempering: this round's temperature of each local chain; null when all share the plan's. */
  private double[] roundTemperatures;

  /** Chains whose kernel is prepared (single layer; see {@link LayerKernel#prepare}). */
  private int preparedChains;

  /** Checkpoints and the clamp log, for a group that may move between nodes; null for one that never does. */
  private final GroupRecovery recovery;
  /** The sweep of the last checkpoint written or restored. */
  private long lastCheckpoint;
  /** Whether the states came from a checkpoint (their energies and bookkeeping too). */
  private boolean restored;
  private final java.util.LinkedHashMap<Long, GroupReport.Sweeps> recentReports = new java.util.LinkedHashMap<>();

  public static Behavior<Command> create(GroupSpec.Sampling spec, ModelCache cache, EngineSettings settings) {
    return create(spec, cache, settings, null);
  }

  /** A group that checkpoints and may be rebuilt from its latest checkpoint ({@code recovery}; null: neither). */
  public static Behavior<Command> create(GroupSpec.Sampling spec, ModelCache cache, EngineSettings settings,
      GroupRecovery recovery) {
    return Behaviors.setup(ctx -> new ChainGroup(ctx, spec, cache, settings, recovery));
  }

  private ChainGroup(ActorContext<Command> ctx, GroupSpec.Sampling spec, ModelCache cache, EngineSettings settings,
      GroupRecovery recovery) {
    super(ctx);
    this.spec = spec;
    this.recovery = recovery;
    this.model = cache.get(spec.model());
    this.sampling = model.sampling();
    this.chains = spec.chains();
    this.layers = sampling.layout().size();
    this.energy = new EnergyTracker(chains);
    this.energies = new double[chains];
    this.slice = new TimeSlice(settings.sliceNanos());
    this.phases = sampling.phases();
    LayerBlock[] initial = initialStates();
    Gemm gemm = settings.gemm();
    if (layers == 1) {
      this.kernel = sampling.kernel(0, new KernelSetup(spec.firstChain(), chains, spec.seed(), spec.sampler(),
          initial[0], gemm));
      this.kernels = List.of(kernel);
      this.tracker = new LayerTracker(kernel.states());
      if (recovery != null) {
        restoreLatest().ifPresent(cp -> tracker.restore(cp.layers().get(0).bestStates(),
            cp.layers().get(0).windowSums(), cp.averaged()));
      }
      this.scratch = new double[chains];
      this.layerAdapter = null;
      this.targets = null;
      this.latest = null;
      // preparing (e.g. the local fields of every chain) can take seconds: done in slices
      this.stage = Stage.PREPARING;
      ctx.getSelf().tell(Continue.INSTANCE);
    } else {
      this.kernel = null;
      this.tracker = null;
      this.scratch = null;
      this.layerAdapter = ctx.messageAdapter(LayerActor.Reply.class, FromLayer::new);
      this.targets = new int[layers][];
      this.latest = new FieldBlock[layers][layers];
      this.bestPending = new int[layers][];
      this.accumulatePending = new boolean[layers];
      DispatcherSelector dispatcher = DispatcherSelector.sameAsParent();
      List<LayerKernel> made = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        made.add(sampling.kernel(l, new KernelSetup(spec.firstChain(), chains, spec.seed(), spec.sampler(),
            initial[l], gemm)));
      }
      this.kernels = List.copyOf(made);
      java.util.Optional<GroupCheckpoint> restoredFrom = recovery == null ? java.util.Optional.empty() : restoreLatest();
      for (int l = 0; l < layers; l++) {
        LayerKernel k = kernels.get(l);
        targets[l] = k.targets();
        bestPending[l] = new int[0];
        LayerTracker layerTracker = new LayerTracker(k.states());
        int layer = l;
        restoredFrom.ifPresent(cp -> layerTracker.restore(cp.layers().get(layer).bestStates(),
            cp.layers().get(layer).windowSums(), cp.averaged()));
        ActorRef<LayerActor.Command> ref = ctx.spawn(ActorCensus.counted(LayerActor.create(l, k, layerTracker,
            settings.sliceNanos())), sampling.layout().layer(l).name(), dispatcher);
        ctx.watch(ref);
        layerActors.add(ref);
      }
      this.stage = Stage.PRIMING_FIELDS;
      awaiting = layers;
      layerActors.forEach(a -> a.tell(new LayerActor.EmitFields(layerAdapter)));
    }
  }

  /** Whether every layer's kernel exposes its random streams and this JVM can save them. */
  private boolean checkpointable() {
    return org.ebmsim.dynamics.RandomStreamState.available()
        && kernels.stream().allMatch(k -> k.randomStreams() != null);
  }

  /**
   * Takes the latest checkpoint, if the kernels can resume from one: the clamps ordered before it,
   * then every layer's states and streams, the energies and the energy bookkeeping it saved (the
   * caller restores the layers' trackers, which their owners hold). Empty: replayed from the start.
   */
  private java.util.Optional<GroupCheckpoint> restoreLatest() {
    if (!checkpointable()) {
      return java.util.Optional.empty();
    }
    List<LayerBlock> like = kernels.stream().map(LayerKernel::states).toList();
    java.util.Optional<GroupCheckpoint> latest = recovery.checkpoints().latest(in -> GroupCheckpoint.read(in, like));
    latest.ifPresent(cp -> {
      for (org.ebmsim.session.ClampAt at : recovery.clampLog()) {
        if (at.sweep() < cp.sweep()) {
          applyClampChanges(at.changes());
        }
      }
      for (int l = 0; l < layers; l++) {
        GroupCheckpoint.Layer saved = cp.layers().get(l);
        LayerKernel k = kernels.get(l);
        for (int c = 0; c < chains; c++) {
          saved.states().copyRow(c, k.states(), c);
        }
        org.ebmsim.dynamics.RandomStreamState.restore(k.randomStreams(), saved.streams());
      }
      energy.restore(cp.bestEnergies(), cp.lastEnergies());
      System.arraycopy(cp.energies(), 0, energies, 0, chains);
      sweep = cp.sweep();
      lastCheckpoint = cp.sweep();
      restored = true;
      getContext().getLog().debug("chain group {} resumes from its checkpoint after {} sweeps", spec.index(),
          cp.sweep());
      // the rounds up to the checkpoint: their reports may have died with the old node
      for (GroupReport.Sweeps kept : SerializedReports.read(getContext().getSystem(), cp.reports(),
          GroupReport.Sweeps.class)) {
        recentReports.put(kept.sweep(), kept);
      }
    });
    return latest;
  }

  /** The sweep this group has reached (a rebuilt group: its checkpoint's). */
  long sweep() {
    return sweep;
  }

  /** Random states of every layer, then the given layers or the cue over them. */
  private LayerBlock[] initialStates() {
    LayerBlock[] blocks = InitialStates.random(sampling, spec.seed(), spec.firstChain(), chains);
    InitialState init = spec.initial();
    if (init instanceof InitialState.Given given) {
      for (int l = 0; l < blocks.length; l++) {
        if (given.layers()[l] != null) {
          InitialStates.setGiven(blocks[l], given.layers()[l], spec.firstChain() - given.firstChain());
        }
      }
    } else if (init instanceof InitialState.Cue cue) {
      InitialStates.setCue(blocks[0], cue.cue(), cue.known());
    }
    return blocks;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, this::enqueue)
        .onMessage(Finish.class, this::enqueue)
        .onMessage(Continue.class, c -> stage == Stage.PREPARING ? prepareSome() : runSingle())
        .onMessage(FromLayer.class, this::onLayer)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> enqueue(Command c) {
    if (c instanceof Advance a && isKnown(a)) {
      return this;
    }
    queue.add(c);
    if (stage == Stage.IDLE && current == null) {
      startNext();
    }
    return this;
  }

  /**
   * Whether an advance was already run (then its kept report is sent again) or is running or
   * waiting: a session sends advances again when it cannot tell whether a moved group got them.
   */
  private boolean isKnown(Advance a) {
    if (current instanceof Advance running && running.to() == a.to()) {
      return true;
    }
    for (Command q : queue) {
      if (q instanceof Advance waiting && waiting.to() == a.to()) {
        return true;
      }
    }
    if (a.to() <= sweep) {
      GroupReport.Sweeps kept = recentReports.get(a.to());
      if (kept != null) {
        a.replyTo().tell(kept);
      }
      return true;
    }
    return false;
  }

  /**
   * Puts unreported replays from this group's sweep up to {@code target} before the queue's head,
   * cut where the session's clamp log ordered clamps.
   */
  private void queueReplays(long target, GroupOrders orders) {
    List<Long> cuts = new ArrayList<>();
    List<List<ClampChange>> clamps = new ArrayList<>();
    cuts.add(sweep);
    clamps.add(List.of());
    for (org.ebmsim.session.ClampAt at : recovery == null ? List.<org.ebmsim.session.ClampAt>of() : recovery.clampLog()) {
      if (at.sweep() >= sweep && at.sweep() < target) {
        if (at.sweep() == sweep) {
          clamps.set(0, at.changes());
        } else {
          cuts.add(at.sweep());
          clamps.add(at.changes());
        }
      }
    }
    for (int k = cuts.size() - 1; k >= 0; k--) {
      long to = k + 1 < cuts.size() ? cuts.get(k + 1) : target;
      queue.addFirst(new Replay(to, new GroupOrders(orders.temperatures(), clamps.get(k), new int[0])));
    }
  }

  /**
   * Puts unreported replays of the session's rounds from this group's sweep up to {@code target}
   * before the queue's head, each at the temperatures its chains ran at.
   *
   * @throws IllegalStateException if the session no longer holds those rounds (the group fails,
   *     and with it the session, rather than replaying at other temperatures)
   */
  private void queueTemperedReplays(ReplayRounds missed, long target) {
    int first = missed.firstFrom(sweep, target);
    if (first < 0) {
      throw new IllegalStateException("chain group " + spec.index() + " resumed after sweep " + sweep
          + " but its session holds the temperatures of its rounds only from sweep " + missed.from(0)
          + " to " + missed.to(missed.rounds() - 1) + " (a replay needs every round from there to " + target + ")");
    }
    GroupOrders none = new GroupOrders(TemperaturePlan.of(org.ebmsim.dynamics.Schedule.constant(1, 1)), List.of(),
        new int[0]);
    for (int r = missed.rounds() - 1; r >= first; r--) {
      if (missed.to(r) <= target) {
        queue.addFirst(new Replay(missed.to(r), none, missed.temperatures(r, chains)));
      }
    }
  }

  private static long toOf(Command c) {
    return c instanceof Replay r ? r.to() : ((Advance) c).to();
  }

  private static GroupOrders ordersOf(Command c) {
    return c instanceof Replay r ? r.orders() : ((Advance) c).orders();
  }

  private void startNext() {
    current = queue.poll();
    if (current == null) {
      return;
    }
    if (current instanceof Finish f) {
      if (f.at() > sweep) {
        // a rebuilt group that has not replayed to the end yet: the session sends the last round again, then this
        current = null;
        startNext();
        return;
      }
      finish(f);
      return;
    }
    if (current instanceof Advance adv && adv.from() > sweep) {
      if (adv.orders().chainTemperatures() != null) {
        if (adv.missed() == null) {
          // rebuilt behind a round whose missed rounds ran at temperatures only the session knows:
          // it sends the round again with them (at once when it hears where the group started)
          current = null;
          startNext();
          return;
        }
        queue.addFirst(adv);
        queueTemperedReplays(adv.missed(), adv.from());
      } else {
        queue.addFirst(adv);
        queueReplays(adv.from(), adv.orders());
      }
      current = queue.poll();
    }
    Command a = current;
    flips = 0;
    updates = 0;
    lastSweepFlips = 0;
    roundTemperatures = a instanceof Replay r && r.temperatures() != null ? r.temperatures()
        : localTemperatures(ordersOf(a));
    if (layers == 1) {
      applyClampsHere(ordersOf(a).clamps());
      chainCursor = 0;
      chainSweep = sweep;
      getContext().getSelf().tell(Continue.INSTANCE);
    } else if (!ordersOf(a).clamps().isEmpty()) {
      startClamping(ordersOf(a).clamps());
    } else {
      nextSweep();
    }
  }

  private void done(Command c) {
    current = null;
    if (stage == Stage.IDLE || layers == 1) {
      startNext();
    }
  }

  // ------------------------------------------------------------------------------------------
  // One layer: swept here

  private void applyClampsHere(List<ClampChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    applyClampChanges(changes);
    Arrays.fill(energies, 0);
    kernel.addEnergies(0, chains, energies);
  }

  /** Applies clamp changes to the layers' kernels (a multi-layer group: only before its actors own them). */
  private void applyClampChanges(List<ClampChange> changes) {
    for (ClampChange c : changes) {
      LayerKernel k = kernels.get(c.layer());
      for (int u = 0; u < c.units().length; u++) {
        if (c.release()) {
          k.release(c.units()[u]);
        } else {
          k.clamp(c.units()[u], c.values()[u]);
        }
      }
    }
  }

  /** Prepares chains until the slice is used up; then the energies of the start, and the queued work. */
  private Behavior<Command> prepareSome() {
    slice.start();
    while (preparedChains < chains) {
      kernel.prepare(preparedChains, preparedChains + 1);
      preparedChains++;
      // a chain's preparation may be O(N²): look at the clock after each one
      if (preparedChains < chains && slice.exhausted(Long.MAX_VALUE / 4)) {
        getContext().getSelf().tell(Continue.INSTANCE);
        return this;
      }
    }
    if (!restored) { // a restored group has its energies and bookkeeping from the checkpoint
      kernel.addEnergies(0, chains, energies);
      observeAll(0);
    }
    stage = Stage.IDLE;
    if (current == null) {
      startNext();
    }
    return this;
  }

  private void observeAll(long completed) {
    for (int c = 0; c < chains; c++) {
      observeHere(c, completed, energies[c]);
    }
  }

  private void observeHere(int c, long completed, double e) {
    if (energy.observe(c, e)) {
      tracker.recordBest(c, kernel.states());
    }
    if (completed >= spec.averageFromSweep()) {
      tracker.accumulate(kernel.states(), c, c + 1);
    }
  }

  /** Runs the current advance until the slice is used up, then yields or answers. */
  private Behavior<Command> runSingle() {
    Command a = current;
    TemperaturePlan temps = ordersOf(a).temperatures();
    long to = toOf(a);
    int units = kernel.shape().units();
    slice.start();
    if (kernel.rowIndependent()) {
      while (chainCursor < chains) {
        int c = chainCursor;
        while (chainSweep < to) {
          long f = kernel.update(c, c + 1, chainSweep, roundTemperatures != null ? roundTemperatures[c]
              : temps.temperatureOfSweep(chainSweep));
          flips += f;
          updates += kernel.freeUnits();
          if (chainSweep == to - 1) {
            lastSweepFlips += f;
          }
          scratch[c] = 0;
          kernel.addEnergies(c, c + 1, scratch);
          energies[c] = scratch[c];
          chainSweep++;
          observeHere(c, chainSweep, energies[c]);
          if (slice.exhausted(units) && (chainSweep < to || chainCursor + 1 < chains)) {
            if (chainSweep == to) {
              chainCursor++;
              chainSweep = sweep;
            }
            getContext().getSelf().tell(Continue.INSTANCE);
            return this;
          }
        }
        chainCursor++;
        chainSweep = sweep;
      }
    } else {
      while (sweep < to) {
        long f = TemperatureRuns.update(kernel, 0, chains, sweep, temps.temperatureOfSweep(sweep), roundTemperatures);
        flips += f;
        updates += (long) chains * kernel.freeUnits();
        lastSweepFlips = f;
        Arrays.fill(energies, 0);
        kernel.addEnergies(0, chains, energies);
        sweep++;
        observeAll(sweep);
        if (sweep < to && slice.exhausted((long) chains * units)) {
          getContext().getSelf().tell(Continue.INSTANCE);
          return this;
        }
      }
    }
    sweep = to;
    if (a instanceof Replay) {
      done(a);
      return this;
    }
    Advance adv = (Advance) a;
    int[] sample = local(adv.orders().sampleChains());
    List<ChainSnapshot> samples = new ArrayList<>();
    for (int c : sample) {
      samples.add(snapshot(c, energies[c], kernel.states().copyRows(new int[] {c})));
    }
    int best = energy.bestChain();
    double[] joint = adv.orders().jointEnergies() ? jointEnergies(List.of(kernel.states())) : null;
    GroupReport.Sweeps report = new GroupReport.Sweeps(spec.index(), sweep, energies.clone(), flips, updates,
        lastSweepFlips, List.copyOf(samples), snapshot(best, energy.best(best), tracker.bestState(best)), joint,
        probed(adv.orders().overlaps(), kernel.states(), 0), checkpointDue() ? sweep : lastCheckpoint);
    keep(report);
    checkpointIfDue();
    adv.replyTo().tell(report);
    done(a);
    return this;
  }

  /** Local chains 0 .. n−1 are those of the probe's first chains that this group holds. */
  private int probedChains(OverlapProbe p) {
    return p == null ? 0 : (int) Math.max(0, Math.min(chains, p.chains() - spec.firstChain()));
  }

  /**
   * The overlaps the probe asks for, chain-major, of the probed chains whose visible states are
   * rows {@code from ..} of {@code visible}.
   */
  private double[] probed(OverlapProbe p, LayerBlock visible, int from) {
    int n = probedChains(p);
    if (n == 0) {
      return new double[0];
    }
    if (probeOverlaps == null || !Arrays.equals(probe.patterns(), p.patterns())) {
      probe = p;
      probeOverlaps = model.overlaps(p.patterns());
    }
    int k = probeOverlaps.count();
    double[] out = new double[n * k];
    for (int c = 0; c < n; c++) {
      probeOverlaps.overlaps(visible, from + c, out, c * k);
    }
    return out;
  }

  private void keep(GroupReport.Sweeps report) {
    recentReports.put(report.sweep(), report);
    if (recentReports.size() > KEPT_REPORTS) {
      recentReports.remove(recentReports.keySet().iterator().next());
    }
  }

  /**
   * Whether to save the chains at this report boundary: at least {@code every} sweeps past the last
   * checkpoint, where every layer's kernel can resume exactly.
   */
  private boolean checkpointDue() {
    if (recovery == null || sweep - lastCheckpoint < recovery.every() || !checkpointable()) {
      return false;
    }
    for (LayerKernel k : kernels) {
      if (!k.resumableAfter(sweep)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Saves the chains (one layer, swept here) when due, before the report goes out: a round the
   * session has gathered is always covered by a checkpoint or by a replay of rounds whose orders it
   * still sends.
   */
  private void checkpointIfDue() {
    if (!checkpointDue()) {
      return;
    }
    saveCheckpoint(List.of(new GroupCheckpoint.Layer(kernel.states().copy(),
        org.ebmsim.dynamics.RandomStreamState.save(kernel.randomStreams()), tracker.bestStates(), tracker.sums())),
        tracker.averaged());
  }

  private void saveCheckpoint(List<GroupCheckpoint.Layer> saved, long averaged) {
    GroupCheckpoint cp = new GroupCheckpoint(sweep, saved, energy.bestEnergies(), energy.lastEnergies(),
        energies.clone(), averaged, SerializedReports.of(getContext().getSystem(), recentReports.values()));
    recovery.checkpoints().save(cp::write);
    lastCheckpoint = sweep;
  }

  /** A shown state, its energy re-evaluated in float64 where the kernels track it in float32. */
  private ChainSnapshot snapshot(int local, double e, LayerBlock... layerRows) {
    List<LayerBlock> layers = List.of(layerRows);
    double exact = sampling.exactEnergy(layers);
    return new ChainSnapshot((int) (spec.firstChain() + local), Double.isNaN(exact) ? e : exact, layers);
  }

  /**
   * Every chain's lowest tracked energy, with those of the shown best states replaced by their
   * re-evaluated energies, so that a shown state and its chain's best energy agree exactly.
   */
  private double[] bestEnergies(int[] shown, List<ChainSnapshot> bestStates) {
    double[] best = energy.bestEnergies();
    for (int k = 0; k < shown.length; k++) {
      best[shown[k]] = bestStates.get(k).energy();
    }
    return best;
  }

  /** The local indices of the global chains this group holds, in the given order. */
  private int[] local(int[] global) {
    long lo = spec.firstChain();
    long hi = lo + chains;
    return Arrays.stream(global).filter(c -> c >= lo && c < hi).map(c -> (int) (c - lo)).toArray();
  }

  private void finish(Finish f) {
    int[] which = local(f.chains());
    int best = energy.bestChain();
    if (layers == 1) {
      List<ChainSnapshot> bestStates = new ArrayList<>();
      List<ChainSnapshot> finalStates = new ArrayList<>();
      for (int c : which) {
        bestStates.add(snapshot(c, energy.best(c), tracker.bestState(c)));
        finalStates.add(snapshot(c, energies[c], kernel.states().copyRows(new int[] {c})));
      }
      f.replyTo().tell(new GroupFinal(spec.index(), bestEnergies(which, bestStates), energies.clone(),
          List.copyOf(bestStates), List.copyOf(finalStates), List.of(tracker.sums()), tracker.averaged(),
          snapshot(best, energy.best(best), tracker.bestState(best)),
          f.allFinalStates() ? List.of(kernel.states().copy()) : null));
      done(f);
      return;
    }
    int[] bestRows = Arrays.copyOf(which, which.length + 1);
    bestRows[which.length] = best;
    startSnapshot(which, bestRows, true, f.allFinalStates(), false);
  }

  /** The slice of {@link GroupOrders#chainTemperatures} that holds this group's chains, or null. */
  private double[] localTemperatures(GroupOrders orders) {
    if (orders.chainTemperatures() == null) {
      return null;
    }
    int first = (int) spec.firstChain();
    return Arrays.copyOfRange(orders.chainTemperatures(), first, first + chains);
  }

  /** Every chain's joint energy for replica exchange, from every layer's states (rows = chains). */
  private double[] jointEnergies(List<LayerBlock> states) {
    TemperingEnergy how = sampling.temperingEnergy().orElseThrow(() -> new IllegalStateException(
        "joint energies asked of a model without a tempering energy"));
    double[] out = new double[chains];
    if (how instanceof TemperingEnergy.FromStates f) {
      f.energy().energies(states, out);
    } else {
      System.arraycopy(energies, 0, out, 0, chains);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Several layers: one actor each

  private List<LayerActor.FieldIn> incoming(int layer) {
    List<LayerActor.FieldIn> in = new ArrayList<>();
    for (int s = 0; s < layers; s++) {
      if (latest[s][layer] != null) {
        in.add(new LayerActor.FieldIn(s, latest[s][layer]));
        latest[s][layer] = null; // handed over: the layer owns it now
      }
    }
    return in;
  }

  private void store(int source, LayerActor.Fields fields) {
    store(source, fields.fields());
  }

  private void store(int source, FieldBlock[] fields) {
    for (int k = 0; k < targets[source].length; k++) {
      latest[source][targets[source][k]] = fields[k];
    }
  }

  private Behavior<Command> onLayer(FromLayer msg) {
    LayerActor.Reply r = msg.reply();
    switch (stage) {
      case PRIMING_FIELDS -> {
        store(r.layer(), (LayerActor.Fields) r);
        if (--awaiting == 0) {
          stage = Stage.PRIMING_ENERGIES;
          awaiting = layers;
          sweepEnergies = new double[chains];
          for (int l = 0; l < layers; l++) {
            layerActors.get(l).tell(new LayerActor.ReportEnergies(incoming(l), layerAdapter));
          }
        }
      }
      case PRIMING_ENERGIES -> {
        add(sweepEnergies, ((LayerActor.Energies) r).energies());
        if (--awaiting == 0) {
          if (!restored) { // a restored group has its energies and bookkeeping from the checkpoint
            System.arraycopy(sweepEnergies, 0, energies, 0, chains);
            observeLayered(0);
          }
          stage = Stage.IDLE;
          startNext();
        }
      }
      case CLAMPING -> {
        store(r.layer(), (LayerActor.Fields) r);
        if (--awaiting == 0) {
          nextSweep();
        }
      }
      case SWEEPING -> onUpdated((LayerActor.Updated) r);
      case SNAPSHOT -> {
        snapshots[r.layer()] = (LayerActor.Snapshotted) r;
        if (--awaiting == 0) {
          stage = Stage.IDLE;
          answer();
        }
      }
      default -> throw new IllegalStateException("layer reply in stage " + stage);
    }
    return this;
  }

  private static void add(double[] into, double[] terms) {
    for (int c = 0; c < into.length; c++) {
      into[c] += terms[c];
    }
  }

  /** Every chain's energy after a sweep: improved chains' states become their best, on every layer. */
  private void observeLayered(long completed) {
    int[] improved = new int[chains];
    int n = 0;
    for (int c = 0; c < chains; c++) {
      if (energy.observe(c, energies[c])) {
        improved[n++] = c;
      }
    }
    int[] best = Arrays.copyOf(improved, n);
    boolean accumulate = completed >= spec.averageFromSweep();
    for (int l = 0; l < layers; l++) {
      bestPending[l] = best;
      accumulatePending[l] = accumulate;
    }
  }

  private void startClamping(List<ClampChange> changes) {
    stage = Stage.CLAMPING;
    awaiting = 0;
    for (int l = 0; l < layers; l++) {
      int layer = l;
      List<ClampChange> mine = changes.stream().filter(c -> c.layer() == layer).toList();
      if (!mine.isEmpty()) {
        awaiting++;
        layerActors.get(l).tell(new LayerActor.ApplyClamps(mine, layerAdapter));
      }
    }
    if (awaiting == 0) {
      nextSweep();
    }
  }

  /** Starts the next sweep's first phase, or snapshots at the round's end. */
  private void nextSweep() {
    Command cmd = current;
    if (sweep >= toOf(cmd)) {
      if (cmd instanceof Replay) {
        stage = Stage.IDLE; // best-state and window updates still pending go with the next sweep's updates
        done(cmd);
        return;
      }
      Advance a = (Advance) cmd;
      int best = energy.bestChain();
      int[] sample = local(a.orders().sampleChains());
      int probed = probedChains(a.orders().overlaps());
      int[] rows = Arrays.copyOf(sample, sample.length + probed); // the probed chains' rows follow the samples'
      for (int c = 0; c < probed; c++) {
        rows[sample.length + c] = c;
      }
      startSnapshot(rows, new int[] {best}, false, a.orders().jointEnergies(), checkpointDue());
      return;
    }
    stage = Stage.SWEEPING;
    phase = 0;
    sweepEnergies = new double[chains];
    lastSweepFlips = 0;
    startPhase();
  }

  private void startPhase() {
    double t = ordersOf(current).temperatures().temperatureOfSweep(sweep);
    int[] layersOfPhase = phases[phase];
    awaiting = layersOfPhase.length;
    for (int l : layersOfPhase) {
      layerActors.get(l).tell(new LayerActor.Update(sweep, t, roundTemperatures, incoming(l), bestPending[l],
          accumulatePending[l], layerAdapter));
      bestPending[l] = new int[0];
      accumulatePending[l] = false;
    }
  }

  private void onUpdated(LayerActor.Updated u) {
    store(u.layer(), u.fields());
    add(sweepEnergies, u.energies());
    flips += u.flips();
    lastSweepFlips += u.flips();
    updates += u.updates();
    if (--awaiting > 0) {
      return;
    }
    if (++phase < phases.length) {
      startPhase();
      return;
    }
    sweep++;
    System.arraycopy(sweepEnergies, 0, energies, 0, chains);
    observeLayered(sweep);
    nextSweep();
  }

  /** Asks every layer for its snapshot (with {@code checkpoint}: and its part of a checkpoint). */
  private void startSnapshot(int[] currentRows, int[] bestRows, boolean sums, boolean all, boolean checkpoint) {
    stage = Stage.SNAPSHOT;
    snapshots = new LayerActor.Snapshotted[layers];
    awaiting = layers;
    for (int l = 0; l < layers; l++) {
      layerActors.get(l).tell(new LayerActor.Snapshot(bestPending[l], accumulatePending[l], currentRows, bestRows,
          sums, all, checkpoint, layerAdapter));
      bestPending[l] = new int[0];
      accumulatePending[l] = false;
    }
  }

  /** Answers the current command from the layers' snapshots. */
  private void answer() {
    Command c = current;
    if (c instanceof Advance a) {
      int[] sample = local(a.orders().sampleChains());
      List<ChainSnapshot> samples = new ArrayList<>();
      for (int k = 0; k < sample.length; k++) {
        samples.add(snapshot(sample[k], energies[sample[k]], rowOfEachLayer(true, k)));
      }
      int best = energy.bestChain();
      double[] joint = null;
      if (a.orders().jointEnergies()) {
        List<LayerBlock> all = new ArrayList<>();
        for (LayerActor.Snapshotted s : snapshots) {
          all.add(s.all());
        }
        joint = jointEnergies(all);
      }
      GroupReport.Sweeps report = new GroupReport.Sweeps(spec.index(), sweep, energies.clone(), flips, updates,
          lastSweepFlips, List.copyOf(samples), snapshot(best, energy.best(best), rowOfEachLayer(false, 0)), joint,
          probed(a.orders().overlaps(), snapshots[0].current(), sample.length),
          snapshots[0].checkpoint() != null ? sweep : lastCheckpoint);
      keep(report);
      if (snapshots[0].checkpoint() != null) { // asked for when due: saved before the report goes out
        List<GroupCheckpoint.Layer> saved = new ArrayList<>();
        for (LayerActor.Snapshotted s : snapshots) {
          saved.add(s.checkpoint());
        }
        saveCheckpoint(saved, snapshots[0].averaged());
      }
      a.replyTo().tell(report);
    } else {
      Finish f = (Finish) c;
      int[] which = local(f.chains());
      List<ChainSnapshot> bestStates = new ArrayList<>();
      List<ChainSnapshot> finalStates = new ArrayList<>();
      for (int k = 0; k < which.length; k++) {
        bestStates.add(snapshot(which[k], energy.best(which[k]), rowOfEachLayer(false, k)));
        finalStates.add(snapshot(which[k], energies[which[k]], rowOfEachLayer(true, k)));
      }
      int best = energy.bestChain();
      List<double[]> sums = new ArrayList<>();
      List<LayerBlock> all = f.allFinalStates() ? new ArrayList<>() : null;
      for (LayerActor.Snapshotted s : snapshots) {
        sums.add(s.sums());
        if (all != null) {
          all.add(s.all());
        }
      }
      f.replyTo().tell(new GroupFinal(spec.index(), bestEnergies(which, bestStates), energies.clone(),
          List.copyOf(bestStates), List.copyOf(finalStates), sums, snapshots[0].averaged(), snapshot(best, energy.best(best),
          rowOfEachLayer(false, which.length)), all));
    }
    done(c);
  }

  /** Row k of every layer's current (or best) snapshot, one block per layer. */
  private LayerBlock[] rowOfEachLayer(boolean currentStates, int k) {
    LayerBlock[] rows = new LayerBlock[layers];
    for (int l = 0; l < layers; l++) {
      LayerBlock b = currentStates ? snapshots[l].current() : snapshots[l].best();
      rows[l] = b.copyRows(new int[] {k});
    }
    return rows;
  }
}
