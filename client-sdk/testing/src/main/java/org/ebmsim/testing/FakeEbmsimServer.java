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
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.ValueType;

/**
 * An in-process gRPC server with deterministic canned implementations of ModelService,
 * SimulationService and SessionService, for testing the client side only (the SDK, the CLI, or
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

  private final String name = InProcessServerBuilder.generateName();
  private final Server server;
  final Map<String, Model> models = new ConcurrentHashMap<>();
  final List<String> order = new CopyOnWriteArrayList<>();
  final FakeSessionService sessions = new FakeSessionService(this);

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
        .build()
        .start();
  }

  /** A new channel to this server; whoever uses it shuts it down. */
  public ManagedChannel newChannel() {
    return InProcessChannelBuilder.forName(name).build();
  }

  /** Stores {@code model} as if created. */
  public void put(Model model) {
    models.put(model.getId(), model);
    order.add(model.getId());
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
        .setCreatedUnixMs(1_700_000_000_000L)
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
