package org.ebmsim.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelCapabilities;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.ValueType;

/**
 * An in-process gRPC server with deterministic canned implementations of ModelService,
 * SimulationService, SessionService and TrainingService, for testing the client side only (the SDK, the CLI, or
 * an application's own code): it records every request and lets tests observe cancellation and
 * how many stream events were produced. It runs no simulation; its answers are fixed shapes of
 * the right kind (see {@link FakeSimulationService} and {@link FakeSessionService}).
 *
 * <p>Special model ids: {@link #ENDLESS} streams progress for as long as the client reads,
 * {@link #FAILING} fails after two progress events, {@link #SLOW} never answers exactSummary
 * until cancelled. Any other id must have been created (or {@link #put}) or the call fails
 * with NOT_FOUND. Models list in pages of {@link #PAGE_SIZE}. Every session stream starts with
 * a {@code started} event and registers its session with the fake SessionService; session
 * {@link #ENDLESS_SESSION} always exists and streams progress to watchers until they cancel.
 *
 * <p>Models are versioned: a stored model has version 1 (created at {@link #CREATED_UNIX_MS}),
 * training adds versions (see {@link FakeTrainingService}), and GetModel, ListModelVersions and
 * every session request with {@code model_version} answer NOT_FOUND for a version not stored.
 */
public final class FakeEbmsimServer implements AutoCloseable {
  public static final String ENDLESS = "m-endless";
  public static final String FAILING = "m-failing";
  public static final String SLOW = "m-slow";
  /** A running anneal session that never ends; its watchers get progress while they read. */
  public static final String ENDLESS_SESSION = "s-00000000000e0d1e";
  public static final int PAGE_SIZE = 2;
  /** Progress events before the result of a normal anneal (and of a watched detached session). */
  public static final int ANNEAL_PROGRESS_EVENTS = 3;
  /** Sweeps of a normal anneal. */
  public static final long ANNEAL_SWEEPS = ANNEAL_PROGRESS_EVENTS * 10L;
  /** When every fake model (version 1) was created. */
  public static final long CREATED_UNIX_MS = 1_700_000_000_000L;
  /** Mini-batches per epoch of every fake training session, whatever the dataset. */
  public static final int TRAIN_BATCHES_PER_EPOCH = 4;
  /** A dataset id the fake trains on without a held-out split (its held-out metrics have 0 rows). */
  public static final String TRAIN_ONLY_DATASET = "d-train-only";

  private final String name = InProcessServerBuilder.generateName();
  private final Server server;
  final Map<String, Model> models = new ConcurrentHashMap<>();
  final List<String> order = new CopyOnWriteArrayList<>();
  final FakeSessionService sessions = new FakeSessionService(this);
  /** Stored versions of each model, oldest first; a list is guarded by itself. */
  final Map<String, List<ModelVersion>> versions = new ConcurrentHashMap<>();

  /** Every request received, in arrival order. */
  public final List<Object> requests = new CopyOnWriteArrayList<>();
  /** Counted down when a streaming or slow call is cancelled by the client. */
  public final CountDownLatch cancelled = new CountDownLatch(1);
  /** Events the endless streams (model {@link #ENDLESS}, session {@link #ENDLESS_SESSION}) have handed to gRPC. */
  public final AtomicLong endlessEventsSent = new AtomicLong();

  public FakeEbmsimServer() throws IOException {
    server = InProcessServerBuilder.forName(name)
        .addService(new FakeModelService(this))
        .addService(new FakeSimulationService(this))
        .addService(sessions)
        .addService(new FakeTrainingService(this))
        .build()
        .start();
  }

  /** A new channel to this server; whoever uses it shuts it down. */
  public ManagedChannel newChannel() {
    return InProcessChannelBuilder.forName(name).build();
  }

  /** Stores {@code model} as if created: version 1, with no other versions. */
  public void put(Model model) {
    models.put(model.getId(), model);
    order.add(model.getId());
    List<ModelVersion> list = new ArrayList<>();
    list.add(ModelVersion.newBuilder().setVersion(1).setCreatedUnixMs(model.getCreatedUnixMs()).build());
    versions.put(model.getId(), list);
  }

  /**
   * Stores a new version of model {@code id} as training session {@code session} writes it after
   * {@code batches} updates in epoch {@code epoch}; returns its number.
   */
  public long addVersion(String id, String session, long batches, int epoch) {
    List<ModelVersion> list = versions.get(id);
    synchronized (list) {
      long v = list.get(list.size() - 1).getVersion() + 1;
      list.add(ModelVersion.newBuilder().setVersion(v).setCreatedUnixMs(CREATED_UNIX_MS + 1000 * v)
          .setTrainingSession(session).setTrainingBatches(batches).setTrainingEpoch(epoch).build());
      return v;
    }
  }

  /** The stored versions of model {@code id}, oldest first (empty for an unknown id). */
  public List<ModelVersion> versions(String id) {
    List<ModelVersion> list = versions.get(id);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /**
   * Model {@code id} as stored at {@code version} (0: the latest), with {@code latest_version} and
   * {@code version_info}; null after answering NOT_FOUND for an unknown id or version.
   */
  Model modelAt(String id, long version, StreamObserver<?> response) {
    if (!known(id, response)) {
      return null;
    }
    List<ModelVersion> list = versions(id);
    ModelVersion latest = list.get(list.size() - 1);
    ModelVersion chosen = version == 0 ? latest
        : list.stream().filter(v -> v.getVersion() == version).findFirst().orElse(null);
    if (chosen == null) {
      response.onError(Status.NOT_FOUND.withDescription("model " + id + " has no version " + version
          + " (versions 1.." + latest.getVersion() + ")").asRuntimeException());
      return null;
    }
    Model.Builder m = models.get(id).toBuilder().setVersion(chosen.getVersion())
        .setLatestVersion(latest.getVersion());
    if (!chosen.getTrainingSession().isEmpty()) {
      m.setVersionInfo(chosen);
    }
    return m.build();
  }

  /** The session {@code id} as GetSession would return it (with its result), or null. */
  public Session session(String id) {
    return sessions.view(id, true);
  }

  /** Requests of type {@code type}, in arrival order. */
  public <T> List<T> requests(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object r : requests) {
      if (type.isInstance(r)) {
        out.add(type.cast(r));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A small Hopfield image model: 2x3 image, 6 ±1 units in one layer, 2 stored patterns. */
  public static Model imageModel(String id) {
    return Model.newBuilder()
        .setId(id)
        .setName("tiny")
        .setFamily("hopfield")
        .setVariant("projection")
        .addLayers(FakeStates.layer("visible", 6, ValueType.VALUE_SPIN, true))
        .setUnits(6)
        .setVisibleUnits(6)
        .setStoredPatterns(2)
        .setImageShape(ImageShape.newBuilder().setHeight(2).setWidth(3))
        .setDescription("Hopfield network (projection), 6 units, 2 stored patterns")
        .setEnergy("E(s) = -½ sᵀWs - bᵀs")
        .setVersion(1)
        .setCapabilities(ModelCapabilities.newBuilder().setExact(true).addDynamics(Dynamics.GIBBS)
            .addDynamics(Dynamics.METROPOLIS))
        .setCreatedUnixMs(CREATED_UNIX_MS)
        .build();
  }

  /** A small binary RBM image model (2x3 visible image, 4 hidden units) with an AIS path, for training. */
  public static Model rbmImageModel(String id) {
    return Model.newBuilder()
        .setId(id)
        .setName("tiny-rbm")
        .setFamily("rbm")
        .setVariant("binary")
        .addLayers(FakeStates.layer("visible", 6, ValueType.VALUE_BINARY, true))
        .addLayers(FakeStates.layer("hidden", 4, ValueType.VALUE_BINARY, false))
        .setUnits(10)
        .setVisibleUnits(6)
        .setHiddenUnits(4)
        .setImageShape(ImageShape.newBuilder().setHeight(2).setWidth(3))
        .setDescription("RBM (binary), 6 visible x 4 hidden units")
        .setEnergy("free energy F(v), hidden units summed out")
        .setVersion(1)
        .setCapabilities(ModelCapabilities.newBuilder().setExact(true).setPartitionFunction(true))
        .setCreatedUnixMs(CREATED_UNIX_MS)
        .build();
  }

  /** The stored model {@code id}, or false after answering NOT_FOUND. */
  boolean known(String id, StreamObserver<?> response) {
    if (models.containsKey(id)) {
      return true;
    }
    response.onError(Status.NOT_FOUND.withDescription("no model with id " + id).asRuntimeException());
    return false;
  }
}
