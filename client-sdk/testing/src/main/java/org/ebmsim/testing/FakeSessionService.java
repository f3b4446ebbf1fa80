package org.ebmsim.testing;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ListSessionsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEnded;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * The fake SessionService over the sessions the fake SimulationService started (ids
 * s-0000000000000001, …) plus the ever-running {@link FakeEbmsimServer#ENDLESS_SESSION}.
 *
 * <p>Nothing runs in the background. An attached session is FINISHED, with its result, when its
 * stream ends. A detached one stays RUNNING (10 sweeps done) until it is stopped or watched:
 * watching it plays three progress events, its result and {@code ended FINISHED}, and finishes
 * it. Watching an ended session gives {@code started} and {@code ended} only, as on the real
 * server (the result is in GetSession).
 * Steering answers with sweep 20 and records the action; pause, resume and steer of an ended
 * session fail with FAILED_PRECONDITION, as on the real server, and so do a learning rate for a
 * session other than training and any action but the learning rate and the report interval for a
 * training session.
 */
final class FakeSessionService extends SessionServiceGrpc.SessionServiceImplBase {
  /** Sweeps a detached fake session has done while it waits. */
  static final long DETACHED_DONE = 10;
  /** The sweep every steering action takes effect at. */
  static final long STEERED_AT = 20;

  private final FakeEbmsimServer fake;
  private final AtomicInteger nextId = new AtomicInteger(1);
  /** Sessions in start order; guarded by itself. */
  private final Map<String, Record> records = new LinkedHashMap<>();

  /** One session: what started it, its state, and its result waiting to be shown. */
  private static final class Record {
    final SessionStarted started;
    final Model model;
    final Consumer<Session.Builder> result;
    SessionState state = SessionState.RUNNING;
    long done;
    long endedMillis;
    String reason = "";
    final List<Steered> steering = new ArrayList<>();

    Record(SessionStarted started, Model model, Consumer<Session.Builder> result) {
      this.started = started;
      this.model = model;
      this.result = result;
    }

    boolean ended() {
      return state == SessionState.FINISHED || state == SessionState.STOPPED || state == SessionState.FAILED;
    }
  }

  FakeSessionService(FakeEbmsimServer fake) {
    this.fake = fake;
    Model endless = FakeEbmsimServer.imageModel(FakeEbmsimServer.ENDLESS);
    SessionStarted started = SessionStarted.newBuilder().setSessionId(FakeEbmsimServer.ENDLESS_SESSION)
        .setKind("anneal").setModelId(endless.getId()).setModelVersion(1).setChains(4).setTotal(1_000_000)
        .addAllLayers(endless.getLayersList()).setDetached(true).setStartedUnixMs(1_700_000_000_000L).build();
    records.put(started.getSessionId(), new Record(started, endless, null));
  }

  /** Registers a session of {@code model}; {@code result} fills the Session's result oneof. */
  SessionStarted start(String kind, Model model, int chains, long total, boolean detached,
      Consumer<Session.Builder> result) {
    SessionStarted started = SessionStarted.newBuilder().setSessionId(String.format("s-%016x", nextId.getAndIncrement()))
        .setKind(kind).setModelId(model.getId()).setModelVersion(model.getVersion()).setChains(chains).setTotal(total)
        .addAllLayers(model.getLayersList()).setDetached(detached).setStartedUnixMs(1_700_000_000_000L).build();
    Record r = new Record(started, model, result);
    r.done = detached ? DETACHED_DONE : 0;
    synchronized (records) {
      records.put(started.getSessionId(), r);
    }
    return started;
  }

  /** The session's stream delivered its result: it is FINISHED. */
  void finish(String id) {
    synchronized (records) {
      Record r = records.get(id);
      r.state = SessionState.FINISHED;
      r.done = r.started.getTotal();
      r.endedMillis = 1_700_000_001_000L;
    }
  }

  /** The wire view of session {@code id}, or null if there is none. */
  Session view(String id, boolean withResult) {
    synchronized (records) {
      Record r = records.get(id);
      return r == null ? null : view(r, withResult);
    }
  }

  private static Session view(Record r, boolean withResult) {
    SessionStarted s = r.started;
    Session.Builder b = Session.newBuilder().setId(s.getSessionId()).setKind(s.getKind()).setModelId(s.getModelId())
        .setModelVersion(s.getModelVersion()).setState(r.state).setOwnerAttached(!s.getDetached() && !r.ended())
        .setDetached(s.getDetached()).setChains(s.getChains()).setDone(r.done).setTotal(s.getTotal());
    if (!s.getKind().equals("train")) {
      // training samples at no temperature and reports no energies
      b.setTemperature(1.0).setEnergy(EnergyStats.newBuilder().setMin(-6).setMean(-5).setMax(-4));
    }
    b.setStartedUnixMs(s.getStartedUnixMs()).setEndedUnixMs(r.endedMillis).setReason(r.reason)
        .addAllSteering(r.steering);
    if (withResult && r.state == SessionState.FINISHED && r.result != null) {
      r.result.accept(b);
    }
    return b.build();
  }

  private Record find(String id, StreamObserver<?> response) {
    synchronized (records) {
      Record r = records.get(id);
      if (r == null) {
        response.onError(Status.NOT_FOUND.withDescription("session \"" + id + "\" not found (it never existed, or it"
            + " ended more than the retention period ago)").asRuntimeException());
      }
      return r;
    }
  }

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    fake.requests.add(request);
    ListSessionsResponse.Builder out = ListSessionsResponse.newBuilder();
    synchronized (records) {
      List<Record> all = new ArrayList<>(records.values());
      for (int i = all.size() - 1; i >= 0; i--) {
        if (request.getIncludeEnded() || !all.get(i).ended()) {
          out.addSessions(view(all.get(i), false));
        }
      }
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void getSession(GetSessionRequest request, StreamObserver<Session> response) {
    fake.requests.add(request);
    Record r = find(request.getSessionId(), response);
    if (r != null) {
      response.onNext(view(request.getSessionId(), true));
      response.onCompleted();
    }
  }

  @Override
  public void stopSession(StopSessionRequest request, StreamObserver<Session> response) {
    fake.requests.add(request);
    Record r = find(request.getSessionId(), response);
    if (r == null) {
      return;
    }
    synchronized (records) {
      if (!r.ended()) {
        r.state = SessionState.STOPPED;
        r.reason = "stopped by StopSession";
        r.endedMillis = 1_700_000_001_000L;
      }
    }
    response.onNext(view(request.getSessionId(), false));
    response.onCompleted();
  }

  @Override
  public void pauseSession(PauseSessionRequest request, StreamObserver<Session> response) {
    fake.requests.add(request);
    control(request.getSessionId(), response, SessionState.PAUSED);
  }

  @Override
  public void resumeSession(ResumeSessionRequest request, StreamObserver<Session> response) {
    fake.requests.add(request);
    control(request.getSessionId(), response, SessionState.RUNNING);
  }

  private void control(String id, StreamObserver<Session> response, SessionState next) {
    Record r = find(id, response);
    if (r == null) {
      return;
    }
    synchronized (records) {
      if (r.ended()) {
        response.onError(Status.FAILED_PRECONDITION.withDescription("session " + id + " has ended (" + r.state + ")")
            .asRuntimeException());
        return;
      }
      r.state = next;
    }
    response.onNext(view(id, false));
    response.onCompleted();
  }

  @Override
  public void steerSession(SteerSessionRequest request, StreamObserver<Steered> response) {
    fake.requests.add(request);
    Record r = find(request.getSessionId(), response);
    if (r == null) {
      return;
    }
    if (request.getAction().getActionCase() == SteerAction.ActionCase.ACTION_NOT_SET) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("action must be set: temperature, inverse_temperature,"
          + " clamp, release or report_every_sweeps").asRuntimeException());
      return;
    }
    boolean training = r.started.getKind().equals("train");
    SteerAction.ActionCase action = request.getAction().getActionCase();
    if (training != (action == SteerAction.ActionCase.LEARNING_RATE)
        && action != SteerAction.ActionCase.REPORT_EVERY_SWEEPS) {
      response.onError(Status.FAILED_PRECONDITION.withDescription(training
          ? "a training session takes only learning_rate and report_every_sweeps (batches) steering"
          : "learning_rate steers training sessions only; this is a " + r.started.getKind() + " session")
          .asRuntimeException());
      return;
    }
    Steered steered = Steered.newBuilder().setSweep(STEERED_AT).setAction(request.getAction()).build();
    synchronized (records) {
      if (r.ended()) {
        response.onError(Status.FAILED_PRECONDITION.withDescription("session " + request.getSessionId()
            + " has ended (" + r.state + "); it can no longer be steered").asRuntimeException());
        return;
      }
      r.steering.add(steered);
    }
    response.onNext(steered);
    response.onCompleted();
  }

  @Override
  public void watchSession(WatchSessionRequest request, StreamObserver<SessionEvent> response) {
    fake.requests.add(request);
    Record r = find(request.getSessionId(), response);
    if (r == null) {
      return;
    }
    ServerCallStreamObserver<SessionEvent> call = (ServerCallStreamObserver<SessionEvent>) response;
    call.setOnCancelHandler(fake.cancelled::countDown);
    String id = r.started.getSessionId();
    long[] sequence = {0};
    Consumer<SessionEvent.Builder> send = e -> call.onNext(e.setSessionId(id).setSequence(sequence[0]++).build());
    send.accept(SessionEvent.newBuilder().setStarted(r.started));
    if (id.equals(FakeEbmsimServer.ENDLESS_SESSION)) {
      call.setOnReadyHandler(() -> {
        while (call.isReady() && !call.isCancelled()) {
          send.accept(SessionEvent.newBuilder().setAnnealProgress(
              FakeSimulationService.annealProgress(fake.endlessEventsSent.incrementAndGet(), 0)));
        }
      });
      return;
    }
    boolean running;
    synchronized (records) {
      running = !r.ended();
      if (running) {
        for (int i = 1; i <= FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS; i++) {
          send.accept(progress(r, i));
        }
        finish(id);
      }
    }
    Session done = view(id, running);
    switch (done.getResultCase()) {
      case ANNEAL -> send.accept(SessionEvent.newBuilder().setAnnealResult(done.getAnneal()));
      case COMPLETE -> send.accept(SessionEvent.newBuilder().setCompleteResult(done.getComplete()));
      case PARTITION_FUNCTION -> send.accept(SessionEvent.newBuilder()
          .setPartitionFunctionResult(done.getPartitionFunction()));
      case TRAIN -> send.accept(SessionEvent.newBuilder().setTrainResult(done.getTrain()));
      case RESULT_NOT_SET -> { }
    }
    send.accept(SessionEvent.newBuilder().setEnded(SessionEnded.newBuilder().setState(done.getState())
        .setReason(done.getReason())));
    call.onCompleted();
  }

  /** The {@code i}-th progress event of a watched session of {@code r}'s kind. */
  private static SessionEvent.Builder progress(Record r, int i) {
    long total = r.started.getTotal();
    return switch (r.started.getKind()) {
      case "complete" -> SessionEvent.newBuilder().setCompleteProgress(FakeSimulationService.completeProgress(i));
      // epoch i - 1 ends
      case "train" -> SessionEvent.newBuilder().setTrainProgress(FakeTrainingService.progress(
          TrainRequest.newBuilder().setEpochs((int) (total / FakeEbmsimServer.TRAIN_BATCHES_PER_EPOCH))
              .setLearningRate(LearningRate.newBuilder().setInitial(0.1)).build(),
          r.model, i - 1, FakeEbmsimServer.TRAIN_BATCHES_PER_EPOCH, (long) i * FakeEbmsimServer.TRAIN_BATCHES_PER_EPOCH,
          total));
      case "partition_function" -> {
        List<AisProgress> all = FakeSimulationService.aisProgress((int) total,
            Math.max(1, (int) total / FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS), r.started.getChains());
        yield SessionEvent.newBuilder().setPartitionFunctionProgress(all.get(Math.min(i, all.size()) - 1));
      }
      default -> SessionEvent.newBuilder().setAnnealProgress(
          FakeSimulationService.annealProgress(i * 10L, total));
    };
  }
}
