package org.ebmsim.server.reliability;

import static org.ebmsim.server.reliability.NettyServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.ValueType;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 7 (issue 6), "error messages echo unbounded input": a status description travels in an
 * HTTP/2 header, and a client with default settings refuses headers above 8 KiB, so an error that
 * quoted an 8000-character id came back to the caller as RESOURCE_EXHAUSTED "received initial
 * metadata size exceeds limit" instead of NOT_FOUND. Every call here goes over Netty with the
 * default channel settings (the limits real clients meet) and checks both the status code (the
 * caller's error, not a transport error) and that the description stays short: the server quotes
 * at most {@code Quoting.MAX_QUOTED} = 64 characters of any input.
 */
class EchoLimitsTest {
  /** Longest description accepted: the message itself plus a 64-character quote and a note. */
  private static final int SHORT = 300;
  private static final String LONG_ID = "x".repeat(8000);
  private static final String HUGE = "n".repeat(1 << 20);

  @TempDir Path dataDir;
  private NettyServer server;

  @BeforeEach
  void start() {
    server = NettyServer.start(dataDir, Map.of());
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  /** The call fails with {@code code} and a description mentioning {@code fragment} of under 300 characters. */
  private static String expectShort(Status.Code code, String fragment, Executable call) {
    String description = expect(code, fragment, call);
    assertTrue(description.length() < SHORT, "description of " + description.length() + " characters should be"
        + " short: " + description.substring(0, Math.min(400, description.length())));
    return description;
  }

  /** Runs a server-streaming call to its end (a blocking stream reports its status on iteration). */
  private static void drain(Iterator<?> events) {
    events.forEachRemaining(e -> { });
  }

  private static SpinMatrix spins(int rows, int cols, long seed) {
    java.util.Random r = new java.util.Random(seed);
    SpinMatrix.Builder b = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      b.addSpins(r.nextBoolean() ? 1 : -1);
    }
    return b.build();
  }

  private Model hopfield() {
    return server.models().createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(spins(2, 12, 7)).setRule(StorageRule.PROJECTION)).build());
  }

  @Test
  void getModel_8000CharacterId_isNotFoundWithAShortDescription() {
    String d = expectShort(Status.Code.NOT_FOUND, "not found",
        () -> server.models().getModel(GetModelRequest.newBuilder().setId(LONG_ID).build()));
    // the quote says how long the input was instead of repeating it
    assertTrue(d.contains("8000 characters"), d);
    // non-ASCII input is percent-encoded in the header (up to 12 bytes per character): still bounded
    String emoji = "\uD83D\uDE00".repeat(4000);
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> server.models().getModel(GetModelRequest.newBuilder().setId(emoji).build()));
    String odd = "x" + emoji; // the 64-character cut falls inside a surrogate pair
    String d2 = expectShort(Status.Code.NOT_FOUND, "not found",
        () -> server.models().getModel(GetModelRequest.newBuilder().setId(odd).build()));
    assertFalse(d2.contains("?\""), "a cut surrogate pair shows up as '?': " + d2);
  }

  @Test
  void createModel_oneMebibyteName_isInvalidArgumentWithAShortDescription() {
    String d = expectShort(Status.Code.INVALID_ARGUMENT, "name must be", () -> server.models().createModel(
        CreateModelRequest.newBuilder().setName(HUGE).setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
            .setPatterns(spins(1, 8, 1))).build()));
    assertTrue(d.contains((1 << 20) + " characters"), d);
    // control characters in a name are escaped, not sent raw
    String d2 = expectShort(Status.Code.INVALID_ARGUMENT, "name must be", () -> server.models().createModel(
        CreateModelRequest.newBuilder().setName("a\nb\u0000c").setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
            .setPatterns(spins(1, 8, 1))).build()));
    assertFalse(d2.contains("\n"), d2);
    // a type URL of a plug-in spec is input too
    expectShort(Status.Code.INVALID_ARGUMENT, "no model family", () -> server.models().createModel(
        CreateModelRequest.newBuilder().setExtension(Any.newBuilder().setTypeUrl("type.googleapis.com/" + HUGE)
            .setValue(ByteString.EMPTY)).build()));
  }

  @Test
  void modelService_longIdsAndTokens_areClientErrorsWithShortDescriptions() {
    hopfield(); // a store with a model, so the lookups really search
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> server.models().deleteModel(DeleteModelRequest.newBuilder().setId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> server.models().deleteModel(DeleteModelRequest.newBuilder().setId("../" + LONG_ID).build()));
    String token = "A".repeat(100_000);
    expectShort(Status.Code.INVALID_ARGUMENT, "page_token",
        () -> server.models().listModels(ListModelsRequest.newBuilder().setPageToken(token).build()));
    String notBase64 = "%".repeat(100_000);
    expectShort(Status.Code.INVALID_ARGUMENT, "page_token",
        () -> server.models().listModels(ListModelsRequest.newBuilder().setPageToken(notBase64).build()));
  }

  @Test
  void simulationService_longModelIds_areNotFoundWithShortDescriptions() {
    Schedule schedule = Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(0.1)
        .setSteps(3)).build();
    expectShort(Status.Code.NOT_FOUND, "not found", () -> drain(server.sim().anneal(AnnealRequest.newBuilder()
        .setModelId(LONG_ID).setChains(1).setSchedule(schedule).build())));
    expectShort(Status.Code.NOT_FOUND, "not found", () -> drain(server.sim().complete(CompleteRequest.newBuilder()
        .setModelId(LONG_ID).setMasked(MaskedCue.newBuilder()).build())));
    expectShort(Status.Code.NOT_FOUND, "not found", () -> server.sim().exactSummary(ExactSummaryRequest.newBuilder()
        .setModelId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found", () -> drain(server.sim().estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(LONG_ID).setChains(1).build())));
  }

  @Test
  void anneal_longLayerName_isInvalidArgumentWithAShortDescription() {
    Model m = hopfield();
    LayerState initial = LayerState.newBuilder().setLayer(HUGE).setType(ValueType.VALUE_SPIN).setRows(1)
        .setCols(12).setBits(ByteString.copyFrom(new byte[2])).build();
    expectShort(Status.Code.INVALID_ARGUMENT, "initial_states[0].layer", () -> drain(server.sim().anneal(
        AnnealRequest.newBuilder().setModelId(m.getId()).setChains(1).setSchedule(Schedule.newBuilder()
            .setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(0.1).setSteps(3))).addInitialStates(initial)
            .build())));
  }

  @Test
  void sessionService_longSessionIds_areNotFoundWithShortDescriptions() {
    var sessions = server.sessions();
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> sessions.getSession(GetSessionRequest.newBuilder().setSessionId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> drain(sessions.watchSession(WatchSessionRequest.newBuilder().setSessionId(LONG_ID).build())));
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found",
        () -> sessions.resumeSession(ResumeSessionRequest.newBuilder().setSessionId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found", () -> sessions.steerSession(SteerSessionRequest.newBuilder()
        .setSessionId(LONG_ID).setAction(SteerAction.newBuilder().setTemperature(1)).build()));
  }

  @Test
  void steerSession_longLayerName_isInvalidArgumentWithAShortDescription() {
    Model m = hopfield();
    // a detached session far too long to end by itself during the test; paused so it stays live
    Iterator<AnnealEvent> started = server.sim().anneal(AnnealRequest.newBuilder().setModelId(m.getId())
        .setChains(64).setSeed(3).setDetached(true).setSchedule(Schedule.newBuilder().setLinear(LinearSchedule
            .newBuilder().setTStart(2).setTEnd(0.5).setSteps(1_000_000)).setSweepsPerTemperature(50)).build());
    String id = started.next().getStarted().getSessionId();
    drain(started);
    var sessions = SessionServiceGrpc.newBlockingStub(server.channel)
        .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
    try {
      sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
      expectShort(Status.Code.INVALID_ARGUMENT, "action.clamp.layer", () -> sessions.steerSession(
          SteerSessionRequest.newBuilder().setSessionId(id).setAction(SteerAction.newBuilder().setClamp(
              ClampUnits.newBuilder().setLayer(HUGE).addUnits(0).addValues(1))).build()));
    } finally {
      sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
    }
  }

  @Test
  void rbmService_longIdsAndNames_areClientErrorsWithShortDescriptions() {
    expectShort(Status.Code.NOT_FOUND, "not found", () -> server.rbm().mapHopfieldToRbm(
        MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(LONG_ID).build()));
    expectShort(Status.Code.NOT_FOUND, "not found", () -> server.rbm().mapRbmToHopfield(
        MapRbmToHopfieldRequest.newBuilder().setRbmModelId(LONG_ID).build()));
    Model h = hopfield();
    expectShort(Status.Code.INVALID_ARGUMENT, "name must be", () -> server.rbm().mapHopfieldToRbm(
        MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(h.getId()).setName(HUGE).build()));
    Model rbm = server.rbm().mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(h.getId())
        .build()).getRbm();
    expectShort(Status.Code.INVALID_ARGUMENT, "name must be", () -> server.rbm().mapRbmToHopfield(
        MapRbmToHopfieldRequest.newBuilder().setRbmModelId(rbm.getId()).setRegisterHopfield(true).setName(HUGE)
            .build()));
    // and nothing was registered by the refused calls
    assertEquals(2, server.models().listModels(ListModelsRequest.getDefaultInstance()).getModelsCount());
  }
}
