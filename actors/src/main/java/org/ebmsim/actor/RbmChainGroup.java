package org.ebmsim.actor;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.ChainTracker;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.VisibleClamp;

/**
 * A batch of RBM chains, speaking the {@link ChainGroup} protocol so that sessions treat it like
 * any other group. It spawns a visible and a hidden {@link RbmLayerActor} and runs block Gibbs
 * by passing fields between them: every sweep the hidden layer samples from the visible layer's
 * input and answers with its field on the visible layer, which the visible layer samples from.
 * Chains are tracked by their visible states (±1) and free energies.
 */
public final class RbmChainGroup extends AbstractBehavior<ChainGroup.Command> {
  /**
   * Everything the group needs; immutable once sent. Initial states are ±1, chains × V.
   *
   * @param zeroTemperature deterministic dynamics: every half-step takes each unit's most likely
   *     value (sampling at {@link #ZERO_TEMPERATURE}) instead of following the schedule
   */
  public record Setup(int index, int firstChain, int chains, Rbm rbm, Gemm gemm, boolean[] clamped,
      Schedule schedule, long seed, byte[] initialStates, long averageFromSweep, boolean zeroTemperature) {}

  /**
   * Temperature standing in for T → 0: conditionals become steps (|field|/T overflows no float
   * for fields below 1e29) and Gaussian hidden units collapse onto their means.
   */
  static final double ZERO_TEMPERATURE = 1e-9;

  private record HiddenDone(RbmLayerActor.HiddenSampled msg) implements ChainGroup.Command {}

  private record VisibleDone(RbmLayerActor.VisibleSampled msg) implements ChainGroup.Command {}

  private final Setup setup;
  private final int units;
  private final ChainTracker tracker;
  private final ActorRef<RbmLayerActor.Command> visible;
  private final ActorRef<RbmLayerActor.Command> hidden;
  private final ActorRef<RbmLayerActor.HiddenSampled> hiddenAdapter;
  private final ActorRef<RbmLayerActor.VisibleSampled> visibleAdapter;
  private final long updatesPerSweep;
  private long sweep;
  private FloatMatrix hiddenInput;
  private double[] energies;
  private byte[] states;
  private final java.util.ArrayDeque<ChainGroup.Advance> queued = new java.util.ArrayDeque<>();
  private ChainGroup.Advance pending;
  private ChainGroup.Finish pendingFinish;
  private long flips;
  private long updates;
  private long lastSweepFlips;

  public static Behavior<ChainGroup.Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new RbmChainGroup(ctx, setup));
  }

  private RbmChainGroup(ActorContext<ChainGroup.Command> ctx, Setup setup) {
    super(ctx);
    this.setup = setup;
    Rbm rbm = setup.rbm();
    this.units = rbm.visibleUnits();
    this.tracker = new ChainTracker(setup.chains(), units, setup.averageFromSweep());
    int clampedCount = 0;
    int[] clampedUnits = new int[units];
    if (setup.clamped() != null) {
      for (int i = 0; i < units; i++) {
        if (setup.clamped()[i]) {
          clampedUnits[clampedCount++] = i;
        }
      }
    }
    this.updatesPerSweep = (long) setup.chains() * (units - clampedCount);
    VisibleClamp clamp = clampedCount == 0 ? VisibleClamp.none()
        : VisibleClamp.units(units, Arrays.copyOf(clampedUnits, clampedCount));
    FloatMatrix v = FloatMatrix.zeros(setup.chains(), units);
    boolean zeroOne = rbm instanceof BinaryRbm;
    byte[] init = setup.initialStates();
    for (int k = 0; k < init.length; k++) {
      v.data()[k] = zeroOne ? (init[k] > 0 ? 1f : 0f) : init[k];
    }
    DispatcherSelector sampling = DispatcherSelector.fromConfig(SamplingSession.SAMPLING_DISPATCHER);
    this.visible = ctx.spawn(RbmLayerActor.create(rbm, setup.gemm(), v,
        ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(), setup.chains()), clamp),
        "visible", sampling);
    this.hidden = ctx.spawn(RbmLayerActor.create(rbm, setup.gemm(), FloatMatrix.zeros(setup.chains(),
        rbm.hiddenUnits()), ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + 1,
        setup.firstChain(), setup.chains()), VisibleClamp.none()), "hidden", sampling);
    ctx.watch(visible);
    ctx.watch(hidden);
    this.hiddenAdapter = ctx.messageAdapter(RbmLayerActor.HiddenSampled.class, HiddenDone::new);
    this.visibleAdapter = ctx.messageAdapter(RbmLayerActor.VisibleSampled.class, VisibleDone::new);
    // Sweep 0: the visible layer reports the initial states' energies and hidden input.
    visible.tell(new RbmLayerActor.SampleVisible(0, 1.0, null, visibleAdapter));
  }

  @Override
  public Receive<ChainGroup.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ChainGroup.Advance.class, this::onAdvance)
        .onMessage(ChainGroup.Finish.class, this::onFinish)
        .onMessage(HiddenDone.class, this::onHidden)
        .onMessage(VisibleDone.class, this::onVisible)
        .onMessage(ChainGroup.Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private boolean primed() {
    return hiddenInput != null;
  }

  private Behavior<ChainGroup.Command> onAdvance(ChainGroup.Advance msg) {
    queued.add(msg);
    if (pending == null && primed()) {
      startNext();
    }
    return this;
  }

  /** Takes the next queued Advance (sessions may queue one ahead to keep the group busy). */
  private void startNext() {
    pending = queued.poll();
    if (pending != null) {
      flips = 0;
      updates = 0;
      next();
    }
  }

  /** Starts the next sweep, or answers the pending Advance when its target is reached. */
  private void next() {
    if (sweep >= pending.toSweep()) {
      reply();
      return;
    }
    hidden.tell(new RbmLayerActor.SampleHidden(sweep, temperature(), hiddenInput, hiddenAdapter));
  }

  private double temperature() {
    return setup.zeroTemperature() ? ZERO_TEMPERATURE : setup.schedule().temperatureOfSweep(sweep);
  }

  private Behavior<ChainGroup.Command> onHidden(HiddenDone done) {
    visible.tell(new RbmLayerActor.SampleVisible(sweep, temperature(), done.msg().visibleField(), visibleAdapter));
    return this;
  }

  private Behavior<ChainGroup.Command> onVisible(VisibleDone done) {
    RbmLayerActor.VisibleSampled s = done.msg();
    boolean initial = !primed();
    hiddenInput = s.hiddenInput();
    energies = s.freeEnergies();
    states = s.spins();
    if (!initial) {
      sweep++;
      lastSweepFlips = s.flips();
      flips += s.flips();
      updates += updatesPerSweep;
    }
    tracker.observe(sweep, energies, states);
    if (initial) {
      if (pendingFinish != null && queued.isEmpty()) {
        return finish(pendingFinish);
      }
      startNext();
    } else {
      next();
    }
    return this;
  }

  private void reply() {
    int[] sample = pending.sampleLocal();
    byte[][] samples = new byte[sample.length][];
    for (int k = 0; k < sample.length; k++) {
      samples[k] = stateOf(sample[k]);
    }
    int best = tracker.bestChain();
    pending.replyTo().tell(new ChainGroup.Advanced(setup.index(), sweep, energies.clone(), flips, updates,
        lastSweepFlips, samples, best, tracker.bestEnergy(best), tracker.bestState(best)));
    startNext();
  }

  private Behavior<ChainGroup.Command> onFinish(ChainGroup.Finish msg) {
    if (!primed()) {
      pendingFinish = msg;
      return this;
    }
    return finish(msg);
  }

  private Behavior<ChainGroup.Command> finish(ChainGroup.Finish msg) {
    int[] local = msg.resultLocal();
    byte[][] bestStates = new byte[local.length][];
    byte[][] finalStates = new byte[local.length][];
    for (int k = 0; k < local.length; k++) {
      bestStates[k] = tracker.bestState(local[k]);
      finalStates[k] = stateOf(local[k]);
    }
    int best = tracker.bestChain();
    msg.replyTo().tell(new ChainGroup.Finished(setup.index(), tracker.bestEnergies(), bestStates, energies.clone(),
        finalStates, tracker.plusCounts(), tracker.averagedStates(), best, tracker.bestEnergy(best),
        tracker.bestState(best)));
    pendingFinish = null;
    return this;
  }

  private byte[] stateOf(int c) {
    return Arrays.copyOfRange(states, c * units, (c + 1) * units);
  }
}
