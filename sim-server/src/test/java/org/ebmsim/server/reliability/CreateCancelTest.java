package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 4 of the reliability issue: a 2048 × 2048 Hebbian create with a 0.5 s deadline went on
 * computing for 6–10 s on the gRPC thread and stored the model anyway. Now storage rules run on
 * the bounded compute pool (one thread here), check cancellation between blocks of their GEMM,
 * and a cancelled create stores nothing and gives its thread and memory back at once; the rule
 * itself is one BLAS product.
 */
class CreateCancelTest {
  @TempDir Path dataDir;
  private NettyServer server;

  @BeforeEach
  void start() {
    server = NettyServer.start(dataDir, Map.of("ebmsim.server.compute-threads", 1));
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private static CreateModelRequest hebbian(String name, int p, int n, StorageRule rule) {
    Random r = new Random(p * 31L + n);
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(p).setCols(n);
    for (int k = 0; k < p * n; k++) {
      xi.addSpins(r.nextBoolean() ? 1 : -1);
    }
    return CreateModelRequest.newBuilder().setName(name)
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(xi).setRule(rule)).build();
  }

  private List<String> modelFiles() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("models"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void deadline_onALongStorageRule_storesNothing_andFreesTheComputeThreadAndMemoryAtOnce() throws Exception {
    long reservedBefore = server.status().getMemoryReservedBytes();
    // 4096 patterns of 4096 units: ~137 GFLOP of products, seconds of work
    CreateModelRequest big = hebbian("big", 4096, 4096, StorageRule.HEBBIAN);
    NettyServer.expect(Status.Code.DEADLINE_EXCEEDED, () -> server.models().withDeadlineAfter(300,
        TimeUnit.MILLISECONDS).createModel(big));
    long cancelledAt = System.nanoTime();
    // the only compute thread must be free again: a small create waits for it
    Model small = server.models().withDeadlineAfter(10, TimeUnit.SECONDS).createModel(hebbian("small", 2, 16,
        StorageRule.HEBBIAN));
    long waitedMs = (System.nanoTime() - cancelledAt) / 1_000_000;
    assertTrue(waitedMs < 1000, "the compute thread was busy for " + waitedMs + " ms after the deadline");
    List<Model> listed = server.models().listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
    assertEquals(List.of(small.getId()), listed.stream().map(Model::getId).toList(), "the cancelled model is not stored");
    assertEquals(List.of(small.getId() + ".pb"), modelFiles(), "and not written");
    long held = server.status().getMemoryReservedBytes() - reservedBefore;
    assertTrue(held < 1 << 20, "the cancelled create's memory is given back (" + held + " bytes still reserved)");
  }

  @Test
  void projectionRule_isCancelledToo() throws Exception {
    NettyServer.expect(Status.Code.DEADLINE_EXCEEDED, () -> server.models().withDeadlineAfter(300,
        TimeUnit.MILLISECONDS).createModel(hebbian("big", 2000, 4096, StorageRule.PROJECTION)));
    long cancelledAt = System.nanoTime();
    server.models().withDeadlineAfter(10, TimeUnit.SECONDS).createModel(hebbian("small", 2, 16, StorageRule.HEBBIAN));
    long waitedMs = (System.nanoTime() - cancelledAt) / 1_000_000;
    assertTrue(waitedMs < 1000, "the compute thread was busy for " + waitedMs + " ms after the deadline");
    assertEquals(1, modelFiles().size());
  }

  @Test
  void hebbianRule_isOneBlasProduct_milliseconds_notSeconds() {
    CreateModelRequest request = hebbian("fast", 100, 4096, StorageRule.HEBBIAN);
    long start = System.nanoTime();
    Model m = server.models().createModel(request);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(4096, m.getUnits());
    // 100 patterns of 4096 units: 3.4 GFLOP; the old per-element loop took tens of seconds
    assertTrue(ms < 3000, "a 4096-unit Hebbian network from 100 patterns took " + ms + " ms");
  }
}
