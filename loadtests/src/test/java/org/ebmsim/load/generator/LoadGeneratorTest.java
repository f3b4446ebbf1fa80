package org.ebmsim.load.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against a real server on loopback (Netty, metrics on): a short load run writes a
 * summary whose counts agree with the server's own counters, and the soak passes on a clean server
 * and fails on one that holds a session the soak did not start.
 */
class LoadGeneratorTest {
  @TempDir static Path dir;
  private static EbmsimServer server;

  @BeforeAll
  static void start() {
    server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir",
        dir.resolve("data").toString(), "ebmsim.metrics.port", 0)).withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String[] args(String out, String... more) {
    String[] common = {"--target", "127.0.0.1:" + server.port(), "--metrics",
        "127.0.0.1:" + server.metricsPort().getAsInt(), "--model", "hopfield:40", "--chains", "8",
        "--report-every", "5", "--status-every", "200ms", "--out", dir.resolve(out).toString()};
    String[] all = new String[common.length + more.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(more, 0, all, common.length, more.length);
    return all;
  }

  private static LoadSummary run(String... args) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    return LoadGenerator.run(LoadSettings.parse(args), new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void shortLoad_writesASummaryWithThroughputLatenciesAndServerFigures() throws Exception {
    LoadSummary s = run(args("load.json", "--sessions", "2", "--sweeps", "2000", "--warmup", "300ms",
        "--duration", "1500ms", "--unary-rate", "40"));
    assertEquals(s, LoadSummary.read(dir.resolve("load.json")), "the JSON file holds the summary returned");

    LoadSummary.Throughput t = s.throughput();
    assertTrue(t.chainSweeps() > 0 && t.sweepsPerSecond() > 0, "throughput " + t);
    assertEquals(0, t.chainSweeps() % 8, "chain-sweeps come in whole sweeps of 8 chains: " + t);
    assertEquals(40L * t.chainSweeps(), t.unitUpdates(), "40 units per chain-sweep");
    assertEquals(t.sweepsPerSecond() * 40, t.updatesPerSecond(), 1e-6 * t.updatesPerSecond());
    assertTrue(t.events() > 0 && t.eventsPerSecond() > 0, "events " + t);
    assertEquals(40, s.shape().units());
    assertEquals(16, s.shape().liveChains());

    percentilesInOrder(s.eventInterArrival(), "event inter-arrival");
    // 40 calls/s for 1.5 s, half of them each method: ~30 each; a loaded machine may delay some
    percentilesInOrder(s.getModel(), "GetModel");
    percentilesInOrder(s.listSessions(), "ListSessions");
    assertTrue(s.getModel().count() >= 15 && s.listSessions().count() >= 15, "unary counts " + s.unary());
    assertEquals(0, s.unary().failed(), "unary failures: " + s.outcomes());
    assertTrue(s.outcomes().keySet().stream().allMatch(k -> k.endsWith(" OK")), "outcomes " + s.outcomes());

    LoadSummary.Server server0 = s.servers().get(0);
    assertEquals("prometheus", server0.cpuSource());
    assertNotNull(server0.cpuCores(), "CPU from the server's process_cpu_time");
    assertTrue(server0.cpuCores() > 0, "server CPU " + server0);
    assertTrue(server0.heapUsedMaxBytes() > 0 && server0.heapUsedMaxBytes() <= server0.heapMaxBytes(),
        "heap " + server0);
    assertTrue(server0.samples() >= 4, "200 ms samples over 1.5 s: " + server0);
    // the server counts the same sweeps on its side; the two windows differ only by the events in flight
    assertNotNull(server0.serverSweepsPerSecond());
    double ratio = server0.serverSweepsPerSecond() / t.sweepsPerSecond();
    assertTrue(ratio > 0.5 && ratio < 2, "server " + server0.serverSweepsPerSecond() + " vs client "
        + t.sweepsPerSecond() + " sweeps/s");
    assertTrue(s.machine().busyCores() > 0, "machine " + s.machine());
    assertEquals(null, s.soak());
  }

  private static void percentilesInOrder(LoadSummary.Latency l, String what) {
    assertTrue(l.count() > 0, what + ": nothing recorded");
    assertTrue(0 < l.p50Ms() && l.p50Ms() <= l.p99Ms() && l.p99Ms() <= l.maxMs() * 1.001, what + " " + l);
    assertTrue(l.meanMs() > 0 && l.meanMs() <= l.maxMs(), what + " " + l);
  }

  @Test
  void soak_onACleanServer_endsSessionsEveryWayAndPasses() throws Exception {
    LoadSummary s = run(args("soak.json", "--soak", "--sessions", "4", "--sweeps", "400", "--warmup", "0s",
        "--duration", "3s", "--unary-rate", "10", "--seed", "7", "--heap-slack-mib", "64"));
    LoadSummary.Soak soak = s.soak();
    assertTrue(soak.pass(), "soak verdict " + soak + "\noutcomes " + s.outcomes());
    assertEquals(0, soak.liveActorsAfter());
    assertEquals(0, soak.sessionsLeft());
    assertTrue(soak.heapFirstBytes() > 0 && soak.heapLastBytes() > 0, "heap readings " + soak);
    long endings = soak.endings().entrySet().stream().filter(e -> !e.getKey().startsWith("cut")).count();
    assertTrue(endings >= 3, "sessions ended at least three different ways: " + soak.endings());
    assertTrue(s.throughput().sessionsStarted() >= 4, "sessions restart as they end: " + s.throughput());
  }

  @Test
  void soak_failsWhenASessionIsLeftInTheRegistry() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    String leftover = null;
    try {
      String model = org.ebmsim.proto.v1.ModelServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS).createModel(
              new SessionShape(LoadSettings.parse(new String[] {"--model", "hopfield:20"})).createModel())
          .getId();
      // a detached session nobody stops, as a leaking server would keep one (10^8 sweeps of 4 chains
      // of 20 units: minutes of work, so it is still running when the soak ends)
      leftover = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .anneal(AnnealRequest.newBuilder().setModelId(model).setChains(4).setDetached(true)
              .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder()
                      .addAllTemperatures(java.util.Collections.nCopies(100, 1.0)))
                  .setSweepsPerTemperature(1_000_000))
              .build()).next().getStarted().getSessionId();

      LoadSummary s = run(args("leak.json", "--soak", "--sessions", "2", "--sweeps", "200", "--warmup", "0s",
          "--duration", "1s", "--unary-rate", "0", "--settle", "1s", "--heap-slack-mib", "64"));
      LoadSummary.Soak soak = s.soak();
      assertTrue(!soak.pass(), "the soak must fail: " + soak);
      assertEquals(1, soak.sessionsLeft(), soak.toString());
      assertTrue(soak.liveActorsAfter() >= 2, "the leftover session and its chain group: " + soak);
      assertTrue(soak.violations().stream().anyMatch(v -> v.contains("1 sessions still running")), soak.toString());
    } finally {
      if (leftover != null) {
        SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .stopSession(StopSessionRequest.newBuilder().setSessionId(leftover).build());
      }
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      assertTrue(server.engine().census().awaitAtMost(0, Duration.ofSeconds(10)), "the leftover session stopped");
    }
  }
}
