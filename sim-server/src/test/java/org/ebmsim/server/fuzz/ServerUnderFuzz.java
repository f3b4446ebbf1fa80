package org.ebmsim.server.fuzz;

import com.google.protobuf.Message;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.ListDatasetsRequest;
import org.ebmsim.proto.v1.ListDatasetsResponse;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.server.EbmsimServer;

/**
 * An in-process ebmsim server with tiny limits, a small memory budget and a temporary data folder,
 * holding the {@link ServerFixtures}; {@link #exercise} runs one fuzz input against it and checks
 * what must hold whatever the input:
 * <ul>
 *   <li>the call ends (within its deadline plus {@link RpcCall#CLOSE_WITHIN}) with a status that is
 *       neither UNKNOWN nor INTERNAL, and that carries a description unless it is OK;</li>
 *   <li>once what the call created is removed (models, datasets, sessions), the server comes back to
 *       its baseline: no session or engine actor running, no compute task, and exactly the memory
 *       budget reserved that the fixtures hold;</li>
 *   <li>health is SERVING, and follow-up calls (status, lists) work.</li>
 * </ul>
 * Calls run one at a time. Every input starts from the same state (fixtures that a call changed are
 * made anew), so a saved input replays the same way.
 */
final class ServerUnderFuzz implements AutoCloseable {
  /** Longest the server may take to settle after a call (sessions stopped, memory given back). */
  private static final long SETTLE_MILLIS = 10_000;
  /** Deadline of the bookkeeping calls around each input. */
  private static final long ADMIN_DEADLINE_SECONDS = 10;

  private final EbmsimServer server;
  private final ManagedChannel channel;
  private final ScheduledExecutorService timer;
  private final RpcCatalog catalog;
  private final Map<String, String> ids = new HashMap<>();
  private final ServerStatus baseline;

  private ServerUnderFuzz(Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path root = Files.createDirectories(dir.resolve("datasets-root"));
    Files.write(root.resolve(ServerFixtures.DATASET_FILE), ServerFixtures.datasetCsv());
    Map<String, Object> c = new HashMap<>();
    c.put("ebmsim.server.data-dir", data.toString());
    c.put("ebmsim.datasets.root", root.toString());
    c.put("ebmsim.server.max-message-bytes", 1 << 20);
    c.put("ebmsim.server.compute-threads", 1);
    c.put("ebmsim.server.compute-queue", 4);
    c.put("ebmsim.server.shutdown-grace", "1s");
    c.put("ebmsim.limits.max-units", 64);
    c.put("ebmsim.limits.max-patterns", 16);
    c.put("ebmsim.limits.max-models", 64);
    c.put("ebmsim.limits.max-chains", 8);
    c.put("ebmsim.limits.max-chain-units", 256);
    c.put("ebmsim.limits.max-sessions", 4);
    c.put("ebmsim.limits.max-schedule-steps", 64);
    c.put("ebmsim.limits.max-total-sweeps", 4096);
    c.put("ebmsim.limits.exact-max-units", 10);
    // a budget of ~50 MiB (the fuzz JVM has -Xmx1g): "does not fit" is reachable by small requests
    c.put("ebmsim.limits.memory-fraction", 0.05);
    c.put("ebmsim.limits.max-dataset-bytes", 1 << 20);
    // results are forgotten as soon as a session ends, so the budget returns to the baseline
    c.put("ebmsim.engine.result-retention", "0s");
    c.put("ebmsim.engine.attach-timeout", "5s");
    c.put("ebmsim.engine.max-detached-duration", "5s");
    String name = "fuzz-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(c).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fuzz-call-timer");
      t.setDaemon(true);
      return t;
    });
    catalog = RpcCatalog.discover(channel);
    restoreFixtures();
    baseline = settled(null);
  }

  /** Starts a server whose data folder and dataset root are under {@code dir}. */
  static ServerUnderFuzz start(Path dir) throws Exception {
    return new ServerUnderFuzz(dir);
  }

  RpcCatalog catalog() {
    return catalog;
  }

  /** A channel to the server (for tests that pin a finding down with its exact status). */
  ManagedChannel channel() {
    return channel;
  }

  /** The id a placeholder of the stored fixtures ("@rbm", "@dataset", ...) stands for now. */
  String id(String placeholder) {
    return ids.get(placeholder);
  }

  /** Runs one fuzz input and checks the invariants (see the class comment); throws AssertionError on a finding. */
  void exercise(byte[] input) throws Exception {
    Optional<FuzzInput> decoded = FuzzInput.decode(input, catalog);
    if (decoded.isEmpty()) {
      return; // not a valid encoding of the method's request: nothing reaches the service
    }
    FuzzInput in = decoded.get();
    String method = in.method().getFullMethodName();
    HeldSession held = null;
    try {
      Map<String, String> now = new HashMap<>(ids);
      if (Placeholders.used(in.requests()).contains(ServerFixtures.SESSION)) {
        held = new HeldSession(ServerFixtures.heldSession(ids.get("@hopfield")));
        now.put(ServerFixtures.SESSION, held.id);
      }
      List<Message> requests = new ArrayList<>();
      for (Message m : in.requests()) {
        requests.add(Placeholders.substitute(m, now));
      }
      RpcCall.Outcome outcome = RpcCall.run(channel, in.method(), requests, timer);
      Status s = outcome.status();
      if (s.getCode() == Status.Code.UNKNOWN || s.getCode() == Status.Code.INTERNAL) {
        throw new AssertionError(method + " answered " + s + " after " + outcome.responses() + " responses to "
            + requests, s.getCause());
      }
      if (!s.isOk() && (s.getDescription() == null || s.getDescription().isBlank())) {
        throw new AssertionError(method + " answered " + s.getCode() + " without a description after "
            + outcome.responses() + " responses to " + requests);
      }
    } finally {
      if (held != null) {
        held.close();
      }
    }
    restoreFixtures();
    settled(method);
  }

  /**
   * Polls GetServerStatus until nothing runs and the budget holds what it held at the start;
   * returns that status. {@code after} names the call whose effects are awaited (null at start).
   */
  private ServerStatus settled(String after) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    ServerStatus st;
    while (true) {
      st = status();
      boolean idle = st.getSessionsActive() == 0 && st.getLiveActors() == 0 && st.getComputeRunning() == 0
          && st.getComputeQueued() == 0;
      if (idle && (baseline == null || (st.getMemoryReservedBytes() == baseline.getMemoryReservedBytes()
          && st.getModels() == baseline.getModels()))) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("after " + after + " the server did not return to its baseline within "
            + SETTLE_MILLIS + " ms: sessions " + st.getSessionsActive() + ", live actors " + st.getLiveActors()
            + ", compute " + st.getComputeRunning() + "+" + st.getComputeQueued() + " queued, memory reserved "
            + st.getMemoryReservedBytes() + " B (baseline " + (baseline == null ? "-" : baseline.getMemoryReservedBytes())
            + " B), models " + st.getModels() + " (baseline " + (baseline == null ? "-" : baseline.getModels()) + ")");
      }
      // polled with a deadline; the pause only keeps the poll from taking a core from the server
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    for (String service : List.of("", EbmsimServer.STORE_HEALTH)) {
      HealthCheckResponse.ServingStatus h = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(ADMIN_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
      if (h != HealthCheckResponse.ServingStatus.SERVING) {
        throw new AssertionError("after " + after + " health of \"" + service + "\" is " + h);
      }
    }
    return st;
  }

  private ServerStatus status() {
    return ServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(ADMIN_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .getServerStatus(GetServerStatusRequest.getDefaultInstance());
  }

  /**
   * Stops sessions a call left running, deletes models and datasets it created, and makes anew any
   * fixture it deleted or changed (a training session adds versions to its model).
   */
  private void restoreFixtures() throws Exception {
    var sessions = SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(ADMIN_DEADLINE_SECONDS,
        TimeUnit.SECONDS);
    for (var s : sessions.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList()) {
      ignoringGone(() -> sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(s.getId()).build()));
    }
    var models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(ADMIN_DEADLINE_SECONDS,
        TimeUnit.SECONDS);
    Set<String> fixtureIds = new HashSet<>(ids.values());
    Set<String> present = new HashSet<>();
    String token = "";
    do {
      ListModelsResponse page = models.listModels(ListModelsRequest.newBuilder().setPageToken(token).build());
      for (var m : page.getModelsList()) {
        boolean pristine = fixtureIds.contains(m.getId()) && models.listModelVersions(ListModelVersionsRequest
            .newBuilder().setId(m.getId()).build()).getVersionsCount() == 1;
        if (pristine) {
          present.add(m.getId());
        } else {
          ignoringGone(() -> models.deleteModel(DeleteModelRequest.newBuilder().setId(m.getId()).build()));
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    for (Map.Entry<String, CreateModelRequest> f : ServerFixtures.models().entrySet()) {
      if (!present.contains(ids.get(f.getKey()))) {
        ids.put(f.getKey(), models.createModel(f.getValue()).getId());
      }
    }
    var datasets = DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(ADMIN_DEADLINE_SECONDS,
        TimeUnit.SECONDS);
    boolean datasetPresent = false;
    token = "";
    do {
      ListDatasetsResponse page = datasets.listDatasets(ListDatasetsRequest.newBuilder().setPageToken(token).build());
      for (var d : page.getDatasetsList()) {
        if (d.getId().equals(ids.get(ServerFixtures.DATASET))) {
          datasetPresent = true;
        } else {
          ignoringGone(() -> datasets.deleteDataset(DeleteDatasetRequest.newBuilder().setId(d.getId()).build()));
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    if (!datasetPresent) {
      ids.put(ServerFixtures.DATASET, datasets.registerDataset(ServerFixtures.registerDataset()).getId());
    }
  }

  /** Runs a clean-up call; a thing already gone (or a session already ended) is what was wanted. */
  private static void ignoringGone(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      Status.Code c = e.getStatus().getCode();
      if (c != Status.Code.NOT_FOUND && c != Status.Code.FAILED_PRECONDITION) {
        throw e;
      }
    }
  }

  /**
   * A live session for the "@session" placeholder: an anneal whose owner reads only its first
   * event, so the session waits for its stream and stays RUNNING until {@link #close} cancels it.
   */
  private final class HeldSession implements AutoCloseable {
    final String id;
    private final CompletableFuture<String> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private ClientCallStreamObserver<AnnealRequest> call;

    HeldSession(AnnealRequest request) throws Exception {
      SimulationServiceGrpc.newStub(channel).anneal(request, new ClientResponseObserver<AnnealRequest, AnnealEvent>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<AnnealRequest> requestStream) {
          call = requestStream;
          requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(AnnealEvent value) {
          started.complete(value.getStarted().getSessionId());
        }

        @Override
        public void onError(Throwable t) {
          started.completeExceptionally(t);
          ended.complete(null);
        }

        @Override
        public void onCompleted() {
          started.completeExceptionally(new IllegalStateException("the held session's stream completed"));
          ended.complete(null);
        }
      });
      id = started.get(ADMIN_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      call.cancel("fuzz input done", null);
      ended.get(ADMIN_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    timer.shutdownNow();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
