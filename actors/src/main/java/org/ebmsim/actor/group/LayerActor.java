package org.ebmsim.actor.group;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.dynamics.RandomStreamState;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.LayerTracker;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.session.ClampChange;

/**
 * One layer of a chain group's batch of a multi-layer model: owns the layer's {@link LayerKernel}
 * (states, random streams, fields) and its {@link LayerTracker} (best states, averaging window).
 * The group sequences the layers along the model's phases: each {@link Update} carries the fields
 * of the layer's neighbours, and the answer carries the fields it now puts on them and its energy
 * terms. Row-independent kernels are updated in time slices (chain ranges), with a yield between
 * slices, so a stop is handled within a slice.
 *
 * <p>Bookkeeping rides on the next message: {@code recordBest} names chains whose current state
 * (the end of the previous sweep) is their best so far; {@code accumulate} adds the current states
 * to the averaging window. Both are applied before anything changes the states.
 */
public final class LayerActor extends AbstractBehavior<LayerActor.Command> {
  /** Local to the group's node, like the layer's replies. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** A neighbour's field on this layer. */
  public record FieldIn(int source, FieldBlock field) {}

  /** Send the fields of the current states to every target (priming). */
  public record EmitFields(ActorRef<Reply> replyTo) implements Command {}

  /** Take these fields and report the energy terms of the current states (priming). */
  public record ReportEnergies(List<FieldIn> incoming, ActorRef<Reply> replyTo) implements Command {}

  /** Clamp or release units, then send the fields of the new states. */
  public record ApplyClamps(List<ClampChange> changes, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Sweep this layer once at {@code temperature} from the given fields; with
   * {@code chainTemperatures} (parallel tempering: one per chain of the batch) each chain at its own.
   */
  public record Update(long sweep, double temperature, double[] chainTemperatures, List<FieldIn> incoming,
      int[] recordBest, boolean accumulate, ActorRef<Reply> replyTo) implements Command {
    /** Every chain at {@code temperature}. */
    public Update(long sweep, double temperature, List<FieldIn> incoming, int[] recordBest, boolean accumulate,
        ActorRef<Reply> replyTo) {
      this(sweep, temperature, null, incoming, recordBest, accumulate, replyTo);
    }

    double temperatureOf(int chain) {
      return chainTemperatures == null ? temperature : chainTemperatures[chain];
    }
  }

  /**
   * States of chains {@code current} now and best states of {@code best}; with {@code sums} the
   * averaging window's sums, with {@code all} every chain's state, with {@code checkpoint} the
   * layer's part of a checkpoint.
   */
  public record Snapshot(int[] recordBest, boolean accumulate, int[] current, int[] best, boolean sums, boolean all,
      boolean checkpoint, ActorRef<Reply> replyTo) implements Command {
    /** A snapshot without a checkpoint. */
    public Snapshot(int[] recordBest, boolean accumulate, int[] current, int[] best, boolean sums, boolean all,
        ActorRef<Reply> replyTo) {
      this(recordBest, accumulate, current, best, sums, all, false, replyTo);
    }
  }

  public enum Stop implements Command { INSTANCE }

  private enum Continue implements Command { INSTANCE }

  private enum PrepareMore implements Command { INSTANCE }

  /** Messages a layer can receive while it prepares (the group sends a handful at most). */
  private static final int STASH = 256;

  /** Answers, each naming the layer. */
  public sealed interface Reply extends org.apache.pekko.actor.NoSerializationVerificationNeeded {
    int layer();
  }

  /** Fields this layer's states put on its targets, in the order of {@link LayerKernel#targets()}. */
  public record Fields(int layer, FieldBlock[] fields) implements Reply {}

  public record Energies(int layer, double[] energies) implements Reply {}

  /**
   * @param updates unit updates counted for flip rates
   * @param energies this layer's energy terms after the update
   */
  public record Updated(int layer, long sweep, long flips, long updates, FieldBlock[] fields, double[] energies)
      implements Reply {}

  /** @param checkpoint the layer's states, streams and tracker, when asked for; else null */
  public record Snapshotted(int layer, LayerBlock current, LayerBlock best, double[] sums, long averaged,
      LayerBlock all, GroupCheckpoint.Layer checkpoint) implements Reply {}

  private final int layer;
  private final LayerKernel kernel;
  private final LayerTracker tracker;
  private final int[] targets;
  private final TimeSlice slice;
  // the update in progress
  private Update pending;
  private int cursor;
  private long flips;
  private FieldBlock[] out;
  private boolean updating;

  /**
   * The actor of {@code layer}: it first prepares its kernel ({@link LayerKernel#prepare}, e.g. the
   * local fields of every chain) in time slices, holding back whatever the group sends meanwhile,
   * so that even a large batch answers a stop within a slice.
   */
  public static Behavior<Command> create(int layer, LayerKernel kernel, long sliceNanos) {
    return create(layer, kernel, new LayerTracker(kernel.states()), sliceNanos);
  }

  /** The actor of {@code layer} with a tracker of its own making (e.g. restored from a checkpoint), which it then owns. */
  public static Behavior<Command> create(int layer, LayerKernel kernel, LayerTracker tracker, long sliceNanos) {
    return Behaviors.withStash(STASH, stash -> Behaviors.setup(ctx -> {
      TimeSlice slice = new TimeSlice(sliceNanos);
      int chains = kernel.chains();
      int[] prepared = {0};
      ctx.getSelf().tell(PrepareMore.INSTANCE);
      return Behaviors.receive(Command.class)
          .onMessage(PrepareMore.class, m -> {
            slice.start();
            while (prepared[0] < chains) {
              kernel.prepare(prepared[0], prepared[0] + 1);
              prepared[0]++;
              if (prepared[0] < chains && slice.exhausted(Long.MAX_VALUE / 4)) { // clock after each chain
                ctx.getSelf().tell(PrepareMore.INSTANCE);
                return Behaviors.same();
              }
            }
            return stash.unstashAll(new LayerActor(ctx, layer, kernel, tracker, sliceNanos));
          })
          .onMessage(Stop.class, m -> Behaviors.stopped())
          .onAnyMessage(m -> {
            stash.stash(m);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private LayerActor(ActorContext<Command> ctx, int layer, LayerKernel kernel, LayerTracker tracker, long sliceNanos) {
    super(ctx);
    this.layer = layer;
    this.kernel = kernel;
    this.tracker = tracker;
    this.targets = kernel.targets();
    this.slice = new TimeSlice(sliceNanos);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(EmitFields.class, m -> {
          m.replyTo().tell(new Fields(layer, emit()));
          return this;
        })
        .onMessage(ReportEnergies.class, this::onReportEnergies)
        .onMessage(ApplyClamps.class, this::onApplyClamps)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Continue.class, c -> runSlice())
        .onMessage(Snapshot.class, this::onSnapshot)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private FieldBlock[] emit() {
    FieldBlock[] fields = new FieldBlock[targets.length];
    int n = kernel.chains();
    for (int k = 0; k < targets.length; k++) {
      fields[k] = kernel.newField(targets[k]);
      kernel.fieldOn(targets[k], 0, n, fields[k]);
    }
    return fields;
  }

  private Behavior<Command> onReportEnergies(ReportEnergies m) {
    m.incoming().forEach(f -> kernel.receive(f.source(), f.field()));
    double[] e = new double[kernel.chains()];
    kernel.addEnergies(0, kernel.chains(), e);
    m.replyTo().tell(new Energies(layer, e));
    return this;
  }

  private Behavior<Command> onApplyClamps(ApplyClamps m) {
    for (ClampChange c : m.changes()) {
      for (int k = 0; k < c.units().length; k++) {
        if (c.release()) {
          kernel.release(c.units()[k]);
        } else {
          kernel.clamp(c.units()[k], c.values()[k]);
        }
      }
    }
    m.replyTo().tell(new Fields(layer, emit()));
    return this;
  }

  private void bookkeeping(int[] recordBest, boolean accumulate) {
    for (int c : recordBest) {
      tracker.recordBest(c, kernel.states());
    }
    if (accumulate) {
      tracker.accumulate(kernel.states(), 0, kernel.chains());
    }
  }

  private Behavior<Command> onUpdate(Update m) {
    if (updating) {
      throw new IllegalStateException("layer " + layer + " got an update while one is in progress");
    }
    bookkeeping(m.recordBest(), m.accumulate());
    m.incoming().forEach(f -> kernel.receive(f.source(), f.field()));
    pending = m;
    cursor = 0;
    flips = 0;
    out = null;
    updating = true;
    return runSlice();
  }

  /**
   * Updates chains from the cursor until the slice is used up (row-independent kernels) or all of
   * them (others); then the fields, then the answer.
   */
  private Behavior<Command> runSlice() {
    int n = kernel.chains();
    slice.start();
    int units = kernel.shape().units();
    if (cursor < n) {
      if (!kernel.rowIndependent()) {
        flips += TemperatureRuns.update(kernel, 0, n, pending.sweep(), pending.temperature(),
            pending.chainTemperatures());
        cursor = n;
      } else {
        while (cursor < n) {
          flips += kernel.update(cursor, cursor + 1, pending.sweep(), pending.temperatureOf(cursor));
          cursor++;
          if (cursor < n && slice.exhausted(units)) {
            getContext().getSelf().tell(Continue.INSTANCE);
            return this;
          }
        }
      }
    }
    // fields of the new states, in slices for row-independent kernels (cursor runs n .. 2n)
    if (out == null) {
      out = new FieldBlock[targets.length];
      for (int k = 0; k < targets.length; k++) {
        out[k] = kernel.newField(targets[k]);
      }
    }
    if (!kernel.rowIndependent()) {
      for (int k = 0; k < targets.length; k++) {
        kernel.fieldOn(targets[k], 0, n, out[k]);
      }
      cursor = 2 * n;
    } else {
      while (cursor < 2 * n) {
        int c = cursor - n;
        for (int k = 0; k < targets.length; k++) {
          kernel.fieldOn(targets[k], c, c + 1, out[k]);
        }
        cursor++;
        if (cursor < 2 * n && slice.exhausted((long) units * targets.length)) {
          getContext().getSelf().tell(Continue.INSTANCE);
          return this;
        }
      }
    }
    double[] e = new double[n];
    kernel.addEnergies(0, n, e);
    updating = false;
    Update done = pending;
    pending = null;
    done.replyTo().tell(new Updated(layer, done.sweep(), flips, (long) n * kernel.freeUnits(), out, e));
    out = null;
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot m) {
    bookkeeping(m.recordBest(), m.accumulate());
    LayerBlock current = kernel.states().copyRows(m.current());
    LayerBlock best = tracker.bestStates(m.best());
    GroupCheckpoint.Layer checkpoint = m.checkpoint() ? new GroupCheckpoint.Layer(kernel.states().copy(),
        RandomStreamState.save(kernel.randomStreams()), tracker.bestStates(), tracker.sums()) : null;
    m.replyTo().tell(new Snapshotted(layer, current, best, m.sums() ? tracker.sums() : null, tracker.averaged(),
        m.all() ? kernel.states().copy() : null, checkpoint));
    return this;
  }
}
