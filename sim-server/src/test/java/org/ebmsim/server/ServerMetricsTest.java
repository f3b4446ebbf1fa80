package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint after a session and a failed call: the counts are exact. */
class ServerMetricsTest {
  @TempDir Path dataDir;

  private EbmsimServer start(int metricsPort) {
    return start(Map.of("ebmsim.metrics.port", metricsPort));
  }

  private EbmsimServer start(Map<String, Object> settings) {
    Map<String, Object> all = new java.util.HashMap<>(settings);
    all.put("ebmsim.server.port", 0);
    all.put("ebmsim.server.data-dir", dataDir.toString());
    return EbmsimServer.start(ConfigFactory.parseMap(all).withFallback(ConfigFactory.load()));
  }

  private static String scrape(EbmsimServer server) throws Exception {
    HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.metricsPort().getAsInt() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    return scrape.body();
  }

  private static String hopfield(ManagedChannel channel) {
    SpinMatrix xi = SpinMatrix.newBuilder().setRows(1).setCols(10).addAllSpins(List.of(1, -1, 1, -1, 1, 1, -1,
        -1, 1, 1)).build();
    return ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).createModel(
        CreateModelRequest.newBuilder().setName("m").setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
            .setPatterns(xi)).build()).getId();
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
    assertTrue(m.find(), "no line '" + series + " <value>' in:\n" + text);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void offByDefault() {
    try (EbmsimServer server = start(-1)) {
      assertTrue(server.metricsPort().isEmpty());
    }
  }

  @Test
  void sessionsUpdatesCallsAndJvm_areExported() throws Exception {
    try (EbmsimServer server = start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        String id = hopfield(channel);
        var events = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .anneal(AnnealRequest.newBuilder().setModelId(id).setChains(6).setSchedule(Schedule.newBuilder()
                .setExplicit(ExplicitSchedule.newBuilder().addTemperatures(2).addTemperatures(1))
                .setSweepsPerTemperature(50)).build());
        AnnealEvent last = null;
        while (events.hasNext()) {
          last = events.next();
        }
        assertTrue(last.hasResult());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> ModelServiceGrpc
            .newBlockingStub(channel).getModel(GetModelRequest.newBuilder().setId("m-nothere").build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());

        String text = scrape(server);
        // 6 chains x 10 units x 100 sweeps, every update counted once
        assertEquals(6000, value(text, "ebmsim_unit_updates_total{family=\"hopfield\"}"));
        assertEquals(600, value(text, "ebmsim_sweeps_total{family=\"hopfield\"}"), "6 chains x 100 sweeps");
        assertEquals(1, value(text, "ebmsim_sessions{kind=\"anneal\",state=\"finished\"}"));
        assertEquals(0, value(text, "ebmsim_chains_live"));
        assertEquals(1, value(text, "ebmsim_models_stored"));
        assertEquals(1, value(text,
            "ebmsim_grpc_requests_total{code=\"OK\",method=\"ebmsim.v1.SimulationService/Anneal\"}"));
        assertEquals(1, value(text,
            "ebmsim_grpc_requests_total{code=\"NOT_FOUND\",method=\"ebmsim.v1.ModelService/GetModel\"}"));
        assertEquals(1, value(text, "ebmsim_grpc_request_seconds_count{method=\"ebmsim.v1.SimulationService/Anneal\"}"));
        assertTrue(text.contains("ebmsim_grpc_request_seconds_bucket{method=\"ebmsim.v1.SimulationService/Anneal\",le="),
            "latency histogram");
        assertTrue(value(text, "ebmsim_memory_budget_total_bytes") > 0);
        assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM metrics");
        // the session ran on the metered sampling dispatcher; the default dispatcher runs from the start
        assertTrue(value(text, "ebmsim_dispatcher_parallelism{dispatcher=\"ebmsim-sampling-dispatcher\"}") >= 1, text);
        assertTrue(value(text, "ebmsim_dispatcher_threads{dispatcher=\"pekko.actor.default-dispatcher\"}") >= 1, text);
        assertTrue(text.contains("ebmsim_dispatcher_queued_tasks{dispatcher=\"ebmsim-sampling-dispatcher\"}"), text);
        assertTrue(text.contains("ebmsim_dispatcher_active_threads{dispatcher=\"ebmsim-sampling-dispatcher\"}"), text);
        assertTrue(value(text, "executor_pool_max_threads{name=\"ebmsim-compute\"}") >= 1, "compute executor");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void liveActors_areTheEngineCensus_andComeBackToZeroAfterTheSession() throws Exception {
    try (EbmsimServer server = start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
      try {
        String id = hopfield(channel);
        java.util.Iterator<AnnealEvent> events = call.call(() -> SimulationServiceGrpc.newBlockingStub(channel)
            .anneal(AnnealRequest.newBuilder().setModelId(id).setChains(64).setReportEverySweeps(1)
                .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder()
                        .addAllTemperatures(java.util.Collections.nCopies(100, 1.0)))
                    .setSweepsPerTemperature(1_000_000)).build())); // hours of work: running until cancelled
        assertTrue(events.next().hasStarted());
        assertTrue(events.next().hasProgress()); // the session and its chain group are running now
        long census = server.engine().census().live();
        assertTrue(census >= 2, "a running session has at least itself and one chain group alive: " + census);
        assertEquals(census, value(scrape(server), "ebmsim_actors_live"), "the gauge reads the census");
        call.cancel(null);
        assertTrue(server.engine().census().awaitAtMost(0, java.time.Duration.ofSeconds(10)),
            "actors alive after the cancel: " + server.engine().census().livePaths());
        assertEquals(0, value(scrape(server), "ebmsim_actors_live"));
      } finally {
        call.cancel(null);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void watchEvents_sentAndDropped_matchWhatTheWatcherSaw() throws Exception {
    // a two-event observer buffer and a report every sweep: the watcher falls behind and loses progress
    try (EbmsimServer server = start(Map.of("ebmsim.metrics.port", 0, "ebmsim.engine.observer-buffer-events", 2))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        String model = hopfield(channel);
        var started = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .anneal(AnnealRequest.newBuilder().setModelId(model).setChains(4).setDetached(true)
                .setReportEverySweeps(1).setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder()
                    .addTemperatures(1)).setSweepsPerTemperature(3000)).build());
        String session = started.next().getStarted().getSessionId();
        var watch = SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
            .watchSession(WatchSessionRequest.newBuilder().setSessionId(session).build());
        long received = 0;
        long droppedSeen = 0;
        SessionEvent last = null;
        while (watch.hasNext()) {
          last = watch.next();
          received++;
          droppedSeen += last.getDropped();
        }
        assertTrue(last.hasEnded(), "the watch ends with the session: " + last);
        String text = scrape(server);
        assertEquals(received, value(text, "ebmsim_watch_events_sent_total"), "events the watcher received");
        assertEquals(droppedSeen, value(text, "ebmsim_watch_events_dropped_total"),
            "the drops the events told the watcher about");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void storeSize_isTheBytesOnDisk_measuredAtMostOncePerRefresh() throws Exception {
    try (EbmsimServer server = start(Map.of("ebmsim.metrics.port", 0, "ebmsim.metrics.store-size-refresh", "1h"))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        hopfield(channel);
        long onDisk;
        try (var files = java.nio.file.Files.walk(dataDir.resolve("models"))) {
          onDisk = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(onDisk > 0, "the model was written");
        String first = scrape(server);
        assertEquals(onDisk, value(first, "ebmsim_store_size_bytes{store=\"models\"}"));
        assertEquals(0, value(first, "ebmsim_store_size_bytes{store=\"datasets\"}"));
        hopfield(channel);
        // within the refresh interval a scrape reuses the measured size instead of walking the store
        assertEquals(onDisk, value(scrape(server), "ebmsim_store_size_bytes{store=\"models\"}"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
