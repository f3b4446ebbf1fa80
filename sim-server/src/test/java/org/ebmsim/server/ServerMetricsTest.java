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
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint after a session and a failed call: the counts are exact. */
class ServerMetricsTest {
  @TempDir Path dataDir;

  private EbmsimServer start(int metricsPort) {
    return EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir",
        dataDir.toString(), "ebmsim.metrics.port", metricsPort)).withFallback(ConfigFactory.load()));
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
        SpinMatrix xi = SpinMatrix.newBuilder().setRows(1).setCols(10).addAllSpins(List.of(1, -1, 1, -1, 1, 1, -1,
            -1, 1, 1)).build();
        String id = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).createModel(
            CreateModelRequest.newBuilder().setName("m").setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
                .setPatterns(xi)).build()).getId();
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

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.metricsPort().getAsInt() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        String text = scrape.body();
        // 6 chains x 10 units x 100 sweeps, every update counted once
        assertEquals(6000, value(text, "ebmsim_unit_updates_total{family=\"hopfield\"}"));
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
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
