package org.ebmsim.actor;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.ChainTracker;
import org.ebmsim.dynamics.LayerCouplings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.SpinChains;
import org.ebmsim.dynamics.SpinSampler;
import org.ebmsim.session.SamplerKind;

/**
 * A batch of chains (global indices {@code firstChain .. firstChain+chains-1}) of one session.
 *
 * <p>For a single-layer model the group sweeps its chains itself, in chunks of at most
 * {@code chunkUpdates} site updates so that other messages (a Stop) are handled between chunks.
 * For a model with hidden units it spawns a visible and a hidden {@link LayerActor} and, every
 * sweep, passes each the field the other puts on it. Either way it tracks every chain's best
 * state and the averaging window in a {@link ChainTracker}, and answers {@link Advance} with a
 * {@link Advanced} report and {@link Finish} with {@link Finished}.
 *
 * <p>Implementation notes: every random draw comes from a chain's own stream, keyed by its
 * global index and the layer, and field recomputation happens at sweeps that are multiples of
 * {@code recomputeEvery}; hence a chain's trajectory is the same in any group and any chunking.
 */
public final class ChainGroup extends AbstractBehavior<ChainGroup.Command> {
  /** Everything a group needs; immutable once sent. */
  public record Setup(int index, int firstChain, int chains, LayerCouplings[] layers, SamplerKind sampler,
      boolean[] clamped, Schedule schedule, long seed, byte[] initialStates, long averageFromSweep,
      int recomputeEvery, long chunkUpdates) {}

  /** Open so that other group implementations (e.g. {@link RbmChainGroup}) speak the same protocol. */
  public interface Command {}

  /** Run sweeps until {@code toSweep} have completed, then report; include states of {@code sampleLocal}. */
  public record Advance(long toSweep, int[] sampleLocal, ActorRef<Advanced> replyTo) implements Command {}

  /**
   * @param energies current energy of each of the group's chains
   * @param samples states of the requested chains, in request order
   * @param bestLocal the group's chain with the lowest energy visited so far
   */
  public record Advanced(int group, long sweep, double[] energies, long flips, long updates,
      long lastSweepFlips, byte[][] samples, int bestLocal, double bestEnergy, byte[] bestState) {}

  /** Report final and best states of {@code resultLocal} and the averages. */
  public record Finish(int[] resultLocal, ActorRef<Finished> replyTo) implements Command {}

  public record Finished(int group, double[] bestEnergies, byte[][] bestStates, double[] finalEnergies,
      byte[][] finalStates, long[] plusCounts, long averagedStates, int bestLocal, double bestEnergy,
      byte[] bestState) {}

  public enum Stop implements Command { INSTANCE }

  private enum ContinueChunk implements Command { INSTANCE }

  private record LayerSwept(LayerActor.Swept swept) implements Command {}

  private final Setup setup;
  private final int units;
  private final ChainTracker tracker;
  private final byte[] states; // chains × units, all layers, as of the last completed sweep
  private final double[] energies;
  private long sweep;
  private final java.util.ArrayDeque<Advance> queued = new java.util.ArrayDeque<>();
  private Advance pending;
  private long flips;
  private long updates;
  private long lastSweepFlips;

  // single-layer mode
  private final SpinChains single;
  private final SpinSampler sampler;
  private final SplittableRandom[] rngs;
  private final long updatesPerSweep;

  // two-layer mode
  private final ActorRef<LayerActor.Command> visible;
  private final ActorRef<LayerActor.Command> hidden;
  private final ActorRef<LayerActor.Swept> sweptAdapter;
  private double[] fieldOnVisible;
  private double[] visibleEnergies;
  private long visibleFlips;
  private long visibleUpdates;

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new ChainGroup(ctx, setup));
  }

  private ChainGroup(ActorContext<Command> ctx, Setup setup) {
    super(ctx);
    this.setup = setup;
    LayerCouplings[] layers = setup.layers();
    this.units = setup.initialStates().length / setup.chains();
    this.tracker = new ChainTracker(setup.chains(), units, setup.averageFromSweep());
    this.states = setup.initialStates().clone();
    this.energies = new double[setup.chains()];
    if (layers.length == 1) {
      this.single = new SpinChains(layers[0], setup.chains(), setup.initialStates());
      this.sampler = setup.sampler().newSampler();
      this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(),
          setup.chains());
      this.updatesPerSweep = (long) setup.chains() * (units - count(setup.clamped(), 0, units));
      this.visible = null;
      this.hidden = null;
      this.sweptAdapter = null;
      for (int c = 0; c < setup.chains(); c++) {
        energies[c] = single.internalEnergy(c);
      }
    } else {
      this.single = null;
      this.sampler = null;
      this.rngs = null;
      this.updatesPerSweep = 0;
      int v = layers[0].units();
      int h = layers[1].units();
      byte[] visibleInit = slice(setup.initialStates(), setup.chains(), units, 0, v);
      byte[] hiddenInit = slice(setup.initialStates(), setup.chains(), units, v, h);
      DispatcherSelector sampling = DispatcherSelector.fromConfig(SamplingSession.SAMPLING_DISPATCHER);
      this.visible = ctx.spawn(layer(0, layers[0], visibleInit, false), "visible", sampling);
      this.hidden = ctx.spawn(layer(1, layers[1], hiddenInit, true), "hidden", sampling);
      ctx.watch(visible);
      ctx.watch(hidden);
      this.sweptAdapter = ctx.messageAdapter(LayerActor.Swept.class, LayerSwept::new);
      // Initial energies and the hidden layer's field on the visible one, from the initial states.
      SpinChains vs = new SpinChains(layers[0], setup.chains(), visibleInit);
      SpinChains hs = new SpinChains(layers[1], setup.chains(), hiddenInit);
      double[] onHidden = new double[setup.chains() * h];
      layers[0].fieldOnPartner(vs, onHidden);
      hs.setExternalField(onHidden);
      this.fieldOnVisible = new double[setup.chains() * v];
      layers[1].fieldOnPartner(hs, fieldOnVisible);
      for (int c = 0; c < setup.chains(); c++) {
        energies[c] = vs.internalEnergy(c) + hs.internalEnergy(c) + hs.couplingEnergy(c);
      }
    }
    tracker.observe(0, energies, states);
  }

  private Behavior<LayerActor.Command> layer(int index, LayerCouplings couplings, byte[] init,
      boolean reportsCoupling) {
    boolean[] clamp = null;
    if (setup.clamped() != null) {
      clamp = new boolean[couplings.units()];
      System.arraycopy(setup.clamped(), couplings.offset(), clamp, 0, couplings.units());
    }
    SplittableRandom[] layerRngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE + index,
        setup.firstChain(), setup.chains());
    return LayerActor.create(index, couplings, setup.chains(), init, setup.sampler().newSampler(), layerRngs,
        clamp, setup.recomputeEvery(), reportsCoupling);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, this::onAdvance)
        .onMessage(ContinueChunk.class, c -> runChunk())
        .onMessage(LayerSwept.class, this::onLayerSwept)
        .onMessage(Finish.class, this::onFinish)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onAdvance(Advance msg) {
    queued.add(msg);
    if (pending == null) {
      startNext();
    }
    return this;
  }

  /** Takes the next queued Advance (sessions may queue one ahead to keep the group busy). */
  private void startNext() {
    pending = queued.poll();
    if (pending == null) {
      return;
    }
    flips = 0;
    updates = 0;
    if (sweep >= pending.toSweep()) {
      reply();
    } else if (single != null) {
      getContext().getSelf().tell(ContinueChunk.INSTANCE);
    } else {
      startLayeredSweep();
    }
  }

  /** Single layer: a bounded chunk of sweeps, then yield the thread. */
  private Behavior<Command> runChunk() {
    long perSweep = Math.max(1, (long) setup.chains() * units);
    long chunk = Math.max(1, setup.chunkUpdates() / perSweep);
    long end = Math.min(pending.toSweep(), sweep + chunk);
    while (sweep < end) {
      if (sweep % setup.recomputeEvery() == 0) {
        single.recomputeFields();
      }
      double beta = 1.0 / setup.schedule().temperatureOfSweep(sweep);
      lastSweepFlips = sampler.sweep(single, 0, setup.chains(), beta, rngs, setup.clamped());
      flips += lastSweepFlips;
      updates += updatesPerSweep;
      sweep++;
      for (int c = 0; c < setup.chains(); c++) {
        energies[c] = single.internalEnergy(c);
      }
      tracker.observe(sweep, energies, single.spins());
    }
    if (sweep < pending.toSweep()) {
      getContext().getSelf().tell(ContinueChunk.INSTANCE);
      return this;
    }
    System.arraycopy(single.spins(), 0, states, 0, states.length);
    return reply();
  }

  private void startLayeredSweep() {
    double beta = 1.0 / setup.schedule().temperatureOfSweep(sweep);
    visible.tell(new LayerActor.Sweep(sweep, beta, fieldOnVisible, sweptAdapter));
  }

  private Behavior<Command> onLayerSwept(LayerSwept msg) {
    LayerActor.Swept s = msg.swept();
    if (s.layer() == 0) {
      visibleEnergies = s.energies();
      visibleFlips = s.flips();
      visibleUpdates = s.updates();
      copyInto(s.spins(), 0, setup.layers()[0].units());
      double beta = 1.0 / setup.schedule().temperatureOfSweep(sweep);
      hidden.tell(new LayerActor.Sweep(sweep, beta, s.fieldOnPartner(), sweptAdapter));
      return this;
    }
    copyInto(s.spins(), setup.layers()[0].units(), setup.layers()[1].units());
    fieldOnVisible = s.fieldOnPartner();
    for (int c = 0; c < setup.chains(); c++) {
      energies[c] = visibleEnergies[c] + s.energies()[c];
    }
    lastSweepFlips = visibleFlips + s.flips();
    flips += lastSweepFlips;
    updates += visibleUpdates + s.updates();
    sweep++;
    tracker.observe(sweep, energies, states);
    if (sweep < pending.toSweep()) {
      startLayeredSweep();
      return this;
    }
    return reply();
  }

  private Behavior<Command> reply() {
    int[] sample = pending.sampleLocal();
    byte[][] samples = new byte[sample.length][];
    for (int k = 0; k < sample.length; k++) {
      samples[k] = stateOf(sample[k]);
    }
    int best = tracker.bestChain();
    pending.replyTo().tell(new Advanced(setup.index(), sweep, energies.clone(), flips, updates, lastSweepFlips,
        samples, best, tracker.bestEnergy(best), tracker.bestState(best)));
    startNext();
    return this;
  }

  private Behavior<Command> onFinish(Finish msg) {
    int[] local = msg.resultLocal();
    byte[][] bestStates = new byte[local.length][];
    byte[][] finalStates = new byte[local.length][];
    for (int k = 0; k < local.length; k++) {
      bestStates[k] = tracker.bestState(local[k]);
      finalStates[k] = stateOf(local[k]);
    }
    int best = tracker.bestChain();
    msg.replyTo().tell(new Finished(setup.index(), tracker.bestEnergies(), bestStates, energies.clone(),
        finalStates, tracker.plusCounts(), tracker.averagedStates(), best, tracker.bestEnergy(best),
        tracker.bestState(best)));
    return this;
  }

  private byte[] stateOf(int c) {
    return java.util.Arrays.copyOfRange(states, c * units, (c + 1) * units);
  }

  private void copyInto(byte[] layerSpins, int offset, int layerUnits) {
    for (int c = 0; c < setup.chains(); c++) {
      System.arraycopy(layerSpins, c * layerUnits, states, c * units + offset, layerUnits);
    }
  }

  private static byte[] slice(byte[] all, int chains, int units, int offset, int width) {
    byte[] out = new byte[chains * width];
    for (int c = 0; c < chains; c++) {
      System.arraycopy(all, c * units + offset, out, c * width, width);
    }
    return out;
  }

  private static int count(boolean[] mask, int from, int to) {
    if (mask == null) {
      return 0;
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      n += mask[i] ? 1 : 0;
    }
    return n;
  }
}
