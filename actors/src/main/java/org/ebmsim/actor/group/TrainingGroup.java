package org.ebmsim.actor.group;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.TrainingResources;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.InitialStates;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.LearningRatePlan;
import org.ebmsim.session.TrainAis;
import org.ebmsim.session.TrainingCheckpoint;
import org.ebmsim.session.TrainingPlan;

/**
 * The learner of a training session. Speaks the {@link ChainGroup} protocol: an
 * {@link ChainGroup.Advance} to batch B runs mini-batch updates in time slices (at least one per
 * turn, so cancel and pause take effect between batches), then, at the boundary, evaluates the
 * model, runs AIS when due (also sliced), writes the model version and checkpoint that fall there,
 * and answers with a {@link GroupReport.Trained}.
 *
 * <p>Determinism: epoch e visits the training rows in a permutation drawn from stream
 * {@link #STREAM_SHUFFLE} of chain e; batch b draws from stream {@link #STREAM_BATCH} of chain b;
 * evaluations and AIS use streams of their own keyed by the boundary. Nothing depends on slicing,
 * timing or what ran before a checkpoint, so a resumed session repeats the uninterrupted one.
 */
public final class TrainingGroup extends AbstractBehavior<ChainGroup.Command> {
  static final long STREAM_SHUFFLE = 101;
  static final long STREAM_BATCH = 102;
  static final long STREAM_EVALUATE = 103;
  static final long STREAM_EVALUATION_ROWS = 104;
  static final long STREAM_SAMPLES = 105;
  /** Gibbs sweeps from an evaluation row to a sample shown in progress. */
  static final int SAMPLE_SWEEPS = 20;

  private enum Continue implements ChainGroup.Command { INSTANCE }

  private final GroupSpec.Training spec;
  private final TrainingPlan plan;
  private final EngineSettings settings;
  private final TrainingResources.Entry resources;
  private final TrainingData train;
  private final TrainingData heldOut;
  private final Learner learner;
  private final long batchesPerEpoch;
  private final int[] trainEvaluation;
  private final int[] heldOutEvaluation;
  private final ArrayDeque<ChainGroup.Advance> queue = new ArrayDeque<>();
  private ChainGroup.Advance pending;
  private long done;
  private long lastVersion;
  private long lastCheckpoint;
  private LearningRatePlan rates;
  private double lastRate = Double.NaN;
  private int[] order;
  private long orderEpoch = -1;
  /** AIS running at the current boundary, or null. */
  private AnnealedImportanceSampler ais;
  private AisSupport aisSupport;
  /** The visible layer's shape (the same in every snapshot). */
  private final LayerShape visible;
  /** The learner's parameters as a model at the current boundary, made once for AIS, the version and samples. */
  private EnergyModel boundaryModel;

  public static Behavior<ChainGroup.Command> create(GroupSpec.Training spec, ModelCache cache, EngineSettings settings) {
    return Behaviors.setup(ctx -> new TrainingGroup(ctx, spec, cache, settings));
  }

  private TrainingGroup(ActorContext<ChainGroup.Command> ctx, GroupSpec.Training spec, ModelCache cache,
      EngineSettings settings) {
    super(ctx);
    this.spec = spec;
    this.plan = spec.plan();
    this.settings = settings;
    this.resources = cache.training().get(plan.sessionKey());
    this.train = resources.inputs().train();
    this.heldOut = resources.inputs().heldOut();
    EnergyModel model = cache.get(spec.model());
    this.visible = model.sampling().layout().layer(0);
    this.learner = model.learner(plan.learner()).orElseThrow(() -> new FailedPreconditionException(
        "model " + spec.model().id() + " cannot be trained with " + plan.learner().method()));
    this.batchesPerEpoch = plan.batchesPerEpoch(train.rows());
    this.rates = plan.learningRate();
    if (spec.resume() != null) {
      try {
        learner.readState(new DataInputStream(new ByteArrayInputStream(spec.resume().learnerState())));
      } catch (IOException e) {
        throw new UncheckedIOException("the checkpoint's learner state does not fit this model", e);
      }
      done = spec.resume().batches();
      lastVersion = spec.resume().lastVersion();
      lastCheckpoint = done;
    }
    this.trainEvaluation = evaluationRows(train.rows(), 0);
    this.heldOutEvaluation = evaluationRows(heldOut.rows(), 1);
  }

  /** The first evaluationRows rows of a seeded permutation of a split. */
  private int[] evaluationRows(int rows, long split) {
    int[] all = permutation(rows, ChainRandom.forChain(plan.seed(), STREAM_EVALUATION_ROWS, split));
    int n = Math.min(rows, plan.evaluationRows());
    int[] out = new int[n];
    System.arraycopy(all, 0, out, 0, n);
    return out;
  }

  static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @Override
  public Receive<ChainGroup.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ChainGroup.Advance.class, this::onAdvance)
        .onMessage(Continue.class, c -> runSlice())
        .onMessage(ChainGroup.Stop.class, s -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> {
          checkpointOnStop();
          return this;
        })
        .build();
  }

  private Behavior<ChainGroup.Command> onAdvance(ChainGroup.Advance msg) {
    queue.add(msg);
    if (pending == null) {
      pending = queue.poll();
      getContext().getSelf().tell(Continue.INSTANCE);
    }
    return this;
  }

  /** Batches (or AIS temperatures) until the slice's time is up, at least one; then yield or report. */
  private Behavior<ChainGroup.Command> runSlice() {
    long deadline = System.nanoTime() + settings.sliceNanos();
    if (pending.orders().learningRates() != null) {
      rates = pending.orders().learningRates();
    }
    while (done < pending.to()) {
      runBatch();
      if (System.nanoTime() >= deadline) {
        getContext().getSelf().tell(Continue.INSTANCE);
        return this;
      }
    }
    if (ais == null && aisDue()) {
      startAis();
    }
    if (ais != null) {
      while (!ais.finished()) {
        ais.advance(1);
        if (System.nanoTime() >= deadline && !ais.finished()) {
          getContext().getSelf().tell(Continue.INSTANCE);
          return this;
        }
      }
    }
    pending.replyTo().tell(boundary());
    pending = queue.poll();
    if (pending != null) {
      getContext().getSelf().tell(Continue.INSTANCE);
    }
    return this;
  }

  private void runBatch() {
    long epoch = done / batchesPerEpoch;
    if (epoch != orderEpoch) {
      order = permutation(train.rows(), ChainRandom.forChain(plan.seed(), STREAM_SHUFFLE, epoch));
      orderEpoch = epoch;
    }
    int from = (int) ((done % batchesPerEpoch) * plan.batchSize());
    int count = Math.min(plan.batchSize(), train.rows() - from);
    lastRate = rates.rate(done, batchesPerEpoch);
    learner.update(train, order, from, count, lastRate, ChainRandom.forChain(plan.seed(), STREAM_BATCH, done));
    done++;
  }

  private boolean epochEnd() {
    return done % batchesPerEpoch == 0 || done == spec.totalBatches();
  }

  private int epochOfBoundary() {
    return (int) ((done - 1) / batchesPerEpoch);
  }

  private boolean aisDue() {
    if (plan.aisEveryEpochs() <= 0 || !epochEnd()) {
      return false;
    }
    return done == spec.totalBatches() || (epochOfBoundary() + 1) % plan.aisEveryEpochs() == 0;
  }

  private void startAis() {
    aisSupport = boundaryModel().ais().orElse(null);
    if (aisSupport == null) {
      return; // a family without an AIS path: progress says so by leaving ais unset
    }
    AisSupport.AisPathSpec pathSpec = aisSupport.pathSpec(AisSupport.Base.DEFAULT, null);
    long seed = ChainRandom.forChain(plan.seed(), AnnealedImportanceSampler.AIS_STREAM, done).nextLong();
    ais = AnnealedImportanceSampler.forward(aisSupport.path(pathSpec, settings.gemm()),
        AisSchedule.uniform(plan.aisSteps()), plan.aisChains(), seed, 0);
  }

  /** The parameters at this boundary as a model, snapshotted once however many uses it has. */
  private EnergyModel boundaryModel() {
    if (boundaryModel == null) {
      boundaryModel = learner.snapshot();
    }
    return boundaryModel;
  }

  /** Evaluates, writes what falls at this boundary, and builds the report. */
  private GroupReport.Trained boundary() {
    SplittableRandom random = ChainRandom.forChain(plan.seed(), STREAM_EVALUATE, done);
    TrainingMetrics trainMetrics = learner.evaluate(train, trainEvaluation, 0, trainEvaluation.length, random);
    TrainingMetrics heldOutMetrics = heldOutEvaluation.length == 0 ? null
        : learner.evaluate(heldOut, heldOutEvaluation, 0, heldOutEvaluation.length, random);
    TrainAis aisResult = null;
    if (ais != null) {
      boolean useHeldOut = heldOutEvaluation.length > 0;
      LayerBlock rows = (useHeldOut ? heldOut : train).toBlock(visible, useHeldOut ? heldOutEvaluation : trainEvaluation);
      AisEstimate estimate = ais.estimate();
      AisEstimate.LogLikelihood ll = estimate.meanLogLikelihood(aisSupport.negativeFreeEnergies(rows));
      aisResult = new TrainAis(ll.mean(), ll.standardError(), estimate.logPartitionVisible(),
          estimate.effectiveSampleSize(), plan.aisChains(), plan.aisSteps());
      ais = null;
      aisSupport = null;
    }
    boolean last = done == spec.totalBatches();
    long version = 0;
    List<ChainSnapshot> samples = List.of();
    if (last || (epochEnd() && !plan.finalVersionOnly())) {
      EnergyModel snapshot = boundaryModel();
      try {
        version = resources.storage().writeVersion(spec.model().id(), snapshot, plan.sessionKey(), done,
            epochOfBoundary());
      } catch (IOException e) {
        throw new UncheckedIOException("model version could not be written", e);
      }
      lastVersion = version;
      if (plan.samples() > 0) {
        samples = samples(snapshot);
      }
    }
    if (last || (plan.checkpointEveryBatches() > 0 && done % plan.checkpointEveryBatches() == 0)) {
      writeCheckpoint(last);
    }
    boundaryModel = null;
    return new GroupReport.Trained(spec.index(), done, lastRate, trainMetrics, trainEvaluation.length,
        heldOutMetrics, heldOutEvaluation.length, aisResult, version, samples);
  }

  private void writeCheckpoint(boolean finished) {
    ByteArrayOutputStream state = new ByteArrayOutputStream();
    try {
      DataOutputStream out = new DataOutputStream(state);
      learner.writeState(out);
      out.flush();
      resources.storage().writeCheckpoint(new TrainingCheckpoint(plan.sessionKey(), spec.model().id(),
          spec.model().version(), plan.datasetId(), plan.request(), done, spec.totalBatches(), lastVersion,
          rates.overrides(), state.toByteArray(), finished, System.currentTimeMillis()));
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint could not be written", e);
    }
    lastCheckpoint = done;
  }

  /** A stopped session keeps a checkpoint of where it stopped (a batch boundary), so it can resume. */
  private void checkpointOnStop() {
    if (done > lastCheckpoint && done < spec.totalBatches()) {
      try {
        writeCheckpoint(false);
      } catch (RuntimeException e) {
        getContext().getLog().warn("checkpoint at stop failed: {}", e.getMessage());
      }
    }
  }

  /** Samples: chains started at the first evaluation rows, {@link #SAMPLE_SWEEPS} Gibbs sweeps at T = 1. */
  private List<ChainSnapshot> samples(EnergyModel model) {
    boolean useHeldOut = heldOutEvaluation.length > 0;
    int[] from = useHeldOut ? heldOutEvaluation : trainEvaluation;
    int n = Math.min(plan.samples(), from.length);
    if (n == 0) {
      return List.of();
    }
    int[] rows = java.util.Arrays.copyOf(from, n);
    long seed = ChainRandom.forChain(plan.seed(), STREAM_SAMPLES, done).nextLong();
    LayerBlock[] initial = InitialStates.random(model.sampling(), seed, 0, n);
    // the sampler's own block type (RBM kernels keep every layer in floats), filled with the rows
    InitialStates.setGiven(initial[0], (useHeldOut ? heldOut : train).toBlock(visible, rows), 0);
    BatchSampler sampler = BatchSampler.start(model.sampling(), seed, 0, initial, SamplerKind.GIBBS, settings.gemm());
    sampler.sweep(SAMPLE_SWEEPS, 1.0);
    double[] energies = sampler.energies();
    List<ChainSnapshot> out = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      List<LayerBlock> layers = new ArrayList<>();
      for (int l = 0; l < model.sampling().layout().size(); l++) {
        layers.add(sampler.layer(l).states().copyRange(c, 1));
      }
      out.add(new ChainSnapshot(c, energies[c], layers));
    }
    return out;
  }
}
