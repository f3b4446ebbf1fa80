package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebmsim.dynamics.SpinEnumeration;
import org.ebmsim.dynamics.ising.IsingEnumeration;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server over Netty on port 0, driven through generated stubs. */
class ServerEndToEndTest {
  @TempDir Path dataDir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;

  @BeforeEach
  void start() {
    startServer();
  }

  private void startServer() {
    server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir",
        dataDir.toString(), "ebmsim.limits.max-sessions", 4)).withFallback(ConfigFactory.load()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .flowControlWindow(65_535).maxInboundMessageSize(64 << 20).build();
    models = ModelServiceGrpc.newBlockingStub(channel);
    sim = SimulationServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static SpinMatrix spins(int rows, int cols, byte[] values) {
    SpinMatrix.Builder b = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (byte v : values) {
      b.addSpins(v);
    }
    return b.build();
  }

  private static Matrix matrix(int n, double[] w) {
    Matrix.Builder b = Matrix.newBuilder().setRows(n).setCols(n);
    for (double v : w) {
      b.addValues(v);
    }
    return b.build();
  }

  private static byte[] randomPatterns(int p, int n, long seed) {
    Random r = new Random(seed);
    byte[] xi = new byte[p * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return xi;
  }

  private static double[] randomCouplings(int n, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = r.nextGaussian();
      }
    }
    return w;
  }

  private Model hopfield(byte[] xi, int p, int n, StorageRule rule) {
    return models.createModel(CreateModelRequest.newBuilder().setName("h")
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(spins(p, n, xi)).setRule(rule)).build());
  }

  @Test
  void models_createGetListDelete_andRestartKeepsThem() throws Exception {
    int n = 12;
    byte[] xi = randomPatterns(2, n, 1);
    Model heb = hopfield(xi, 2, n, StorageRule.HEBBIAN);
    Model full = models.getModel(GetModelRequest.newBuilder().setId(heb.getId()).setIncludeParameters(true).build());
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double expected = i == j ? 0 : (xi[i] * xi[j] + xi[n + i] * xi[n + j]) / (double) n;
        assertEquals(expected, full.getHopfield().getWeights().getValues(i * n + j), 1e-12, "W[" + i + "][" + j + "]");
      }
    }
    Model bm = models.createModel(CreateModelRequest.newBuilder().setName("bm").setBoltzmann(
        BoltzmannFromWeights.newBuilder().setWeights(matrix(6, randomCouplings(6, 2))).setVisibleUnits(4)).build());
    assertEquals(2, bm.getHiddenUnits());
    for (int k = 0; k < 3; k++) {
      hopfield(randomPatterns(1, n, 10 + k), 1, n, StorageRule.PROJECTION);
    }
    var page1 = models.listModels(ListModelsRequest.newBuilder().setPageSize(3).build());
    var page2 = models.listModels(ListModelsRequest.newBuilder().setPageSize(3).setPageToken(page1.getNextPageToken()).build());
    assertEquals(3, page1.getModelsCount());
    assertEquals(2, page2.getModelsCount());
    assertTrue(page2.getNextPageToken().isEmpty());
    models.deleteModel(DeleteModelRequest.newBuilder().setId(bm.getId()).build());
    expect(Status.Code.NOT_FOUND, "not found", () -> models.getModel(GetModelRequest.newBuilder().setId(bm.getId()).build()));

    Files.writeString(dataDir.resolve("models").resolve("m-broken.pb"), "not a protobuf \u0001\u0002");
    stop();
    startServer();
    Model again = models.getModel(GetModelRequest.newBuilder().setId(heb.getId()).setIncludeParameters(true).build());
    assertEquals(full, again);
    assertEquals(4, models.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount());
    assertTrue(Files.exists(dataDir.resolve("models").resolve("m-broken.pb.corrupt")));
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    for (String service : List.of("ebmsim.v1.ModelService", "ebmsim.v1.SimulationService", "ebmsim.v1.RbmService",
        "ebmsim.v1.SessionService", "ebmsim.v1.ServerService", "ebmsim.v1.DatasetService", "ebmsim.v1.TrainingService",
        "ebmsim.v1.HamService", EbmsimServer.STORE_HEALTH)) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
          .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(), service);
    }
    assertEquals(List.of("ebmsim.v1.DatasetService", "ebmsim.v1.HamService", "ebmsim.v1.ModelService",
        "ebmsim.v1.RbmService", "ebmsim.v1.ServerService",
        "ebmsim.v1.SessionService", "ebmsim.v1.SimulationService", "ebmsim.v1.TrainingService", "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"), reflectedServices());
  }

  @Test
  void exactAndAnneal_findTheGroundStateOfAFrustratedModel() {
    int n = 12;
    double[] w = randomCouplings(n, 3);
    Model m = models.createModel(CreateModelRequest.newBuilder().setHopfieldWeights(
        HopfieldFromWeights.newBuilder().setWeights(matrix(n, w))).build());
    ExactSummaryResponse exact = sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(0.7).build());
    SpinEnumeration.Summary truth = IsingEnumeration.summarize(IsingModel.of(n, w, null), 1 / 0.7, 16);
    assertEquals(truth.logPartition(), exact.getLogZ(), 1e-9);
    assertEquals(truth.meanEnergy(), exact.getMeanEnergy(), 1e-9);
    assertEquals(truth.groundEnergy(), exact.getGroundEnergy(), 1e-12);
    assertEquals(2, exact.getGroundStateCount()); // zero bias: s and -s

    Iterator<AnnealEvent> events = sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(40)
        .setSeed(5).setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(4)
            .setTEnd(0.05).setSteps(60)).setSweepsPerTemperature(10))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY)).build());
    List<AnnealEvent> all = new ArrayList<>();
    events.forEachRemaining(all::add);
    assertEquals(62, all.size(), "started, 60 progress events (one per temperature) and a result");
    assertTrue(all.get(0).hasStarted());
    assertEquals(40, all.get(0).getStarted().getChains());
    AnnealEvent last = all.get(all.size() - 1);
    assertTrue(last.hasResult());
    assertEquals(exact.getGroundEnergy(), last.getResult().getBest().getEnergy(), 1e-9);
    assertEquals(40, last.getResult().getBestEnergiesCount());
    long atGround = last.getResult().getBestEnergiesList().stream()
        .filter(e -> Math.abs(e - exact.getGroundEnergy()) < 1e-9).count();
    assertTrue(atGround >= 38, "chains reaching the ground state: " + atGround + "/40");
    assertEquals(600, all.get(all.size() - 2).getProgress().getSweep());
  }

  @Test
  void complete_halfClampedAndNoisyCues_recoverTheStoredPattern() {
    int n = 100;
    int p = 5;
    byte[] xi = randomPatterns(p, n, 4);
    Model m = hopfield(xi, p, n, StorageRule.HEBBIAN);
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < n; i++) {
      cue.addValues(i < n / 2 ? xi[2 * n + i] : 0).addKnown(i < n / 2);
    }
    List<CompleteEvent> events = new ArrayList<>();
    sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).setMasked(cue).setSeed(3).build())
        .forEachRemaining(events::add);
    var result = events.get(events.size() - 1).getResult();
    byte[] expected = java.util.Arrays.copyOfRange(xi, 2 * n, 3 * n);
    assertArrayEquals(expected, Wire.bytes(result.getCompleted()));
    assertEquals(2, result.getBestPattern());
    assertFalse(result.getBestIsMirror());
    assertTrue(result.getConverged());
    assertEquals(p, events.get(1).getProgress().getOverlapsCount());
    assertEquals(100, events.get(1).getProgress().getTotalSweeps(), "deterministic mode runs at most 100 sweeps");

    var noisy = sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).setMode(CompletionMode.STOCHASTIC)
        .setTemperature(0.1).setSweeps(30).setAverageLast(10).setSeed(8)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(4).setFlipFraction(0.1)).build());
    CompleteEvent lastEvent = null;
    while (noisy.hasNext()) {
      lastEvent = noisy.next();
    }
    assertEquals(10, lastEvent.getResult().getHammingToCue(), "10% of 100 units were flipped in the cue");
    assertArrayEquals(java.util.Arrays.copyOfRange(xi, 4 * n, 5 * n), Wire.bytes(lastEvent.getResult().getCompleted()));
  }

  private static void expect(Status.Code code, String messagePart, Runnable call) {
    try {
      call.run();
      fail("expected " + code + " containing \"" + messagePart + "\"");
    } catch (StatusRuntimeException e) {
      assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
      assertTrue(e.getStatus().getDescription().contains(messagePart),
          "\"" + e.getStatus().getDescription() + "\" should mention \"" + messagePart + "\"");
    }
  }

  private static Runnable drain(Iterator<?> it) {
    return () -> it.forEachRemaining(x -> { });
  }

  @Test
  void badInputs_getPreciseStatuses() {
    int n = 4;
    Model m = hopfield(randomPatterns(1, n, 9), 1, n, StorageRule.HEBBIAN);
    double[] asym = new double[] {0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    expect(Status.Code.INVALID_ARGUMENT, "spec must be set", () -> models.createModel(CreateModelRequest.getDefaultInstance()));
    expect(Status.Code.INVALID_ARGUMENT, "must be symmetric", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(matrix(4, asym))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "must be finite", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(matrix(2, new double[] {0, Double.NaN, Double.NaN, 0}))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "must be finite", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(matrix(2, new double[] {0, 1, 1, 0}))
            .addBias(Double.POSITIVE_INFINITY).addBias(0)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "must be square", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(Matrix.newBuilder().setRows(2).setCols(3)
            .addValues(0).addValues(0).addValues(0).addValues(0).addValues(0).addValues(0))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "bias must have 2 entries", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(matrix(2, new double[] {0, 1, 1, 0})).addBias(1)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "must be -1 or +1", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(spins(1, 3, new byte[] {1, 0, -1}))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "at least one row", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(SpinMatrix.newBuilder())).build()));
    expect(Status.Code.INVALID_ARGUMENT, "fewer patterns than units", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setRule(StorageRule.PROJECTION)
            .setPatterns(spins(2, 2, new byte[] {1, 1, 1, -1}))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "linearly independent", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setRule(StorageRule.PROJECTION)
            .setPatterns(spins(2, 4, new byte[] {1, 1, -1, 1, -1, -1, 1, -1}))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "visible_units", () -> models.createModel(CreateModelRequest.newBuilder()
        .setBoltzmann(BoltzmannFromWeights.newBuilder().setWeights(matrix(2, new double[] {0, 1, 1, 0})).setVisibleUnits(2)).build()));
    expect(Status.Code.RESOURCE_EXHAUSTED, "above the limit", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(Matrix.newBuilder().setRows(1_000_000_000)
            .setCols(1_000_000_000))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "image_shape", () -> models.createModel(CreateModelRequest.newBuilder()
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(spins(1, 4, new byte[] {1, 1, -1, 1}))
            .setImageShape(org.ebmsim.proto.v1.ImageShape.newBuilder().setHeight(3).setWidth(3))).build()));
    expect(Status.Code.INVALID_ARGUMENT, "page_token", () -> models.listModels(ListModelsRequest.newBuilder().setPageToken("zzz").build()));
    expect(Status.Code.NOT_FOUND, "not found", () -> models.deleteModel(DeleteModelRequest.newBuilder().setId("m-0000").build()));

    Schedule good = Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(1).setSteps(3)).build();
    AnnealRequest base = AnnealRequest.newBuilder().setModelId(m.getId()).setChains(2).setSchedule(good).build();
    expect(Status.Code.NOT_FOUND, "not found", drain(sim.anneal(base.toBuilder().setModelId("m-nope").build())));
    expect(Status.Code.INVALID_ARGUMENT, "chains must be >= 1", drain(sim.anneal(base.toBuilder().setChains(0).build())));
    expect(Status.Code.RESOURCE_EXHAUSTED, "chains is", drain(sim.anneal(base.toBuilder().setChains(2_000_000).build())));
    expect(Status.Code.INVALID_ARGUMENT, "schedule is required", drain(sim.anneal(base.toBuilder().clearSchedule().build())));
    expect(Status.Code.INVALID_ARGUMENT, "t_end must be finite and > 0", drain(sim.anneal(base.toBuilder().setSchedule(
        Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(-1).setSteps(3))).build())));
    expect(Status.Code.INVALID_ARGUMENT, "temperatures[1] must be finite", drain(sim.anneal(base.toBuilder().setSchedule(
        Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder().addTemperatures(1).addTemperatures(Double.NaN))).build())));
    expect(Status.Code.INVALID_ARGUMENT, "must not be empty", drain(sim.anneal(base.toBuilder().setSchedule(
        Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder())).build())));
    expect(Status.Code.RESOURCE_EXHAUSTED, "sweeps, above the limit", drain(sim.anneal(base.toBuilder().setSchedule(
        Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(1).setSteps(1_000_000))
            .setSweepsPerTemperature(1_000_000)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "initial_states[0].cols must be the 4 units", drain(sim.anneal(base.toBuilder()
        .addInitialStates(Wire.visibleSpins(1, 3, new byte[] {1, 1, 1})).build())));
    expect(Status.Code.INVALID_ARGUMENT, "is not a layer of this model", drain(sim.anneal(base.toBuilder()
        .addInitialStates(Wire.block("hidden", org.ebmsim.proto.v1.ValueType.VALUE_SPIN, 1, 4, new byte[4])).build())));

    expect(Status.Code.INVALID_ARGUMENT, "cue must be set", drain(sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).build())));
    expect(Status.Code.INVALID_ARGUMENT, "masked.values must have one entry per visible unit", drain(sim.complete(
        CompleteRequest.newBuilder().setModelId(m.getId()).setMasked(MaskedCue.newBuilder().addValues(1).addKnown(true)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "temperature must be finite and > 0", drain(sim.complete(CompleteRequest.newBuilder()
        .setModelId(m.getId()).setMode(CompletionMode.STOCHASTIC).setTemperature(-1)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(0).setFlipFraction(0.1)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "flip_fraction", drain(sim.complete(CompleteRequest.newBuilder()
        .setModelId(m.getId()).setNoisy(NoisyCue.newBuilder().setStoredIndex(0).setFlipFraction(1.5)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "stored_index", drain(sim.complete(CompleteRequest.newBuilder()
        .setModelId(m.getId()).setNoisy(NoisyCue.newBuilder().setStoredIndex(7)).build())));

    expect(Status.Code.INVALID_ARGUMENT, "temperature", () -> sim.exactSummary(ExactSummaryRequest.newBuilder()
        .setModelId(m.getId()).setTemperature(-2).build()));
    Model big = hopfield(randomPatterns(1, 24, 3), 1, 24, StorageRule.HEBBIAN);
    expect(Status.Code.RESOURCE_EXHAUSTED, "limited to N <= 20", () -> sim.exactSummary(ExactSummaryRequest.newBuilder()
        .setModelId(big.getId()).build()));
  }

  @Test
  void cancelledStream_stopsTheSessionAndSlowConsumerDoesNotRunAhead() throws Exception {
    int n = 100;
    Model m = hopfield(randomPatterns(3, n, 6), 3, n, StorageRule.HEBBIAN);
    AnnealRequest endless = AnnealRequest.newBuilder().setModelId(m.getId()).setChains(16).setSeed(1)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(1).setSteps(1))
            .setSweepsPerTemperature(1_000_000))
        .setReportEverySweeps(1)
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setEverySweeps(1).setMaxChains(16))
        .build();
    // A consumer that takes one event and then stalls: the session must pause, not pile up events.
    CountDownLatch first = new CountDownLatch(1);
    AtomicInteger received = new AtomicInteger();
    ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
    SimulationServiceGrpc.newStub(channel).anneal(endless, new ClientResponseObserver<AnnealRequest, AnnealEvent>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<AnnealRequest> requestStream) {
        call[0] = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
      }

      @Override
      public void onNext(AnnealEvent value) {
        received.incrementAndGet();
        first.countDown();
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onCompleted() { }
    });
    assertTrue(first.await(30, TimeUnit.SECONDS));
    long sentBefore = org.ebmsim.server.grpc.SimulationGrpcService.eventsSent();
    var record = server.engine().registry().list(false).get(0);
    long producedBefore = record.published();
    Thread.sleep(3000); // the stall being measured, not a synchronization
    long sentDuringStall = org.ebmsim.server.grpc.SimulationGrpcService.eventsSent() - sentBefore;
    long producedDuringStall = record.published() - producedBefore;
    // Only what fits in the transport's flow-control windows (64 KiB client window, ~1.7 KB
    // per event) may be written; an unpaced session writes thousands of events in 3 s.
    assertTrue(sentDuringStall < 200, sentDuringStall + " events written while the client read none");
    // The session itself produces at most what the transport took, plus one report ahead and the
    // one-event stage buffers between session and call: memory is bounded by counting what is held.
    assertTrue(producedDuringStall <= sentDuringStall + 5, producedDuringStall + " events produced while "
        + sentDuringStall + " were written");
    assertEquals(1, server.activeSessions(), "the stalled session is alive");
    assertEquals(1, received.get());

    // The limit of 4 concurrent sessions (set in this test's config): three more fit, a fifth does not.
    List<Iterator<AnnealEvent>> more = new ArrayList<>();
    List<io.grpc.Context.CancellableContext> contexts = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
      contexts.add(ctx);
      more.add(ctx.call(() -> {
        Iterator<AnnealEvent> it = sim.anneal(endless);
        it.next();
        return it;
      }));
    }
    assertEquals(4, server.activeSessions());
    expect(Status.Code.RESOURCE_EXHAUSTED, "too many concurrent sessions", drain(sim.anneal(endless)));
    contexts.forEach(c -> c.cancel(null));

    call[0].cancel("test done", null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.activeSessions() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, server.activeSessions(), "cancel must stop the session's actors");

    // A deadline ends a session the same way.
    expect(Status.Code.DEADLINE_EXCEEDED, "", drain(sim.withDeadlineAfter(300, TimeUnit.MILLISECONDS).anneal(endless)));
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.activeSessions() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, server.activeSessions(), "an expired deadline must stop the session's actors");
  }

  /** Service names listed by the reflection service, sorted. */
  private List<String> reflectedServices() throws InterruptedException {
    List<String> names = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    var requests = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
        new io.grpc.stub.StreamObserver<io.grpc.reflection.v1.ServerReflectionResponse>() {
          @Override
          public void onNext(io.grpc.reflection.v1.ServerReflectionResponse value) {
            value.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
          }

          @Override
          public void onError(Throwable t) {
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    names.sort(String::compareTo);
    return names;
  }


}
