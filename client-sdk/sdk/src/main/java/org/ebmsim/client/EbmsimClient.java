package org.ebmsim.client;

import static org.ebmsim.client.UnaryCalls.unary;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperProgress;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ListCheckpointsRequest;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.ResumeTrainingRequest;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainResult;
import org.ebmsim.proto.v1.TrainingCheckpoint;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.proto.v1.FitProductOfExpertsRequest;
import org.ebmsim.proto.v1.FitProductOfExpertsResponse;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructResponse;
import org.ebmsim.proto.v1.ReconstructionMethod;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * Client for one ebmsim server: typed calls for every RPC of {@code ModelService},
 * {@code SimulationService}, {@code SessionService}, {@code RbmService} and
 * {@code TrainingService}.
 *
 * <p>Create it with {@link #connect(String)} (plaintext, {@code host:port}),
 * {@link #connect(String, ClientSecurity)} (TLS, client certificates, bearer token) or
 * {@link #create(ManagedChannel)}, and {@link #close()} it when done; it owns its channel.
 * {@link #withDeadline(Duration)} gives a view that applies a deadline to each call it
 * starts. The client is thread-safe.
 *
 * <p>Unary calls block. The session streams (anneal, temper, complete, estimatePartitionFunction, train) come
 * in three forms: a blocking {@link EventStream} (close it to cancel, which stops the session),
 * callbacks on a {@link SessionObserver} with a {@link SessionHandle} to cancel, or detached
 * ({@link #annealDetached} and its siblings), which return the {@link SessionStarted} event at
 * once and leave the session running on the server. Every session stream begins with
 * {@code started}, whose session id works with the SessionService calls: {@link #listSessions},
 * {@link #getSession} (with the result once finished), {@link #watchSession} (blocking or with a
 * {@link SessionWatcher}), {@link #stopSession}, {@link #pauseSession}, {@link #resumeSession}
 * and {@link #steerSession} (see {@link SteerActions}). States of layers travel as
 * {@code LayerState}; {@link LayerStates} converts them to and from arrays. Every gRPC failure
 * surfaces as {@link EbmsimException}.
 */
public final class EbmsimClient implements AutoCloseable {
  /**
   * Largest message {@link #connect} channels accept from the server: 256 MiB, the server's
   * own default {@code ebmsim.server.max-message-bytes}. gRPC's default of 4 MiB is too small
   * for {@code GetModel} with the parameters of a large model (a 4096-unit weight matrix is
   * 128 MiB of doubles).
   */
  public static final int MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final ManagedChannel channel;
  private final Duration deadline;
  private final ModelServiceGrpc.ModelServiceBlockingStub models;
  private final SimulationServiceGrpc.SimulationServiceBlockingStub simulationBlocking;
  private final SimulationServiceGrpc.SimulationServiceStub simulationAsync;
  private final RbmServiceGrpc.RbmServiceBlockingStub rbm;
  private final SessionServiceGrpc.SessionServiceBlockingStub sessionsBlocking;
  private final SessionServiceGrpc.SessionServiceStub sessionsAsync;
  private final TrainingServiceGrpc.TrainingServiceBlockingStub trainingBlocking;
  private final TrainingServiceGrpc.TrainingServiceStub trainingAsync;

  private EbmsimClient(ManagedChannel channel, Duration deadline) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.deadline = deadline;
    this.models = ModelServiceGrpc.newBlockingStub(channel);
    this.simulationBlocking = SimulationServiceGrpc.newBlockingStub(channel);
    this.simulationAsync = SimulationServiceGrpc.newStub(channel);
    this.rbm = RbmServiceGrpc.newBlockingStub(channel);
    this.sessionsBlocking = SessionServiceGrpc.newBlockingStub(channel);
    this.sessionsAsync = SessionServiceGrpc.newStub(channel);
    this.trainingBlocking = TrainingServiceGrpc.newBlockingStub(channel);
    this.trainingAsync = TrainingServiceGrpc.newStub(channel);
  }

  /**
   * Connects in plaintext to {@code target}, usually {@code host:port} (any gRPC target
   * string is accepted). Connecting is lazy: an unreachable server shows up as
   * {@code UNAVAILABLE} on the first call. The channel accepts messages up to
   * {@link #MAX_INBOUND_MESSAGE_BYTES} (256 MiB) from the server.
   */
  public static EbmsimClient connect(String target) {
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .build();
    return new EbmsimClient(channel, null);
  }

  /**
   * Connects to {@code target} with TLS and/or a bearer token as {@code security} says (see
   * {@link ClientSecurity}); otherwise as {@link #connect(String)}. A missing or unknown token
   * shows up as {@code UNAUTHENTICATED}, a role too small as {@code PERMISSION_DENIED}, a TLS
   * handshake failure (wrong CA, expired certificate, no client certificate) as {@code UNAVAILABLE}.
   *
   * @throws java.io.UncheckedIOException if a certificate or key file cannot be read
   */
  public static EbmsimClient connect(String target, ClientSecurity security) {
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, security.channelCredentials())
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .build();
    return new EbmsimClient(channel, null);
  }

  /** Connects in plaintext to {@code host:port}. */
  public static EbmsimClient connect(String host, int port) {
    return connect(host + ":" + port);
  }

  /**
   * Wraps an existing channel; the client takes ownership and shuts it down on close. The
   * channel's own settings apply: set {@code maxInboundMessageSize} on its builder (e.g. to
   * {@link #MAX_INBOUND_MESSAGE_BYTES}) to fetch the parameters of models above 4 MiB.
   */
  public static EbmsimClient create(ManagedChannel channel) {
    return new EbmsimClient(channel, null);
  }

  /**
   * A view of this client whose calls each get {@code deadline} (from the moment the call
   * starts; for a stream it bounds the whole session). It shares the channel: closing either
   * closes both. {@code null} removes the deadline.
   */
  public EbmsimClient withDeadline(Duration deadline) {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    return new EbmsimClient(channel, deadline);
  }

  /** The per-call deadline of this view, or {@code null} for none. */
  public Duration deadline() {
    return deadline;
  }

  // ---- ModelService -------------------------------------------------------------------

  /** Creates and stores a model; see {@link ModelRequests} for builders. */
  public Model createModel(CreateModelRequest request) {
    return unary(() -> withDeadline(models).createModel(request));
  }

  /** The model's summary (no parameters); {@code NOT_FOUND} for an unknown id. */
  public Model getModel(String id) {
    return getModel(id, false);
  }

  /**
   * The model, with its family's parameters ({@code Model.parameters}: weights, biases,
   * patterns, …) when {@code includeParameters}.
   */
  public Model getModel(String id, boolean includeParameters) {
    GetModelRequest request =
        GetModelRequest.newBuilder().setId(id).setIncludeParameters(includeParameters).build();
    return unary(() -> withDeadline(models).getModel(request));
  }

  /** One page of models; {@code pageSize} 0 means the server default (100). */
  public ListModelsResponse listModelsPage(int pageSize, String pageToken) {
    ListModelsRequest request =
        ListModelsRequest.newBuilder()
            .setPageSize(pageSize)
            .setPageToken(pageToken == null ? "" : pageToken)
            .build();
    return unary(() -> withDeadline(models).listModels(request));
  }

  /** Every model, oldest first, fetching all pages (each page gets its own deadline). */
  public List<Model> listModels() {
    return UnaryCalls.allPages(token -> listModelsPage(0, token), ListModelsResponse::getModelsList,
        ListModelsResponse::getNextPageToken);
  }

  /** Deletes a model; {@code NOT_FOUND} for an unknown id. */
  public void deleteModel(String id) {
    DeleteModelRequest request = DeleteModelRequest.newBuilder().setId(id).build();
    unary(() -> withDeadline(models).deleteModel(request));
  }

  /** DatasetService: upload, register, get, list and delete datasets (with this view's deadline). */
  public DatasetsClient datasets() {
    return new DatasetsClient(channel, deadline);
  }

  /** The model families the server knows (built in and plug-ins), with the specs each accepts. */
  public List<ModelFamilyInfo> listFamilies() {
    return unary(() -> withDeadline(models).listFamilies(ListFamiliesRequest.getDefaultInstance()))
        .getFamiliesList();
  }

  // ---- SimulationService --------------------------------------------------------------

  /** Exact summary by enumeration of all states ({@code RESOURCE_EXHAUSTED} if too big). */
  public ExactSummaryResponse exactSummary(ExactSummaryRequest request) {
    return unary(() -> withDeadline(simulationBlocking).exactSummary(request));
  }

  /** Exact summary at temperature 1 with the server's default number of ground states. */
  public ExactSummaryResponse exactSummary(String modelId) {
    return exactSummary(ExactSummaryRequest.newBuilder().setModelId(modelId).build());
  }

  /**
   * Mean log-likelihood of {@code rows} with its standard error and, if {@code gradient}, the
   * gradient of the mean negative log-likelihood ({@code UNIMPLEMENTED} for families without a
   * likelihood; {@code INVALID_ARGUMENT} where exactness needs an integer β).
   */
  public EvaluateResponse evaluate(EvaluateRequest request) {
    return unary(() -> withDeadline(simulationBlocking).evaluate(request));
  }

  /** {@link #evaluate(EvaluateRequest)} of the latest version of {@code modelId}. */
  public EvaluateResponse evaluate(String modelId, double[][] rows, boolean gradient) {
    return evaluate(EvaluateRequest.newBuilder().setModelId(modelId).setRows(ProtoMatrices.matrix(rows))
        .setGradient(gradient).build());
  }

  /** Missing units of rows filled in (conditional means or one retrieval step). */
  public ReconstructResponse reconstruct(ReconstructRequest request) {
    return unary(() -> withDeadline(simulationBlocking).reconstruct(request));
  }

  /**
   * {@link #reconstruct(ReconstructRequest)} of the latest version of {@code modelId}, with one
   * mask {@code known} (length N) for every row.
   */
  public ReconstructResponse reconstruct(String modelId, double[][] rows, boolean[] known,
      ReconstructionMethod method) {
    ReconstructRequest.Builder r = ReconstructRequest.newBuilder().setModelId(modelId)
        .setRows(ProtoMatrices.matrix(rows)).setMethod(method);
    for (boolean k : known) {
      r.addKnown(k);
    }
    return reconstruct(r.build());
  }

  /** Starts an annealing session and returns its events (progress..., then one result). */
  public EventStream<AnnealEvent> anneal(AnnealRequest request) {
    return EventStream.start(() -> withDeadline(simulationBlocking).anneal(request));
  }

  /** Starts an annealing session that reports to {@code observer}; returns at once. */
  public SessionHandle anneal(
      AnnealRequest request, SessionObserver<AnnealProgress, AnnealResult> observer) {
    StreamingCall<AnnealRequest, AnnealEvent> call = StreamingCall.of(observer, SessionEventDispatch::anneal);
    startAsync(() -> withDeadline(simulationAsync).anneal(request, call), call);
    return call;
  }

  /**
   * Starts an annealing session detached from this client (the request's {@code detached} set):
   * returns its {@link SessionStarted} event as soon as the server has started it; the session
   * runs on. Follow it with {@link #watchSession} and fetch its result with {@link #getSession}.
   */
  public SessionStarted annealDetached(AnnealRequest request) {
    return detached(anneal(request.toBuilder().setDetached(true).build()), AnnealEvent::hasStarted,
        AnnealEvent::getStarted);
  }

  /**
   * Starts a parallel-tempering session (replica exchange) and returns its events (started,
   * progress with swap acceptance, round trips and Λ, then one result with states at every
   * temperature). {@code FAILED_PRECONDITION} for a family without a tempering energy.
   */
  public EventStream<TemperEvent> temper(TemperRequest request) {
    return EventStream.start(() -> withDeadline(simulationBlocking).temper(request));
  }

  /** Starts a parallel-tempering session that reports to {@code observer}; returns at once. */
  public SessionHandle temper(TemperRequest request, SessionObserver<TemperProgress, TemperResult> observer) {
    StreamingCall<TemperRequest, TemperEvent> call = StreamingCall.of(observer, SessionEventDispatch::temper);
    startAsync(() -> withDeadline(simulationAsync).temper(request, call), call);
    return call;
  }

  /** Starts a parallel-tempering session detached from this client; see {@link #annealDetached}. */
  public SessionStarted temperDetached(TemperRequest request) {
    return detached(temper(request.toBuilder().setDetached(true).build()), TemperEvent::hasStarted,
        TemperEvent::getStarted);
  }

  /** Starts a pattern-completion session and returns its events. */
  public EventStream<CompleteEvent> complete(CompleteRequest request) {
    return EventStream.start(() -> withDeadline(simulationBlocking).complete(request));
  }

  /** Starts a pattern-completion session that reports to {@code observer}; returns at once. */
  public SessionHandle complete(
      CompleteRequest request, SessionObserver<CompleteProgress, CompleteResult> observer) {
    StreamingCall<CompleteRequest, CompleteEvent> call = StreamingCall.of(observer, SessionEventDispatch::complete);
    startAsync(() -> withDeadline(simulationAsync).complete(request, call), call);
    return call;
  }

  /** Starts a pattern-completion session detached from this client; see {@link #annealDetached}. */
  public SessionStarted completeDetached(CompleteRequest request) {
    return detached(complete(request.toBuilder().setDetached(true).build()), CompleteEvent::hasStarted,
        CompleteEvent::getStarted);
  }

  /**
   * Starts an annealed-importance-sampling estimate of log Z and returns its events (started,
   * progress of the forward run, then of the reverse run when asked, then one result).
   * {@code FAILED_PRECONDITION} for a model whose family has no AIS path.
   */
  public EventStream<PartitionFunctionEvent> estimatePartitionFunction(
      EstimatePartitionFunctionRequest request) {
    return EventStream.start(() -> withDeadline(simulationBlocking).estimatePartitionFunction(request));
  }

  /** Starts an AIS estimate of log Z that reports to {@code observer}; returns at once. */
  public SessionHandle estimatePartitionFunction(
      EstimatePartitionFunctionRequest request,
      SessionObserver<AisProgress, PartitionFunctionResult> observer) {
    StreamingCall<EstimatePartitionFunctionRequest, PartitionFunctionEvent> call =
        StreamingCall.of(observer, SessionEventDispatch::partitionFunction);
    startAsync(() -> withDeadline(simulationAsync).estimatePartitionFunction(request, call), call);
    return call;
  }

  /** Starts an AIS estimate detached from this client; see {@link #annealDetached}. */
  public SessionStarted estimatePartitionFunctionDetached(EstimatePartitionFunctionRequest request) {
    return detached(estimatePartitionFunction(request.toBuilder().setDetached(true).build()),
        PartitionFunctionEvent::hasStarted, PartitionFunctionEvent::getStarted);
  }

  // ---- SessionService -----------------------------------------------------------------

  /** Running and paused sessions, newest first; with {@code includeEnded} also those ended recently. */
  public List<Session> listSessions(boolean includeEnded) {
    ListSessionsRequest request = ListSessionsRequest.newBuilder().setIncludeEnded(includeEnded).build();
    return unary(() -> withDeadline(sessionsBlocking).listSessions(request)).getSessionsList();
  }

  /**
   * The session, with its result once finished (kept for the server's retention period);
   * {@code NOT_FOUND} for an unknown or expired id.
   */
  public Session getSession(String sessionId) {
    GetSessionRequest request = GetSessionRequest.newBuilder().setSessionId(sessionId).build();
    return unary(() -> withDeadline(sessionsBlocking).getSession(request));
  }

  /**
   * Watches a session from now on: its events (first {@code started}, last {@code ended}) as a
   * blocking stream. Closing the stream only detaches this watcher; the session runs on.
   */
  public EventStream<SessionEvent> watchSession(String sessionId) {
    WatchSessionRequest request = WatchSessionRequest.newBuilder().setSessionId(sessionId).build();
    return EventStream.start(() -> withDeadline(sessionsBlocking).watchSession(request));
  }

  /** Watches a session, reporting to {@code watcher}; returns at once. Cancelling only detaches. */
  public SessionHandle watchSession(String sessionId, SessionWatcher watcher) {
    WatchSessionRequest request = WatchSessionRequest.newBuilder().setSessionId(sessionId).build();
    StreamingCall<WatchSessionRequest, SessionEvent> call =
        new StreamingCall<>(watcher::onEvent, watcher::onError, watcher::onCompleted);
    startAsync(() -> withDeadline(sessionsAsync).watchSession(request, call), call);
    return call;
  }

  /** Stops a running session (idempotent); returns its state afterwards. */
  public Session stopSession(String sessionId) {
    StopSessionRequest request = StopSessionRequest.newBuilder().setSessionId(sessionId).build();
    return unary(() -> withDeadline(sessionsBlocking).stopSession(request));
  }

  /** Pauses a running session after its current report (idempotent). */
  public Session pauseSession(String sessionId) {
    PauseSessionRequest request = PauseSessionRequest.newBuilder().setSessionId(sessionId).build();
    return unary(() -> withDeadline(sessionsBlocking).pauseSession(request));
  }

  /** Resumes a paused session (idempotent). */
  public Session resumeSession(String sessionId) {
    ResumeSessionRequest request = ResumeSessionRequest.newBuilder().setSessionId(sessionId).build();
    return unary(() -> withDeadline(sessionsBlocking).resumeSession(request));
  }

  /**
   * Applies {@code action} (see {@link SteerActions}) at the session's next report boundary;
   * returns the sweep from which it takes effect. {@code FAILED_PRECONDITION} when the session has
   * ended or does not support the action.
   */
  public Steered steerSession(String sessionId, SteerAction action) {
    SteerSessionRequest request = SteerSessionRequest.newBuilder().setSessionId(sessionId).setAction(action).build();
    return unary(() -> withDeadline(sessionsBlocking).steerSession(request));
  }

  // ---- TrainingService and model versions ----------------------------------------------

  /**
   * The model as stored at {@code version} (0: the latest), with its parameters when
   * {@code includeParameters}; {@code NOT_FOUND} for an unknown id or a version not stored.
   * {@code Model.latest_version} tells the newest version, {@code Model.version_info} which
   * training session wrote this one.
   */
  public Model getModel(String id, long version, boolean includeParameters) {
    if (version < 0) {
      throw new IllegalArgumentException("version must be ≥ 0 (0 means the latest), got " + version);
    }
    GetModelRequest request = GetModelRequest.newBuilder().setId(id).setVersion(version)
        .setIncludeParameters(includeParameters).build();
    return unary(() -> withDeadline(models).getModel(request));
  }

  /**
   * The stored parameter versions of a model, oldest first: version 1 is the created model, the
   * others were written by training sessions (with the session, batches and epoch).
   */
  public List<ModelVersion> listModelVersions(String id) {
    ListModelVersionsRequest request = ListModelVersionsRequest.newBuilder().setId(id).build();
    return unary(() -> withDeadline(models).listModelVersions(request)).getVersionsList();
  }

  /**
   * Starts a training session (see {@link TrainRequests} and {@link LearningRates}) and returns its
   * events: started, progress per report (every epoch end at least), steering, then the result.
   * Closing the stream early stops the session; its latest checkpoint stays for
   * {@link #resumeTraining(String)}.
   */
  public EventStream<TrainEvent> train(TrainRequest request) {
    return EventStream.start(() -> withDeadline(trainingBlocking).train(request));
  }

  /** Starts a training session that reports to {@code observer}; returns at once. */
  public SessionHandle train(TrainRequest request, SessionObserver<TrainProgress, TrainResult> observer) {
    StreamingCall<TrainRequest, TrainEvent> call = StreamingCall.of(observer, SessionEventDispatch::train);
    startAsync(() -> withDeadline(trainingAsync).train(request, call), call);
    return call;
  }

  /** Starts a training session detached from this client; see {@link #annealDetached}. */
  public SessionStarted trainDetached(TrainRequest request) {
    return detached(train(request.toBuilder().setDetached(true).build()), TrainEvent::hasStarted,
        TrainEvent::getStarted);
  }

  /**
   * Continues the stopped (or crashed) training session {@code sessionId} from its latest
   * checkpoint as a new session with a new id; its events as for {@link #train(TrainRequest)}.
   * {@code NOT_FOUND} without a checkpoint, {@code FAILED_PRECONDITION} while that session still
   * runs or when it ran to its end.
   */
  public EventStream<TrainEvent> resumeTraining(String sessionId) {
    ResumeTrainingRequest request = ResumeTrainingRequest.newBuilder().setSessionId(sessionId).build();
    return EventStream.start(() -> withDeadline(trainingBlocking).resumeTraining(request));
  }

  /** Continues a training session from its latest checkpoint, reporting to {@code observer}. */
  public SessionHandle resumeTraining(String sessionId, SessionObserver<TrainProgress, TrainResult> observer) {
    ResumeTrainingRequest request = ResumeTrainingRequest.newBuilder().setSessionId(sessionId).build();
    StreamingCall<ResumeTrainingRequest, TrainEvent> call = StreamingCall.of(observer, SessionEventDispatch::train);
    startAsync(() -> withDeadline(trainingAsync).resumeTraining(request, call), call);
    return call;
  }

  /** Continues a training session from its latest checkpoint, detached from this client. */
  public SessionStarted resumeTrainingDetached(String sessionId) {
    ResumeTrainingRequest request =
        ResumeTrainingRequest.newBuilder().setSessionId(sessionId).setDetached(true).build();
    return detached(EventStream.start(() -> withDeadline(trainingBlocking).resumeTraining(request)),
        TrainEvent::hasStarted, TrainEvent::getStarted);
  }

  /**
   * The training sessions that have checkpoints (running, stopped, crashed or finished), newest
   * first; those not {@code finished} can be resumed.
   */
  public List<TrainingCheckpoint> listCheckpoints() {
    return unary(() -> withDeadline(trainingBlocking).listCheckpoints(ListCheckpointsRequest.getDefaultInstance()))
        .getCheckpointsList();
  }

  /**
   * Fits the mapping paper's product-of-experts classifier on a labelled dataset (one
   * binary–Gaussian RBM per class, logistic regression on ‖sᵀW⁽μ⁾‖²) and returns its training and
   * held-out errors. Blocks until the fit ends; the client's deadline, if any, stops it.
   */
  public FitProductOfExpertsResponse fitProductOfExperts(FitProductOfExpertsRequest request) {
    return unary(() -> withDeadline(trainingBlocking).fitProductOfExperts(request));
  }

  // ---- RbmService -------------------------------------------------------------------

  /**
   * Builds and registers the binary–Gaussian RBM equivalent to a projection Hopfield network
   * (from a stored network's patterns or from patterns in the request); the response holds the
   * registered model's summary and the p × p transform X* with ξ = W X*.
   */
  public MapHopfieldToRbmResponse mapHopfieldToRbm(MapHopfieldToRbmRequest request) {
    return unary(() -> withDeadline(rbm).mapHopfieldToRbm(request));
  }

  /** {@link #mapHopfieldToRbm(MapHopfieldToRbmRequest)} of a stored network with QR, β = 1. */
  public MapHopfieldToRbmResponse mapHopfieldToRbm(String hopfieldModelId) {
    return mapHopfieldToRbm(
        MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(hopfieldModelId).build());
  }

  /**
   * Recovers ±1 patterns from a stored binary–Gaussian RBM: X minimising ‖WX − tanh(αWX)‖²_F by
   * gradient descent, patterns sgn(WX); optionally registers their projection network.
   */
  public MapRbmToHopfieldResponse mapRbmToHopfield(MapRbmToHopfieldRequest request) {
    return unary(() -> withDeadline(rbm).mapRbmToHopfield(request));
  }

  /**
   * Shuts the channel down, waiting up to 5 s for calls to finish before cancelling them.
   * Restores the interrupt flag if interrupted.
   */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private <S extends AbstractStub<S>> S withDeadline(S stub) {
    return deadline == null ? stub : stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The {@code started} event of a detached session's stream, which carries nothing else; closing
   * the stream afterwards does not touch the session.
   */
  private static <E> SessionStarted detached(EventStream<E> stream, Predicate<E> isStarted,
      Function<E, SessionStarted> started) {
    try (stream) {
      if (!stream.hasNext()) {
        throw new IllegalStateException("the server ended the detached session's stream without a started event");
      }
      E first = stream.next();
      if (!isStarted.test(first)) {
        throw new IllegalStateException("the server's first event was not started: " + first);
      }
      return started.apply(first);
    }
  }

  private static void startAsync(Runnable start, StreamingCall<?, ?> call) {
    try {
      start.run();
    } catch (RuntimeException e) {
      // Failures to start (e.g. a shut-down channel) are reported like any other failure.
      call.onError(e);
    }
  }
}
