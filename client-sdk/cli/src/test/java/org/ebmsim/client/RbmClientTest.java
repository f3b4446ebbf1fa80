package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's RbmService calls and AIS (SimulationService) against the real server, in-process.
 * (An SDK test that lives in the CLI module, which has the server on its classpath.)
 */
class RbmClientTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int[][] PATTERNS = {
    {1, 1, 1, 1, -1, -1, -1, -1},
    {1, -1, 1, -1, 1, -1, 1, -1},
    {1, 1, -1, -1, 1, 1, -1, -1}
  };

  @TempDir static Path dir;
  private static EbmsimServer server;
  private static EbmsimClient client;
  private static String binaryRbm;

  @BeforeAll
  static void start() {
    String name = "rbm-client-test";
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dir.toString()))
        .withFallback(ConfigFactory.load()), name);
    client = EbmsimClient.create(InProcessChannelBuilder.forName(name).build()).withDeadline(WAIT);
    double[][] w = {{0.6, -0.4, 0.2}, {-0.3, 0.8, 0.5}, {0.7, 0.1, -0.6}, {-0.5, -0.2, 0.4}};
    binaryRbm = client.createModel(
        ModelRequests.rbm("tiny", RbmVariant.BINARY, w, new double[] {0.1, -0.2, 0, 0.3}, null)).getId();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static EstimatePartitionFunctionRequest ais(String modelId, int chains) {
    return EstimatePartitionFunctionRequest.newBuilder().setModelId(modelId).setChains(chains).setSeed(5)
        .setSchedule(AisSchedules.uniform(200)).setReportEvery(50).build();
  }

  @Test
  void mapHopfieldToRbm_thenBackFromItsTransform_recoversThePatterns() {
    MapHopfieldToRbmResponse mapped = client.mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder()
        .setPatterns(ProtoMatrices.spinMatrix(PATTERNS)).setName("codes-rbm").build());
    Model rbm = mapped.getRbm();

    MapRbmToHopfieldResponse back = client.mapRbmToHopfield(MapRbmToHopfieldRequest.newBuilder()
        .setRbmModelId(rbm.getId()).setStart(MapRbmToHopfieldRequest.Start.GIVEN)
        .setInitialTransform(mapped.getPatternTransform()).build());

    assertEquals("rbm", rbm.getFamily());
    assertEquals("binary-gaussian", rbm.getVariant());
    assertEquals(8, rbm.getVisibleUnits());
    assertEquals(3, rbm.getHiddenUnits());
    assertArrayEquals(PATTERNS, ProtoMatrices.rows(back.getPatterns()));
    assertEquals(List.of(true, true, true), back.getFixedPointsList());
  }

  @Test
  void estimatePartitionFunction_callbacks_progressThenResultThenCompleted_nearTheExactLogZ() throws Exception {
    List<AisProgress> progress = new CopyOnWriteArrayList<>();
    AtomicReference<SessionStarted> started = new AtomicReference<>();
    AtomicReference<PartitionFunctionResult> result = new AtomicReference<>();
    AtomicReference<Object> end = new AtomicReference<>();

    SessionHandle handle = client.estimatePartitionFunction(ais(binaryRbm, 100),
        new SessionObserver<AisProgress, PartitionFunctionResult>() {
          @Override public void onStarted(SessionStarted s) {
            started.set(s);
          }

          @Override public void onProgress(AisProgress p) {
            progress.add(p);
          }

          @Override public void onResult(PartitionFunctionResult r) {
            result.set(r);
          }

          @Override public void onError(EbmsimException error) {
            end.set(error);
          }

          @Override public void onCompleted() {
            end.set("completed");
          }
        });

    assertTrue(handle.awaitTermination(WAIT), "the session should end");
    double exact = client.exactSummary(binaryRbm).getLogZ();
    assertEquals("completed", end.get());
    assertEquals("partition_function", started.get().getKind());
    assertEquals(100, started.get().getChains());
    assertEquals(200, started.get().getTotal());
    assertEquals(List.of(50, 100, 150, 200), progress.stream().map(AisProgress::getStep).toList());
    assertEquals(100, result.get().getChains());
    assertEquals(exact, result.get().getLogZ(), 0.15, "AIS log Z vs exact enumeration");
  }

  @Test
  void estimatePartitionFunction_blocking_endsWithOneResult() {
    List<PartitionFunctionEvent> events;
    try (EventStream<PartitionFunctionEvent> stream = client.estimatePartitionFunction(ais(binaryRbm, 20))) {
      events = stream.stream().toList();
    }

    assertEquals(6, events.size(), "started, 4 progress events and the result");
    assertTrue(events.get(0).hasStarted(), events.get(0).toString());
    assertTrue(events.get(5).hasResult(), events.get(5).toString());
    assertTrue(events.subList(1, 5).stream().allMatch(PartitionFunctionEvent::hasProgress));
  }

  @Test
  void estimatePartitionFunction_invalidRequests_failAsEbmsimException() throws Exception {
    EbmsimException zero = assertThrows(EbmsimException.class, () -> {
      try (EventStream<PartitionFunctionEvent> stream = client.estimatePartitionFunction(ais(binaryRbm, 0))) {
        stream.hasNext();
      }
    });
    AtomicReference<EbmsimException> error = new AtomicReference<>();
    SessionHandle handle = client.estimatePartitionFunction(ais("m-0000000000000000", 10),
        new SessionObserver<>() {
          @Override public void onError(EbmsimException e) {
            error.set(e);
          }
        });

    assertTrue(handle.awaitTermination(WAIT));
    assertEquals(Status.Code.INVALID_ARGUMENT, zero.code());
    assertTrue(zero.description().contains("chains must be >= 1"), zero.description());
    assertEquals(Status.Code.NOT_FOUND, error.get().code());
  }
}
