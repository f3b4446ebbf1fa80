package org.ebmsim.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.EbmsimServer;

/**
 * An in-process ebmsim server with its dashboard on a free loopback port, gRPC stubs to check what
 * the dashboard did, an 8×8 Hopfield model (an image-shaped one) and detached anneal sessions.
 */
final class DashboardTestServer implements AutoCloseable {
  final EbmsimServer server;
  final ManagedChannel channel;
  final SessionServiceGrpc.SessionServiceBlockingStub sessions;
  final SimulationServiceGrpc.SimulationServiceBlockingStub sim;
  final Model model;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  DashboardTestServer(Path dataDir) {
    String name = "dashboard-test-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dataDir.toString(),
        "ebmsim.dashboard.port", 0, "ebmsim.dashboard.heartbeat", "100ms")).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    sessions = SessionServiceGrpc.newBlockingStub(channel);
    sim = SimulationServiceGrpc.newBlockingStub(channel);
    SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(3).setCols(64);
    Random r = new Random(11);
    for (int k = 0; k < 3 * 64; k++) {
      patterns.addSpins(r.nextBoolean() ? 1 : -1);
    }
    model = ModelServiceGrpc.newBlockingStub(channel).createModel(CreateModelRequest.newBuilder().setName("digits")
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(patterns)
            .setImageShape(ImageShape.newBuilder().setHeight(8).setWidth(8))).build());
  }

  /** The dashboard's base address, e.g. {@code http://127.0.0.1:41234}. */
  String base() {
    return "http://127.0.0.1:" + server.dashboardPort().orElseThrow();
  }

  /** An anneal far longer than any test (10⁸ sweeps at T = 2), a report every {@code reportEvery} sweeps. */
  AnnealRequest endless(int reportEvery) {
    return anneal(100, 1_000_000, reportEvery);
  }

  /**
   * An anneal at fixed T = 2 for {@code steps} × {@code sweepsPerStep} sweeps, a report every
   * {@code reportEvery} sweeps with the first 4 chains' states in every event.
   */
  AnnealRequest anneal(int steps, int sweepsPerStep, int reportEvery) {
    return AnnealRequest.newBuilder().setModelId(model.getId()).setChains(8).setSeed(5)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(2)
            .setSteps(steps)).setSweepsPerTemperature(sweepsPerStep))
        .setReportEverySweeps(reportEvery)
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(4))
        .build();
  }

  /** Starts {@code request} detached; its session id. */
  String detached(AnnealRequest request) {
    Iterator<AnnealEvent> it = sim.anneal(request.toBuilder().setDetached(true).build());
    String id = it.next().getStarted().getSessionId();
    while (it.hasNext()) {
      it.next();
    }
    return id;
  }

  Session session(String id) {
    return sessions.getSession(GetSessionRequest.newBuilder().setSessionId(id).build());
  }

  /** Waits (polling, 30 s at most) until session {@code id} is in {@code state}. */
  void awaitState(String id, SessionState state) {
    await(() -> session(id).getState() == state, "session " + id + " to be " + state + " (it is "
        + session(id).getState() + ")");
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertStatus(int expected, HttpResponse<String> r) {
    assertEquals(expected, r.statusCode(), "HTTP status of " + r.request().method() + " " + r.request().uri()
        + " (body " + r.body() + ")");
  }

  /** Polls {@code condition} every few milliseconds until it holds; fails after 30 s with {@code what}. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after 30 s waiting for " + what);
      }
      try {
        // a poll interval, not a synchronization: the condition is re-checked each round
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
