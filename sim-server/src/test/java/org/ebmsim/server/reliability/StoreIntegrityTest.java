package org.ebmsim.server.reliability;

import static org.ebmsim.server.reliability.NettyServer.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 10 (issue 6), "the store trusts the id inside each file": a copy of m-X.pb saved under
 * another name loaded as a second model with X's id, so DeleteModel(m-X) removed one file and the
 * model came back after a restart; a planted file whose id was "../outside" loaded, and
 * DeleteModel("../outside") deleted {@code <data-dir>/outside.pb}; a {@code *.tmp} left by a
 * kill -9 stayed forever. Expected: the file name is the id's only source (a mismatch is set
 * aside as {@code *.corrupt}), ids are validated on load and on every lookup, temporary files
 * are swept at start. Checked here end to end over Netty, restarting the server on the same
 * folder the way an operator would (close, start a new one).
 */
class StoreIntegrityTest {
  private static final String OTHER_ID = "m-0123456789abcdef";

  @TempDir Path dataDir;
  private NettyServer server;

  @BeforeEach
  void start() {
    server = NettyServer.start(dataDir, Map.of());
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private void restart() throws InterruptedException {
    server.close();
    server = null;
    server = NettyServer.start(dataDir, Map.of());
  }

  private Path models() {
    return dataDir.resolve("models");
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(models())) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private List<String> listedIds() {
    return server.models().listModels(ListModelsRequest.newBuilder().setPageSize(1000).build()).getModelsList()
        .stream().map(Model::getId).sorted().collect(Collectors.toList());
  }

  private Model create(String name, long seed) {
    Random r = new Random(seed);
    SpinMatrix.Builder p = SpinMatrix.newBuilder().setRows(2).setCols(10);
    for (int k = 0; k < 20; k++) {
      p.addSpins(r.nextBoolean() ? 1 : -1);
    }
    return server.models().createModel(CreateModelRequest.newBuilder().setName(name)
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(p)).build());
  }

  private void assertNotFound(String id) {
    expect(Status.Code.NOT_FOUND, "not found",
        () -> server.models().getModel(GetModelRequest.newBuilder().setId(id).build()));
  }

  /** INVALID_ARGUMENT or NOT_FOUND: either way the caller learns the id names no model. */
  private static void assertRefused(Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    Status.Code code = e.getStatus().getCode();
    assertTrue(code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT,
        "expected NOT_FOUND or INVALID_ARGUMENT, got " + e.getStatus());
  }

  @Test
  void copyUnderAnotherValidId_isSetAsideAsCorrupt_andTheOriginalStaysDeletedAcrossRestarts() throws Exception {
    Model a = create("a", 1);
    Path original = models().resolve(a.getId() + ".pb");
    byte[] bytes = Files.readAllBytes(original);
    restart();
    Files.write(models().resolve(OTHER_ID + ".pb"), bytes); // a copy "saved under another name" while running
    restart();

    // the copy's content names a.id, not its file name: not a model, set aside for an operator
    assertEquals(List.of(a.getId()), listedIds(), "only the original is a model");
    assertNotFound(OTHER_ID);
    assertTrue(Files.exists(models().resolve(OTHER_ID + ".pb.corrupt")), "the copy is set aside: " + files());
    assertFalse(Files.exists(models().resolve(OTHER_ID + ".pb")));
    assertArrayEquals(bytes, Files.readAllBytes(models().resolve(OTHER_ID + ".pb.corrupt")), "set aside, not altered");

    // delete the original: it is gone now and after restarts (the copy must not bring it back)
    server.models().deleteModel(DeleteModelRequest.newBuilder().setId(a.getId()).build());
    assertNotFound(a.getId());
    assertFalse(Files.exists(original));
    restart();
    assertNotFound(a.getId());
    assertEquals(List.of(), listedIds());
    restart();
    assertEquals(List.of(), listedIds(), "a set-aside file is never loaded again");
    assertEquals(List.of(OTHER_ID + ".pb.corrupt"), files());
  }

  @Test
  void renamedFile_isNotLoadedUnderEitherId() throws Exception {
    Model a = create("a", 2);
    Model b = create("b", 3);
    restart();
    // a's file moved to another valid id: neither the file's name nor its content may load it
    Files.move(models().resolve(a.getId() + ".pb"), models().resolve(OTHER_ID + ".pb"));
    restart();
    assertEquals(List.of(b.getId()), listedIds());
    assertNotFound(a.getId());
    assertNotFound(OTHER_ID);
    assertTrue(Files.exists(models().resolve(OTHER_ID + ".pb.corrupt")));
  }

  @Test
  void plantedFileWithIdOutsideTheFolder_isNotLoaded_andDeletingThatIdTouchesNothingOutside() throws Exception {
    Model a = create("a", 4);
    Model planted = server.models().getModel(GetModelRequest.newBuilder().setId(a.getId()).build());
    byte[] content = Model.parseFrom(Files.readAllBytes(models().resolve(a.getId() + ".pb"))).toBuilder()
        .setId("../outside").build().toByteArray();
    restart();
    Path outside = dataDir.resolve("outside.pb");
    Files.writeString(outside, "an operator's file next to the models folder");
    // the planted content under a valid id's name, and under names that are not ids at all
    Files.write(models().resolve(OTHER_ID + ".pb"), content);
    Files.write(models().resolve("..%2Foutside.pb"), content);
    Files.write(models().resolve("planted.pb"), content);
    restart();

    assertEquals(List.of(a.getId()), listedIds(), "no planted file became a model");
    assertRefused(() -> server.models().getModel(GetModelRequest.newBuilder().setId("../outside").build()));
    assertRefused(() -> server.models().deleteModel(DeleteModelRequest.newBuilder().setId("../outside").build()));
    assertRefused(() -> server.models().deleteModel(DeleteModelRequest.newBuilder().setId("../models/" + a.getId())
        .build()));
    assertTrue(Files.exists(outside), "DeleteModel(\"../outside\") must not delete <data-dir>/outside.pb");
    assertTrue(Files.exists(models().resolve(a.getId() + ".pb")), "nor a model through a path");
    assertEquals(planted, server.models().getModel(GetModelRequest.newBuilder().setId(a.getId()).build()));
    assertEquals(Stream.of("..%2Foutside.pb.corrupt", a.getId() + ".pb", OTHER_ID + ".pb.corrupt",
        "planted.pb.corrupt").sorted().collect(Collectors.toList()), files());
  }

  @Test
  void leftoverTemporaryFiles_areSweptAtStart_andNeverLoaded() throws Exception {
    Model a = create("a", 5);
    byte[] whole = Files.readAllBytes(models().resolve(a.getId() + ".pb"));
    server.close();
    server = null;
    // what a kill -9 in the middle of writes leaves: temp files, half written or complete
    Files.write(models().resolve(OTHER_ID + "-0badcafe.tmp"), Arrays.copyOf(whole, whole.length / 2));
    Files.write(models().resolve(a.getId() + "-12345678.tmp"), whole);
    Files.write(models().resolve("m-fedcba9876543210-deadbeef.tmp"), new byte[0]);
    server = NettyServer.start(dataDir, Map.of());

    assertEquals(List.of(a.getId() + ".pb"), files(), "every *.tmp is swept at start");
    assertEquals(List.of(a.getId()), listedIds());
    assertNotFound(OTHER_ID);
    // the sweep is not a one-off: new writes still work and leave no temp files
    Model b = create("b", 6);
    assertEquals(List.of(a.getId() + ".pb", b.getId() + ".pb").stream().sorted().collect(Collectors.toList()),
        files());
  }

  @Test
  void truncatedModelFile_isSetAside_andTheRestLoad() throws Exception {
    Model a = create("a", 7);
    Model b = create("b", 8);
    server.close();
    server = null;
    // a file cut short (as a non-atomic write would leave it) under a valid id
    Path fileA = models().resolve(a.getId() + ".pb");
    byte[] bytes = Files.readAllBytes(fileA);
    Files.write(fileA, Arrays.copyOf(bytes, bytes.length - 7));
    server = NettyServer.start(dataDir, Map.of());
    assertEquals(List.of(b.getId()), listedIds());
    assertNotFound(a.getId());
    assertTrue(Files.exists(models().resolve(a.getId() + ".pb.corrupt")));
    // the id is free for nothing: deleting it is NOT_FOUND and leaves the set-aside file for inspection
    expect(Status.Code.NOT_FOUND, "not found",
        () -> server.models().deleteModel(DeleteModelRequest.newBuilder().setId(a.getId()).build()));
    assertTrue(Files.exists(models().resolve(a.getId() + ".pb.corrupt")));
  }

  /**
   * Creation refuses RBMs whose fields overflow float32 sampling, but a model stored before that
   * bound existed (weights up to 1e100 were accepted) must still load: its file is the operator's.
   * Its sessions are refused with FAILED_PRECONDITION saying why (sampling it would give ±∞ and
   * NaN), while what runs in float64, its exact statistics, stays available and finite.
   */
  @Test
  void rbmStoredUnderOlderBounds_loads_itsSessionsAreRefused_andItsExactStatisticsStayFinite() throws Exception {
    Matrix.Builder w = Matrix.newBuilder().setRows(4).setCols(3);
    for (int k = 0; k < 12; k++) {
      w.addValues(0.1 * (k % 5 - 2));
    }
    Model m = server.models().createModel(CreateModelRequest.newBuilder().setName("old").setRbm(
        RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(w)).build());
    Path file = models().resolve(m.getId() + ".pb");
    Model.Builder older = Model.parseFrom(Files.readAllBytes(file)).toBuilder();
    older.getRbmBuilder().getWeightsBuilder().setValues(0, 1e38); // accepted by the older rules (|w| ≤ 1e100)
    server.close();
    server = null;
    Files.write(file, older.build().toByteArray());
    server = NettyServer.start(dataDir, Map.of());

    assertEquals(List.of(m.getId()), listedIds(), "the model still loads");
    expect(Status.Code.FAILED_PRECONDITION, "cannot be sampled", () -> server.sim().anneal(AnnealRequest.newBuilder()
        .setModelId(m.getId()).setChains(2).setSchedule(Schedule.newBuilder().setGeometric(
            GeometricSchedule.newBuilder().setTStart(2).setTEnd(1).setSteps(3))).build()).next());
    expect(Status.Code.FAILED_PRECONDITION, "float32", () -> server.sim().estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(m.getId()).setChains(4).setSeed(1)
            .setSchedule(AisSchedule.newBuilder().setUniformSteps(10)).build()).next());
    double logZ = server.sim().exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId()).build()).getLogZ();
    assertTrue(Double.isFinite(logZ) && logZ > 1e37, "exact log Z of the stored model: " + logZ);
    assertEquals(0, server.status().getSessionsActive(), "no session was started");
  }
}
