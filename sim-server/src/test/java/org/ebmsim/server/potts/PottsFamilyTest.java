package org.ebmsim.server.potts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.ValueType;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model family defined only in test code (a q-state Potts model: its math, its kernel, its
 * exact enumeration and its proto message all live in this test package) is registered on a
 * real server and then created, stored, annealed, enumerated exactly and watched over gRPC —
 * with no change to any production code.
 */
class PottsFamilyTest {
  private static final int Q = 3;
  private static final int N = 7;

  @TempDir Path dataDir;
  private EbmsimServer server;
  private ManagedChannel channel;

  private void start(FamilyRegistry families) {
    server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir",
        dataDir.toString())).withFallback(ConfigFactory.load()), families);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  private void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @AfterEach
  void close() throws InterruptedException {
    if (server != null) {
      stop();
    }
  }

  static PottsSpec spec(long seed) {
    Random r = new Random(seed);
    PottsSpec.Builder b = PottsSpec.newBuilder().setStates(Q).setUnits(N);
    double[] j = new double[N * N];
    for (int a = 0; a < N; a++) {
      for (int c = a + 1; c < N; c++) {
        j[a * N + c] = j[c * N + a] = r.nextGaussian();
      }
    }
    for (double x : j) {
      b.addCouplings(x);
    }
    for (int k = 0; k < N * Q; k++) {
      b.addFields(0.3 * r.nextGaussian());
    }
    return b.build();
  }

  /** log Σ_s e^{−E(s)/T} over the 3^7 states, written out independently of the family's code. */
  static double[] bruteForce(PottsSpec spec, double t) {
    int states = (int) Math.pow(Q, N);
    double ground = Double.POSITIVE_INFINITY;
    double[] energies = new double[states];
    int[] s = new int[N];
    for (int k = 0; k < states; k++) {
      int x = k;
      for (int i = 0; i < N; i++) {
        s[i] = x % Q;
        x /= Q;
      }
      double e = 0;
      for (int i = 0; i < N; i++) {
        e -= spec.getFields(i * Q + s[i]);
        for (int c = i + 1; c < N; c++) {
          e -= s[i] == s[c] ? spec.getCouplings(i * N + c) : 0;
        }
      }
      energies[k] = e;
      ground = Math.min(ground, e);
    }
    double z = 0;
    double mean = 0;
    for (double e : energies) {
      double w = Math.exp(-(e - ground) / t);
      z += w;
      mean += w * e;
    }
    return new double[] {Math.log(z) - ground / t, mean / z, ground};
  }

  @Test
  void testOnlyFamily_isCreatedStoredAnnealedEnumeratedAndWatched_overGrpc() throws Exception {
    start(FamilyRegistry.builtIn().with(new PottsFamily()));
    ModelServiceGrpc.ModelServiceBlockingStub models = ModelServiceGrpc.newBlockingStub(channel);
    SimulationServiceGrpc.SimulationServiceBlockingStub sim = SimulationServiceGrpc.newBlockingStub(channel);
    assertTrue(models.listFamilies(ListFamiliesRequest.getDefaultInstance()).getFamiliesList().stream()
        .anyMatch(f -> f.getFamily().equals("potts") && f.getSpecTypesList().contains("ebmsim.test.PottsSpec")));

    PottsSpec spec = spec(5);
    Model created = models.createModel(CreateModelRequest.newBuilder().setName("potts")
        .setExtension(Any.pack(spec)).build());
    assertEquals("potts", created.getFamily());
    assertEquals(List.of(LayerInfo.newBuilder().setName("visible").setUnits(N).setType(ValueType.VALUE_CATEGORICAL)
        .setLevels(Q).setVisible(true).build()), created.getLayersList());
    assertTrue(created.getCapabilities().getExact());
    assertFalse(created.getCapabilities().getPartitionFunction());
    assertEquals(List.of(Dynamics.GIBBS), created.getCapabilities().getDynamicsList());

    double[] truth = bruteForce(spec, 1.3);
    ExactSummaryResponse exact = sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(created.getId())
        .setTemperature(1.3).build());
    assertEquals(truth[0], exact.getLogZ(), 1e-9, "log Z");
    assertEquals(truth[1], exact.getMeanEnergy(), 1e-9, "<E>");
    assertEquals(truth[2], exact.getGroundEnergy(), 1e-12, "ground energy");
    assertEquals(N, exact.getGroundStates(0).getLevelsCount() / exact.getGroundStates(0).getRows());

    List<AnnealEvent> events = new ArrayList<>();
    sim.anneal(AnnealRequest.newBuilder().setModelId(created.getId()).setChains(32).setSeed(3)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.05)
            .setSteps(40)).setSweepsPerTemperature(10))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY)).build())
        .forEachRemaining(events::add);
    var result = events.get(events.size() - 1).getResult();
    assertEquals(truth[2], result.getBest().getEnergy(), 1e-9, "annealing reaches the exact ground energy");
    assertEquals(ValueType.VALUE_CATEGORICAL, result.getBest().getLayers(0).getType());

    // watch a detached run, then stop it
    Iterator<AnnealEvent> detached = sim.anneal(AnnealRequest.newBuilder().setModelId(created.getId()).setChains(8)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(2).setTEnd(1)
            .setSteps(1_000_000))).setReportEverySweeps(100).setDetached(true).build());
    String id = detached.next().getStarted().getSessionId();
    assertFalse(detached.hasNext(), "a detached session's stream carries only its start");
    Iterator<SessionEvent> watch = SessionServiceGrpc.newBlockingStub(channel).watchSession(
        WatchSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals(id, watch.next().getStarted().getSessionId());
    SessionEvent second = watch.next();
    assertTrue(second.hasAnnealProgress(), "after the start, progress: " + second);
    SessionServiceGrpc.newBlockingStub(channel).stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
    SessionEvent last = null;
    while (watch.hasNext()) {
      last = watch.next();
    }
    assertEquals(SessionState.STOPPED, last.getEnded().getState());

    // the parameters come back packed as the family's own message, and survive a restart
    Model full = models.getModel(GetModelRequest.newBuilder().setId(created.getId()).setIncludeParameters(true)
        .build());
    assertEquals(spec, full.getExtension().unpack(PottsSpec.class));
    stop();
    start(FamilyRegistry.builtIn());
    assertTrue(ModelServiceGrpc.newBlockingStub(channel).listModels(org.ebmsim.proto.v1.ListModelsRequest
        .getDefaultInstance()).getModelsList().isEmpty(), "a server without the family does not load its models");
    assertTrue(Files.exists(dataDir.resolve("models").resolve(created.getId() + ".pb")), "but keeps their files");
    stop();
    start(FamilyRegistry.builtIn().with(new PottsFamily()));
    ExactSummaryResponse again = SimulationServiceGrpc.newBlockingStub(channel).exactSummary(
        ExactSummaryRequest.newBuilder().setModelId(created.getId()).setTemperature(1.3).build());
    assertEquals(exact.getLogZ(), again.getLogZ(), 0);
  }
}
