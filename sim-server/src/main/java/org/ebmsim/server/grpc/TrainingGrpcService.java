package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.FitProductOfExpertsRequest;
import org.ebmsim.proto.v1.FitProductOfExpertsResponse;
import org.ebmsim.dynamics.train.poe.RbmExpertTrainer;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.ListCheckpointsResponse;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.CheckpointStore;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.LearningRatePlan;
import org.ebmsim.session.ModelRef;
import org.ebmsim.session.TrainingCheckpoint;
import org.ebmsim.session.TrainingCoordinator;
import org.ebmsim.session.TrainingInputs;
import org.ebmsim.session.TrainingPlan;
import org.ebmsim.session.TrainingResume;
import org.ebmsim.session.TrainingStorage;
import org.ebmsim.stream.LaunchedSession;
import org.ebmsim.stream.SimulationEngine;

/**
 * Training sessions over gRPC: validates a {@link TrainRequest} into a {@link TrainingPlan},
 * registers the session's rows and storage with the engine's node resources, and streams the
 * session. Resuming rebuilds the plan from the request kept in the checkpoint. One training
 * session per model at a time, so that versions follow one another.
 */
public final class TrainingGrpcService extends TrainingServiceGrpc.TrainingServiceImplBase {
  static final int MAX_GIBBS_STEPS = 1000;
  static final int MAX_EPOCHS = 1_000_000;
  static final int MAX_AIS_CHAINS = 10_000;
  static final int MAX_AIS_STEPS = 1_000_000;
  static final int MAX_SAMPLES = 64;
  static final int MAX_KEEP = 100;

  private final ModelStore store;
  private final CheckpointStore checkpoints;
  private final TrainingDatasets datasets;
  private final Limits limits;
  private final SimulationEngine engine;
  private final ActorSystem<?> system;
  private final java.util.concurrent.Executor compute;

  public TrainingGrpcService(ModelStore store, CheckpointStore checkpoints, TrainingDatasets datasets, Limits limits,
      SimulationEngine engine, ActorSystem<?> system, java.util.concurrent.Executor compute) {
    this.compute = compute;
    this.store = store;
    this.checkpoints = checkpoints;
    this.datasets = datasets;
    this.limits = limits;
    this.engine = engine;
    this.system = system;
  }

  @Override
  public void train(TrainRequest request, StreamObserver<TrainEvent> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      start(request, stored, null, request.getDetached(), response);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void resumeTraining(ResumeTrainingRequest request, StreamObserver<TrainEvent> response) {
    try {
      require(!request.getSessionId().isEmpty(), "session_id is required");
      TrainingCheckpoint c = checkpoints.latest(request.getSessionId()).orElseThrow(() -> new NotFoundException(
          "training session " + request.getSessionId() + " has no checkpoint"));
      if (c.finished()) {
        throw new FailedPreconditionException("training session " + c.sessionId() + " ran to its end ("
            + c.batches() + " batches); nothing to resume");
      }
      Optional<SessionRecord> running = engine.registry().get(c.sessionId());
      if (running.isPresent() && isLive(running.get())) {
        throw new FailedPreconditionException("training session " + c.sessionId() + " is still running; stop it first");
      }
      TrainRequest original;
      try {
        original = TrainRequest.parseFrom(c.request());
      } catch (InvalidProtocolBufferException e) {
        throw new FailedPreconditionException("the checkpoint of " + c.sessionId() + " holds no readable request");
      }
      StoredModel stored = ModelGrpcService.find(store, c.modelId(), 0);
      start(original, stored, c, request.getDetached(), response);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void listCheckpoints(ListCheckpointsRequest request, StreamObserver<ListCheckpointsResponse> response) {
    try {
      ListCheckpointsResponse.Builder out = ListCheckpointsResponse.newBuilder();
      for (CheckpointStore.Listed l : checkpoints.list()) {
        TrainingCheckpoint c = l.checkpoint();
        out.addCheckpoints(org.ebmsim.proto.v1.TrainingCheckpoint.newBuilder().setSessionId(c.sessionId())
            .setModelId(c.modelId()).setDatasetId(c.datasetId()).setBatches(c.batches())
            .setTotalBatches(c.totalBatches()).setFinished(c.finished()).setWrittenUnixMs(c.writtenMillis())
            .setKept(l.kept()));
      }
      response.onNext(out.build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void fitProductOfExperts(FitProductOfExpertsRequest r,
      StreamObserver<FitProductOfExpertsResponse> response) {
    io.grpc.stub.ServerCallStreamObserver<FitProductOfExpertsResponse> call =
        (io.grpc.stub.ServerCallStreamObserver<FitProductOfExpertsResponse>) response;
    try {
      require(!r.getDatasetId().isEmpty(), "dataset_id is required");
      TrainingInputs raw = datasets.splits(r.getDatasetId());
      require(r.getBatchSize() >= 0, "batch_size must be >= 0");
      TrainingData train = spins(raw.train(), r.getDatasetId(), "training");
      TrainingData held = spins(raw.heldOut(), r.getDatasetId(), "held-out");
      if (!train.hasLabels()) {
        throw new FailedPreconditionException("dataset " + r.getDatasetId() + " has no labels; the classifier"
            + " needs one class per row");
      }
      int units = train.cols();
      int hidden = r.getHiddenUnits() == 0 ? 1 : r.getHiddenUnits();
      require(hidden <= units, "hidden_units must be <= the dataset's " + units + " columns (got " + hidden + ")");
      double sd = r.getRandomSd() == 0 ? 0.1 : r.getRandomSd();
      require(Double.isFinite(sd) && sd > 0, "random_sd must be finite and > 0 (got " + sd + ")");
      double beta = r.getInverseTemperature() == 0 ? 2 : r.getInverseTemperature();
      require(Double.isFinite(beta) && beta > 0, "inverse_temperature must be finite and > 0 (got " + beta + ")");
      require(r.getEpochs() <= 10_000, "epochs must be <= 10000 (got " + r.getEpochs() + ")");
      require(r.getGibbsSteps() <= MAX_GIBBS_STEPS, "gibbs_steps must be <= " + MAX_GIBBS_STEPS);
      double lr = r.getLearningRate() == 0 ? 0.01 : r.getLearningRate();
      require(Double.isFinite(lr) && lr > 0, "learning_rate must be finite and > 0 (got " + lr + ")");
      double penalty = r.getPenalty() == 0 ? 1e-4 : r.getPenalty();
      require(Double.isFinite(penalty) && penalty >= 0, "penalty must be finite and >= 0 (got " + penalty + ")");
      RbmExpertTrainer.Start start = switch (r.getStart()) {
        case PROJECTION -> RbmExpertTrainer.Start.PROJECTION;
        case HEBBIAN -> RbmExpertTrainer.Start.HEBBIAN;
        case PCA -> RbmExpertTrainer.Start.PCA;
        case RANDOM -> RbmExpertTrainer.Start.RANDOM;
        default -> throw new org.ebmsim.errors.InvalidRequestException("start must be PROJECTION, HEBBIAN, PCA or"
            + " RANDOM");
      };
      RbmExpertTrainer.Settings settings = new RbmExpertTrainer.Settings(start, hidden, sd, beta, r.getEpochs(),
          r.getGibbsSteps() == 0 ? 20 : r.getGibbsSteps(), r.getBatchSize() == 0 ? 100 : r.getBatchSize(), lr,
          r.getSeed());
      int classes = Math.max(train.classes(), held.classes());
      // experts, their trainers and the features of both splits
      long bytes = (long) classes * units * hidden * 24 + 8L * (train.rows() + held.rows()) * (classes + 1)
          + 64L * Math.min(train.rows(), 10_000) * units;
      org.ebmsim.memory.MemoryBudget.Reservation memory = store.budget().reserve(bytes, "this classifier fit ("
          + classes + " experts of " + units + " x " + hidden + ")");
      long t0 = System.nanoTime();
      compute.execute(() -> {
        try (memory) {
          RbmExpertTrainer.Fit fit = RbmExpertTrainer.fit(train.values(), train.rows(), units, train.labels(), classes,
              held.values(), held.rows(), held.labels(), settings, penalty, engine.settings().nativeBlas(),
              call::isCancelled);
          FitProductOfExpertsResponse.Builder out = FitProductOfExpertsResponse.newBuilder().setClasses(classes)
              .setHiddenUnits(hidden).setTrainRows(train.rows()).setTrainError(fit.trainError())
              .setHeldOutRows(held.rows()).setHeldOutError(fit.heldOutError())
              .setSeconds((System.nanoTime() - t0) / 1e9);
          for (int c : fit.confusion()) {
            out.addConfusion(c);
          }
          response.onNext(out.build());
          response.onCompleted();
        } catch (RbmExpertTrainer.CancellationException e) {
          response.onError(io.grpc.Status.CANCELLED.withDescription("the classifier fit was cancelled")
              .asRuntimeException());
        } catch (IllegalArgumentException e) {
          response.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      response.onError(io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("the server's compute queue is full; retry"
          + " later").asRuntimeException());
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /** Two-valued rows as ±1 (what the experts' spins take). */
  private static TrainingData spins(TrainingData data, String datasetId, String split) {
    return inVisibleDomain(data, org.ebmsim.dynamics.state.LayerShape.of("visible", data.cols(), ValueType.SPIN, true),
        datasetId, split);
  }

  private static boolean isLive(SessionRecord r) {
    SessionState s = r.state();
    return s == SessionState.RUNNING || s == SessionState.PAUSED;
  }

  /** Validates, registers the session's resources, and starts it (fresh, or from {@code checkpoint}). */
  private void start(TrainRequest r, StoredModel stored, TrainingCheckpoint checkpoint, boolean detached,
      StreamObserver<TrainEvent> response) {
    for (SessionRecord other : engine.registry().list(false)) {
      if (other.info().kind().equals("train") && other.info().model().id().equals(stored.id()) && isLive(other)) {
        throw new FailedPreconditionException("model " + stored.id() + " is being trained by session " + other.id()
            + "; one training session per model at a time");
      }
    }
    boolean runsDynamics = r.getMethod() != TrainingMethod.EXACT_LIKELIHOOD
        && r.getMethod() != TrainingMethod.DENOISING_SCORE_MATCHING;
    if (runsDynamics || r.getSamples() > 0 || r.getAisEveryEpochs() > 0) {
      SimulationGrpcService.requireSampleable(stored); // rules without chains train models without a sampler
    }
    EnergyModel model = stored.model();
    require(!r.getDatasetId().isEmpty(), "dataset_id is required");
    TrainingInputs raw = datasets.splits(r.getDatasetId());
    LayerShape visible = model.sampling().layout().layer(0);
    TrainingInputs inputs = new TrainingInputs(inVisibleDomain(raw.train(), visible, r.getDatasetId(), "training"),
        inVisibleDomain(raw.heldOut(), visible, r.getDatasetId(), "held-out"));
    int rows = inputs.train().rows();
    require(rows >= 1, "dataset " + r.getDatasetId() + " has no training rows");
    LearnerSettings.Method method = switch (r.getMethod()) {
      case CD -> LearnerSettings.Method.CD;
      case PCD -> LearnerSettings.Method.PCD;
      case VALLEYS -> LearnerSettings.Method.VALLEYS;
      case EXACT_LIKELIHOOD -> LearnerSettings.Method.EXACT_LIKELIHOOD;
      case DENOISING_SCORE_MATCHING -> LearnerSettings.Method.DENOISING_SCORE_MATCHING;
      default -> throw new org.ebmsim.errors.InvalidRequestException("method is required: CD, PCD, VALLEYS,"
          + " EXACT_LIKELIHOOD or DENOISING_SCORE_MATCHING");
    };
    double noiseSd = r.getNoiseSd() == 0 ? 1 : r.getNoiseSd();
    if (method == LearnerSettings.Method.DENOISING_SCORE_MATCHING) {
      require(Double.isFinite(noiseSd) && noiseSd > 0 && noiseSd <= 1e6, "noise_sd must be finite and in (0, 1e6];"
          + " 0 means 1 (got " + r.getNoiseSd() + ")");
    } else {
      require(r.getNoiseSd() == 0, "noise_sd applies to DENOISING_SCORE_MATCHING only (got " + r.getNoiseSd() + ")");
    }
    require(r.getGibbsSteps() <= MAX_GIBBS_STEPS, "gibbs_steps must be <= " + MAX_GIBBS_STEPS);
    int k = r.getGibbsSteps() == 0 ? 1 : r.getGibbsSteps();
    int valleySteps = r.getGibbsSteps() == 0 ? 3 : r.getGibbsSteps();
    require(r.getBatchSize() <= rows, "batch_size must be <= the training rows (" + rows + "), got "
        + r.getBatchSize());
    int batch = r.getBatchSize() == 0 ? Math.min(100, rows) : r.getBatchSize();
    require(r.getEpochs() >= 1 && r.getEpochs() <= MAX_EPOCHS, "epochs must be in 1.." + MAX_EPOCHS
        + " (got " + r.getEpochs() + ")");
    LearningRatePlan rates = learningRate(r.getLearningRate(), checkpoint);
    double momentum = r.getMomentum();
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1) (got " + momentum + ")");
    double decay = r.getWeightDecay();
    require(Double.isFinite(decay) && decay >= 0, "weight_decay must be finite and >= 0 (got " + decay + ")");
    limit(r.getPersistentChains() <= limits.maxChains(), "persistent_chains must be <= " + limits.maxChains()
        + " (ebmsim.limits.max-chains)");
    int chains = r.getPersistentChains() == 0 ? batch : r.getPersistentChains();
    limit((long) chains * model.sampling().layout().totalUnits() <= limits.maxChainUnits(),
        "persistent_chains x units is above ebmsim.limits.max-chain-units (" + limits.maxChainUnits() + ")");
    require(r.getAisChains() <= MAX_AIS_CHAINS, "ais_chains must be <= " + MAX_AIS_CHAINS);
    require(r.getAisSteps() <= MAX_AIS_STEPS, "ais_steps must be <= " + MAX_AIS_STEPS);
    if (r.getAisEveryEpochs() > 0 && model.ais().isEmpty()) {
      throw new FailedPreconditionException("model " + stored.id() + " (" + model.family().key()
          + ") has no AIS path; ais_every_epochs must be 0");
    }
    require(r.getSamples() <= MAX_SAMPLES, "samples must be <= " + MAX_SAMPLES);
    if (r.getSamples() > 0) { // drawn by the model's own sampler at T = 1
      model.sampling().temperatureProblem(1).ifPresent(problem -> {
        throw new FailedPreconditionException("samples are drawn at T = 1, where model " + stored.id()
            + " cannot be sampled: " + problem + "; set samples to 0");
      });
    }
    require(r.getKeepCheckpoints() <= MAX_KEEP, "keep_checkpoints must be <= " + MAX_KEEP);
    long batchesPerEpoch = (rows + batch - 1) / batch;
    long totalBatches = batchesPerEpoch * r.getEpochs();
    limit(totalBatches <= limits.maxTotalSweeps(), "epochs x batches per epoch (" + totalBatches
        + ") is above ebmsim.limits.max-total-sweeps (" + limits.maxTotalSweeps() + ")");
    LearnerSettings settings = new LearnerSettings(method, method == LearnerSettings.Method.VALLEYS ? 1 : k, chains,
        momentum, decay, valleySteps, r.getSeed(), noiseSd);
    Learner probe = model.learner(settings).orElseThrow(() -> new FailedPreconditionException("model "
        + stored.id() + " (" + model.family().key() + (model.summary().variant().isEmpty() ? ""
            : ", " + model.summary().variant()) + ") cannot be trained with " + method));
    int evaluationRows = r.getEvaluationRows() == 0 ? Math.min(1000, rows) : (int) Math.min(r.getEvaluationRows(),
        Integer.MAX_VALUE);
    String sessionId = engine.registry().newId();
    TrainingPlan plan = new TrainingPlan(sessionId, r.getDatasetId(), settings, batch, r.getEpochs(), rates,
        r.getSeed(), r.getReportEveryBatches(), r.getCheckpointEveryBatches() == 0 ? (int) Math.min(batchesPerEpoch,
            Integer.MAX_VALUE) : r.getCheckpointEveryBatches(), r.getKeepCheckpoints() == 0 ? 3
            : r.getKeepCheckpoints(), r.getFinalVersionOnly(), evaluationRows, r.getSamples(),
        r.getAisEveryEpochs(), r.getAisChains() == 0 ? 100 : r.getAisChains(), r.getAisSteps() == 0 ? 1000
            : r.getAisSteps(), r.toByteArray());
    TrainingResume resume = checkpoint == null ? null
        : new TrainingResume(checkpoint.batches(), checkpoint.learnerState(), checkpoint.lastVersion());
    if (resume != null) {
      require(checkpoint.totalBatches() == totalBatches, "the checkpoint was written for " + checkpoint.totalBatches()
          + " batches but the dataset now gives " + totalBatches + "; was the dataset replaced?");
    }
    // the learner's state, two snapshots (evaluation, the version written), the session's copies
    // of the rows, AIS chains and events
    long heap = 3 * probe.heapBytes() + inputs.heapBytes()
        + (long) (r.getAisEveryEpochs() > 0 ? plan.aisChains() : 0) * model.sampling().layout().totalUnits() * 8
        + Coordinator.EVENTS_HELD * 4096L;
    TrainingCoordinator coordinator = new TrainingCoordinator(new ModelRef(stored.id(), stored.version()),
        model.sampling().layout(), plan, rows, resume, heap);
    int keep = plan.keepCheckpoints();
    TrainingStorage storage = new TrainingStorage() {
      @Override
      public long writeVersion(String modelId, EnergyModel next, String session, long batches, int epoch)
          throws IOException {
        return store.putVersion(modelId, next, session, batches, epoch).version();
      }

      @Override
      public void writeCheckpoint(TrainingCheckpoint c) throws IOException {
        checkpoints.write(c, keep);
      }
    };
    engine.cache().training().register(sessionId, inputs, storage);
    LaunchedSession launched;
    try {
      launched = engine.start(coordinator, model, detached, limits.maxSessions(),
          ModelGrpcService.bytesReadFromDisk(store, stored), org.ebmsim.server.security.Caller.current().name());
    } catch (RuntimeException e) {
      engine.cache().training().remove(sessionId);
      throw e;
    }
    launched.stopped().thenRun(() -> engine.cache().training().remove(sessionId));
    SessionStreamer.start(launched, response, SessionEventMapping::train, StatusMapping::toStatus, system);
  }

  private static LearningRatePlan learningRate(LearningRate lr, TrainingCheckpoint checkpoint) {
    double initial = lr.getInitial();
    require(Double.isFinite(initial) && initial > 0, "learning_rate.initial must be finite and > 0 (got "
        + initial + ")");
    double factor = lr.getFactor() == 0 ? 1 : lr.getFactor();
    require(factor > 0 && factor <= 1, "learning_rate.factor must be in (0, 1] (got " + lr.getFactor() + ")");
    int every = lr.getEveryEpochs() == 0 ? 1 : lr.getEveryEpochs();
    LearningRatePlan.Kind kind = switch (lr.getKind()) {
      case EXPONENTIAL -> LearningRatePlan.Kind.EXPONENTIAL;
      case STEP -> LearningRatePlan.Kind.STEP;
      default -> LearningRatePlan.Kind.CONSTANT;
    };
    return new LearningRatePlan(initial, kind, factor, every,
        checkpoint == null ? List.of() : checkpoint.overrides());
  }

  /**
   * The rows in the visible layer's domain: {0,1} for binary layers, ±1 for spin layers (data in
   * the other two-valued form are mapped), finite reals for real layers.
   */
  static TrainingData inVisibleDomain(TrainingData data, LayerShape visible, String datasetId, String split) {
    if (data.rows() > 0 && data.cols() != visible.units()) {
      throw new FailedPreconditionException("dataset " + datasetId + " has " + data.cols()
          + " columns; the model's visible layer has " + visible.units() + " units");
    }
    float[] v = data.values();
    if (visible.type() == ValueType.REAL) {
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new FailedPreconditionException("dataset " + datasetId + " (" + split + ") has a non-finite value"
              + " in row " + i / data.cols() + ", column " + i % data.cols());
        }
      }
      return data;
    }
    if (!visible.type().twoValued()) {
      throw new FailedPreconditionException("training needs a two-valued or real visible layer; this one is "
          + visible.domain());
    }
    float low = visible.type().low();
    float high = 1f;
    boolean hasZero = false;
    boolean hasMinusOne = false;
    for (int i = 0; i < v.length; i++) {
      float x = v[i];
      if (x == 0f) {
        hasZero = true;
      } else if (x == -1f) {
        hasMinusOne = true;
      } else if (x != 1f) {
        throw new FailedPreconditionException("dataset " + datasetId + " (" + split + ") has the value " + x
            + " in row " + i / data.cols() + ", column " + i % data.cols() + "; the model's visible units take "
            + (int) low + "/" + (int) high + " (register the dataset with a binarize or to-spins transform)");
      }
    }
    if (hasZero && hasMinusOne) {
      throw new FailedPreconditionException("dataset " + datasetId + " (" + split + ") mixes 0 and -1 values;"
          + " a two-valued visible layer needs {0,1} or {-1,+1} data");
    }
    boolean needsMapping = (low == -1f && hasZero) || (low == 0f && hasMinusOne);
    if (!needsMapping) {
      return data;
    }
    float[] mapped = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      mapped[i] = v[i] == 1f ? high : low;
    }
    return new TrainingData(data.rows(), data.cols(), mapped, data.labels(), data.classes());
  }
}
