package org.ebmsim.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ebmsim.proto.v1.AisLogLikelihood;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.ListCheckpointsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainResult;
import org.ebmsim.proto.v1.TrainingCheckpoint;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;

/**
 * The fake TrainingService: validates the fields the CLI and SDK send (with the real server's
 * messages for the common mistakes), then plays a deterministic canned run. Every dataset has
 * {@link #TRAIN_ROWS} training rows in {@link FakeEbmsimServer#TRAIN_BATCHES_PER_EPOCH} batches per
 * epoch and {@link #HELD_OUT_ROWS} held-out rows, except {@link FakeEbmsimServer#TRAIN_ONLY_DATASET},
 * which has none held out.
 *
 * <p>Canned numbers for epoch e (0-based): learning rate by the request's schedule; training
 * reconstruction error 0.5 / (e + 2), pseudo-log-likelihood −4 / (e + 1); held-out ones 0.01
 * above and 0.25 below; ‖W‖ = 1 + e / 2; with {@code ais_every_epochs} E, on epochs where
 * (e + 1) is a multiple of E and on the last one, AIS log-likelihood (held-out PLL − 0.5) ± 0.05,
 * log Z 3 + e; elapsed 0.25 s per batch. Progress goes out every {@code report_every_batches}
 * batches and at every epoch end; a new model version is written at every epoch end (only the
 * last with {@code final_version_only}) and named in that event. {@code samples} visible states
 * come with each epoch end (chain i, unit j high when i + j + e is even).
 *
 * <p>An attached run ends with a finished checkpoint. A detached run sends only {@code started},
 * writes no versions (its canned result names the version it started from) and leaves a
 * resumable checkpoint after {@link #DETACHED_CHECKPOINT_BATCHES} batches (fewer for shorter
 * runs); stopping it through the SessionService makes ResumeTraining continue from there.
 */
final class FakeTrainingService extends TrainingServiceGrpc.TrainingServiceImplBase {
  static final int TRAIN_ROWS = 100;
  static final int HELD_OUT_ROWS = 20;
  /** Batches a detached fake training has checkpointed. */
  static final long DETACHED_CHECKPOINT_BATCHES = 6;

  private final FakeEbmsimServer fake;
  /** Latest checkpoint of each training session, in the order first written; guarded by itself. */
  private final Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /** One session's latest checkpoint and the request that started the training. */
  private record Checkpoint(TrainRequest request, String modelId, long batches, long total, boolean finished,
      long writtenMillis) {}

  FakeTrainingService(FakeEbmsimServer fake) {
    this.fake = fake;
  }

  @Override
  public void train(TrainRequest request, StreamObserver<TrainEvent> response) {
    fake.requests.add(request);
    Model model = fake.modelAt(request.getModelId(), request.getModelVersion(), response);
    if (model == null || !valid(request, model, response)) {
      return;
    }
    run(request, model, 0, request.getDetached(), response);
  }

  @Override
  public void resumeTraining(ResumeTrainingRequest request, StreamObserver<TrainEvent> response) {
    fake.requests.add(request);
    String id = request.getSessionId();
    if (id.isEmpty()) {
      fail(response, Status.INVALID_ARGUMENT, "session_id is required");
      return;
    }
    Checkpoint c;
    synchronized (checkpoints) {
      c = checkpoints.get(id);
    }
    if (c == null) {
      fail(response, Status.NOT_FOUND, "training session " + id + " has no checkpoint");
      return;
    }
    if (c.finished()) {
      fail(response, Status.FAILED_PRECONDITION, "training session " + id + " ran to its end (" + c.batches()
          + " batches); nothing to resume");
      return;
    }
    SessionState state = fake.sessions.view(id, false).getState();
    if (state == SessionState.RUNNING || state == SessionState.PAUSED) {
      fail(response, Status.FAILED_PRECONDITION, "training session " + id + " is still running; stop it first");
      return;
    }
    Model model = fake.modelAt(c.modelId(), 0, response);
    if (model != null) {
      run(c.request(), model, c.batches(), request.getDetached(), response);
    }
  }

  @Override
  public void listCheckpoints(ListCheckpointsRequest request, StreamObserver<ListCheckpointsResponse> response) {
    fake.requests.add(request);
    List<Map.Entry<String, Checkpoint>> all;
    synchronized (checkpoints) {
      all = new ArrayList<>(checkpoints.entrySet());
    }
    all.sort((a, b) -> Long.compare(b.getValue().writtenMillis(), a.getValue().writtenMillis()));
    ListCheckpointsResponse.Builder out = ListCheckpointsResponse.newBuilder();
    for (Map.Entry<String, Checkpoint> e : all) {
      Checkpoint c = e.getValue();
      out.addCheckpoints(TrainingCheckpoint.newBuilder().setSessionId(e.getKey()).setModelId(c.modelId())
          .setDatasetId(c.request().getDatasetId()).setBatches(c.batches()).setTotalBatches(c.total())
          .setFinished(c.finished()).setWrittenUnixMs(c.writtenMillis()).setKept(1));
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  /** The real server's checks of the fields that clients get wrong; false after answering the error. */
  private static boolean valid(TrainRequest r, Model model, StreamObserver<TrainEvent> response) {
    if (r.getDatasetId().isEmpty()) {
      return fail(response, Status.INVALID_ARGUMENT, "dataset_id is required");
    }
    if (r.getMethod() == TrainingMethod.TRAINING_METHOD_UNSPECIFIED || r.getMethod() == TrainingMethod.UNRECOGNIZED) {
      return fail(response, Status.INVALID_ARGUMENT, "method is required: CD, PCD or VALLEYS");
    }
    if (r.getEpochs() < 1 || r.getEpochs() > 1_000_000) {
      return fail(response, Status.INVALID_ARGUMENT, "epochs must be in 1..1000000 (got " + r.getEpochs() + ")");
    }
    double initial = r.getLearningRate().getInitial();
    if (!(initial > 0) || Double.isInfinite(initial)) {
      return fail(response, Status.INVALID_ARGUMENT, "learning_rate.initial must be finite and > 0 (got " + initial
          + ")");
    }
    boolean hopfield = model.getFamily().equals("hopfield");
    if (hopfield != (r.getMethod() == TrainingMethod.VALLEYS)) {
      return fail(response, Status.FAILED_PRECONDITION, "model " + model.getId() + " (" + model.getFamily()
          + ") cannot be trained with " + r.getMethod());
    }
    if (r.getAisEveryEpochs() > 0 && !model.getCapabilities().getPartitionFunction()) {
      return fail(response, Status.FAILED_PRECONDITION, "model " + model.getId() + " (" + model.getFamily()
          + ") has no AIS path; ais_every_epochs must be 0");
    }
    if (r.getSamples() > 64) {
      return fail(response, Status.INVALID_ARGUMENT, "samples must be <= 64");
    }
    return true;
  }

  /** Streams a run of {@code r} on {@code model} from update {@code from} on (0 for a fresh one). */
  private void run(TrainRequest r, Model model, long from, boolean detached, StreamObserver<TrainEvent> response) {
    int perEpoch = FakeEbmsimServer.TRAIN_BATCHES_PER_EPOCH;
    long total = (long) r.getEpochs() * perEpoch;
    int chains = r.getPersistentChains() != 0 ? r.getPersistentChains()
        : r.getBatchSize() != 0 ? r.getBatchSize() : TRAIN_ROWS / perEpoch;
    long[] lastVersion = {model.getVersion()};
    TrainResult[] result = {null};
    SessionStarted started = fake.sessions.start("train", model, chains, total, detached,
        s -> s.setTrain(result[0]));
    String session = started.getSessionId();
    if (detached) {
      // before started goes out: a client may act on the session as soon as it has its id
      result[0] = result(r, model.getId(), lastVersion[0], total);
      checkpoint(session, r, model.getId(), Math.min(DETACHED_CHECKPOINT_BATCHES, total - 1), total, false);
      response.onNext(TrainEvent.newBuilder().setStarted(started).build());
      response.onCompleted();
      return;
    }
    response.onNext(TrainEvent.newBuilder().setStarted(started).build());
    for (long b = from + 1; b <= total; b++) {
      int epoch = (int) ((b - 1) / perEpoch);
      int inEpoch = (int) ((b - 1) % perEpoch) + 1;
      boolean epochEnd = inEpoch == perEpoch;
      boolean report = epochEnd || (r.getReportEveryBatches() > 0 && b % r.getReportEveryBatches() == 0);
      if (!report) {
        continue;
      }
      TrainProgress.Builder p = progress(r, model, epoch, inEpoch, b, total);
      if (epochEnd && (!r.getFinalVersionOnly() || b == total)) {
        lastVersion[0] = fake.addVersion(model.getId(), session, b, epoch);
        p.setModelVersion(lastVersion[0]);
      }
      response.onNext(TrainEvent.newBuilder().setProgress(p).build());
    }
    result[0] = result(r, model.getId(), lastVersion[0], total);
    checkpoint(session, r, model.getId(), total, total, true);
    // finished before the result goes out, so that a client reading it finds the session ended
    fake.sessions.finish(session);
    response.onNext(TrainEvent.newBuilder().setResult(result[0]).build());
    response.onCompleted();
  }

  /** The canned progress of update {@code batches} ({@code inEpoch} of epoch {@code epoch}). */
  static TrainProgress.Builder progress(TrainRequest r, Model model, int epoch, int inEpoch, long batches,
      long total) {
    int perEpoch = FakeEbmsimServer.TRAIN_BATCHES_PER_EPOCH;
    boolean epochEnd = inEpoch == perEpoch;
    TrainProgress.Builder p = TrainProgress.newBuilder().setEpoch(epoch).setBatchInEpoch(inEpoch)
        .setBatchesPerEpoch(perEpoch).setBatches(batches).setTotalBatches(total).setEpochEnd(epochEnd)
        .setLearningRate(rate(r.getLearningRate(), epoch)).setTrain(train(r, epoch))
        .setHeldOut(heldOut(r, epoch)).putWeightNorms("W", norm(epoch)).setElapsedSeconds(0.25 * batches);
    if (epochEnd && aisAt(r, epoch)) {
      p.setAis(ais(r, epoch));
    }
    if (epochEnd) {
      LayerInfo visible = model.getLayers(0);
      for (int i = 0; i < r.getSamples(); i++) {
        double[] row = new double[visible.getUnits()];
        for (int j = 0; j < row.length; j++) {
          row[j] = (i + j + epoch) % 2 == 0 ? FakeStates.high(visible.getType()) : FakeStates.low(visible.getType());
        }
        p.addSamples(ChainState.newBuilder().setChain(i).addLayers(FakeStates.state(visible, new double[][] {row})));
      }
    }
    return p;
  }

  private static TrainResult result(TrainRequest r, String modelId, long version, long total) {
    int last = r.getEpochs() - 1;
    TrainResult.Builder b = TrainResult.newBuilder().setModelId(modelId).setModelVersion(version).setBatches(total)
        .setEpochs(r.getEpochs()).setTrain(train(r, last)).setHeldOut(heldOut(r, last)).putWeightNorms("W", norm(last));
    if (r.getAisEveryEpochs() > 0) {
      b.setAis(ais(r, last));
    }
    return b.build();
  }

  /** The learning rate of epoch {@code e} under the request's schedule (factor and interval 0 mean 1). */
  static double rate(LearningRate lr, int e) {
    double factor = lr.getFactor() == 0 ? 1 : lr.getFactor();
    int every = lr.getEveryEpochs() == 0 ? 1 : lr.getEveryEpochs();
    return switch (lr.getKind()) {
      case EXPONENTIAL -> lr.getInitial() * Math.pow(factor, e);
      case STEP -> lr.getInitial() * Math.pow(factor, e / every);
      default -> lr.getInitial();
    };
  }

  private static int rows(TrainRequest r, int available) {
    return r.getEvaluationRows() == 0 ? available : Math.min(r.getEvaluationRows(), available);
  }

  private static SplitMetrics train(TrainRequest r, int e) {
    return SplitMetrics.newBuilder().setRows(rows(r, TRAIN_ROWS)).setReconstructionError(0.5 / (e + 2))
        .setPseudoLogLikelihood(-4.0 / (e + 1)).build();
  }

  private static SplitMetrics heldOut(TrainRequest r, int e) {
    if (r.getDatasetId().equals(FakeEbmsimServer.TRAIN_ONLY_DATASET)) {
      return SplitMetrics.getDefaultInstance();
    }
    return SplitMetrics.newBuilder().setRows(rows(r, HELD_OUT_ROWS)).setReconstructionError(0.5 / (e + 2) + 0.01)
        .setPseudoLogLikelihood(-4.0 / (e + 1) - 0.25).build();
  }

  private static boolean aisAt(TrainRequest r, int e) {
    int every = r.getAisEveryEpochs();
    return every > 0 && ((e + 1) % every == 0 || e == r.getEpochs() - 1);
  }

  private static AisLogLikelihood ais(TrainRequest r, int e) {
    int chains = r.getAisChains() == 0 ? 100 : r.getAisChains();
    return AisLogLikelihood.newBuilder().setLogLikelihood(-4.0 / (e + 1) - 0.75).setStandardError(0.05)
        .setLogZ(3.0 + e).setEffectiveSampleSize(0.8 * chains).setChains(chains)
        .setSteps(r.getAisSteps() == 0 ? 1000 : r.getAisSteps()).build();
  }

  private static double norm(int e) {
    return 1 + 0.5 * e;
  }

  private void checkpoint(String session, TrainRequest r, String modelId, long batches, long total, boolean finished) {
    synchronized (checkpoints) {
      checkpoints.put(session, new Checkpoint(r, modelId, batches, total, finished,
          FakeEbmsimServer.CREATED_UNIX_MS + 10_000 + 1000 * writes.incrementAndGet()));
    }
  }

  private static boolean fail(StreamObserver<?> response, Status status, String message) {
    response.onError(status.withDescription(message).asRuntimeException());
    return false;
  }
}
