package org.ebmsim.server.reliability;

import static org.ebmsim.server.reliability.NettyServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 11 (issue 6), five small ones: a crafted ListModels page token gave a negative
 * next_page_token; {@code steps = 4294967295} was "must be ≥ 1" (a signed read of an unsigned
 * field) instead of the over-limit message; {@code t_end = 1e-320} failed deep in the engine with
 * "temperature 9 must be finite and > 0 (got 0.0)" and no field path; a valid schedule from 1e300
 * to 1e-300 computed a temperature of 0; health answered NOT_FOUND for the service names; and
 * reflection answered only v1, not the v1alpha that older tools (grpcurl, Postman) ask.
 */
class SmallDefectsTest {
  private static final int MAX_STEPS = 1_000_000;

  @TempDir Path dataDir;
  private NettyServer server;
  private final List<Model> created = new ArrayList<>();

  @BeforeEach
  void start() {
    server = NettyServer.start(dataDir, Map.of());
    for (int k = 0; k < 3; k++) {
      created.add(server.models().createModel(CreateModelRequest.newBuilder().setName("m" + k)
          .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(spins(2, 10, k))).build()));
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private static SpinMatrix spins(int rows, int cols, long seed) {
    Random r = new Random(seed);
    SpinMatrix.Builder b = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      b.addSpins(r.nextBoolean() ? 1 : -1);
    }
    return b.build();
  }

  private static String token(String plain) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private ListModelsResponse list(int pageSize, String token) {
    return server.models().listModels(ListModelsRequest.newBuilder().setPageSize(pageSize).setPageToken(token)
        .build());
  }

  /**
   * A next_page_token is either empty or one ListModels accepts again, and it decodes to a
   * non-negative offset (whatever the server's encoding, a '-' in it is the defect).
   */
  private void assertSaneNextToken(ListModelsResponse page) {
    String next = page.getNextPageToken();
    if (next.isEmpty()) {
      return;
    }
    String plain = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8);
    assertFalse(plain.contains("-"), "next_page_token decodes to " + plain);
    list(1, next); // accepted
  }

  // ------------------------------------------------------------------------------------------
  // ListModels page tokens

  @Test
  void listModels_tokensNearIntMax_giveAnEmptyLastPageOrInvalidArgument_neverANegativeToken() {
    for (String offset : List.of("2147483000", "2147483646", "2147483647")) {
      for (int size : new int[] {1, 100, 1000}) {
        try {
          ListModelsResponse page = list(size, token("o:" + offset));
          // past the end: nothing to list and no further page
          assertEquals(0, page.getModelsCount(), "o:" + offset + " size " + size);
          assertEquals("", page.getNextPageToken(), "o:" + offset + " size " + size);
        } catch (StatusRuntimeException e) {
          assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
          assertTrue(String.valueOf(e.getStatus().getDescription()).contains("page_token"));
        }
      }
    }
  }

  @Test
  void listModels_pagingWalksEveryModelOnceWithSaneTokens_andATokenPastTheEndIsAnEmptyPage() {
    List<String> seen = new ArrayList<>();
    String next = "";
    for (int pages = 0; pages < 10; pages++) {
      ListModelsResponse page = list(1, next);
      page.getModelsList().forEach(m -> seen.add(m.getId()));
      assertSaneNextToken(page);
      next = page.getNextPageToken();
      if (next.isEmpty()) {
        break;
      }
    }
    assertEquals(created.stream().map(Model::getId).toList(), seen, "oldest first, each once");
    // exactly at and past the end
    for (String offset : List.of("3", "4", "1000")) {
      try {
        ListModelsResponse page = list(2, token("o:" + offset));
        assertEquals(0, page.getModelsCount());
        assertEquals("", page.getNextPageToken());
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      }
    }
    // a page that ends before the last model hands out a token that continues correctly
    ListModelsResponse middle = list(1, token("o:1"));
    assertEquals(created.get(1).getId(), middle.getModels(0).getId());
    assertSaneNextToken(middle);
    assertEquals(created.get(2).getId(), list(5, middle.getNextPageToken()).getModels(0).getId());
  }

  @Test
  void listModels_garbageTokens_areInvalidArgument() {
    List<String> garbage = List.of("!!!", "o:1", token("o:-1"), token("o:-2147483648"), token("o:abc"),
        token("x:1"), token("o:"), token("o:99999999999"), token("o:1 "), token("o:+1"), token("\u0000"),
        "b zs", token("o:9223372036854775807"), token("o:1e3"));
    for (String t : garbage) {
      expect(Status.Code.INVALID_ARGUMENT, "page_token", () -> list(10, t));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Schedules

  private AnnealRequest.Builder anneal(Schedule.Builder schedule) {
    return AnnealRequest.newBuilder().setModelId(created.get(0).getId()).setChains(4).setSeed(1)
        .setSchedule(schedule);
  }

  private List<AnnealEvent> run(AnnealRequest request) {
    List<AnnealEvent> out = new ArrayList<>();
    server.sim().anneal(request).forEachRemaining(out::add);
    return out;
  }

  /** The status of a call that fails, whether it is unary or streams. */
  private static StatusRuntimeException failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call should have failed");
  }

  private static void assertOverLimit(StatusRuntimeException e, String field) {
    Status.Code code = e.getStatus().getCode();
    String d = String.valueOf(e.getStatus().getDescription());
    assertTrue(code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.INVALID_ARGUMENT, e.getStatus()
        .toString());
    assertTrue(d.contains(field), d + " should name " + field);
    assertTrue(d.contains("4294967295"), d + " should say what it got");
    assertTrue(d.contains("ebmsim.limits.max-schedule-steps"), d + " should name the limit's setting");
    assertFalse(d.contains(">= 1") || d.contains("≥ 1"), "4294967295 is not below 1: " + d);
  }

  @Test
  void scheduleSteps_4294967295_isOverTheLimit_namingTheSetting() {
    int steps = (int) 4294967295L; // -1 as a Java int: the unsigned wire value
    assertOverLimit(failure(() -> run(anneal(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder()
        .setTStart(2).setTEnd(1).setSteps(steps))).build())), "schedule.linear.steps");
    assertOverLimit(failure(() -> run(anneal(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder()
        .setTStart(2).setTEnd(1).setSteps(steps))).build())), "schedule.geometric.steps");
    assertOverLimit(failure(() -> server.sim().complete(CompleteRequest.newBuilder()
        .setModelId(created.get(0).getId()).setMode(CompletionMode.ANNEALED).setMasked(MaskedCue.newBuilder()
            .addAllValues(java.util.Collections.nCopies(10, 1)).addAllKnown(java.util.Collections.nCopies(10, false)))
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(2).setTEnd(1)
            .setSteps(steps))).build()).forEachRemaining(e -> { })), "schedule.geometric.steps");
    // AIS schedules are temperature schedules too
    Model rbm = server.models().createModel(CreateModelRequest.newBuilder().setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setWeights(Matrix.newBuilder().setRows(2).setCols(2).addValues(0.5)
            .addValues(-0.5).addValues(0.25).addValues(1))).build());
    assertOverLimit(failure(() -> server.sim().estimatePartitionFunction(EstimatePartitionFunctionRequest.newBuilder()
        .setModelId(rbm.getId()).setChains(2).setSchedule(AisSchedule.newBuilder().setUniformSteps(steps)).build())
        .forEachRemaining(e -> { })), "schedule.uniform_steps");
    assertOverLimit(failure(() -> server.sim().estimatePartitionFunction(EstimatePartitionFunctionRequest.newBuilder()
        .setModelId(rbm.getId()).setChains(2).setSchedule(AisSchedule.newBuilder().setThreeSegmentSteps(steps))
        .build()).forEachRemaining(e -> { })), "schedule.three_segment_steps");
    // 0 is still the one value "below 1"
    expect(Status.Code.INVALID_ARGUMENT, "schedule.linear.steps must be >= 1", () -> run(anneal(Schedule.newBuilder()
        .setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(1).setSteps(0))).build()));
    // one above the limit is the same message as 4294967295
    StatusRuntimeException justAbove = failure(() -> run(anneal(Schedule.newBuilder().setLinear(LinearSchedule
        .newBuilder().setTStart(2).setTEnd(1).setSteps(MAX_STEPS + 1))).build()));
    assertTrue(String.valueOf(justAbove.getStatus().getDescription()).contains("ebmsim.limits.max-schedule-steps"),
        justAbove.getStatus().toString());
  }

  @Test
  void subnormalTemperature_isInvalidArgumentNamingTheFieldAndTheAcceptedRange() {
    Function<Schedule.Builder, String> refused = schedule -> expect(Status.Code.INVALID_ARGUMENT,
        () -> run(anneal(schedule).build()));
    String d = refused.apply(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(1)
        .setTEnd(1e-320).setSteps(10)));
    assertTrue(d.contains("schedule.geometric.t_end"), d);
    assertTrue(d.contains("[1e-300, 1e300]"), d + " should state the accepted range");
    assertFalse(d.contains("temperature 9"), "an engine index instead of the field: " + d);
    for (var c : List.of(
        Map.entry("schedule.geometric.t_start", Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder()
            .setTStart(1e-320).setTEnd(1).setSteps(10))),
        Map.entry("schedule.linear.t_end", Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1)
            .setTEnd(1e-320).setSteps(10))),
        Map.entry("schedule.explicit.temperatures[2]", Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder()
            .addTemperatures(1).addTemperatures(0.5).addTemperatures(4.9e-324))),
        Map.entry("schedule.geometric.t_end", Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder()
            .setTStart(1).setTEnd(1e301).setSteps(10))))) {
      String message = refused.apply(c.getValue());
      assertTrue(message.contains(c.getKey()) && message.contains("[1e-300, 1e300]"), message);
    }
  }

  /** Every progress temperature of a run over {@code schedule}, checked finite, positive and in range. */
  private List<Double> temperatures(Schedule.Builder schedule) {
    List<AnnealEvent> events = run(anneal(schedule).build());
    assertTrue(events.get(events.size() - 1).hasResult(), "the session ran to its result");
    List<Double> t = new ArrayList<>();
    for (AnnealEvent e : events) {
      if (e.hasProgress()) {
        AnnealProgress p = e.getProgress();
        double x = p.getTemperature();
        assertTrue(Double.isFinite(x) && x > 0, "temperature " + x + " at sweep " + p.getSweep());
        assertTrue(Double.isFinite(p.getEnergy().getMean()) && Double.isFinite(p.getBestEnergy()), p.toString());
        t.add(x);
      }
    }
    return t;
  }

  @Test
  void schedulesAcrossTheWholeRange_runWithFinitePositiveTemperatures_endingAtTEnd() {
    int steps = 61;
    for (Schedule.Builder s : List.of(
        Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(1e300).setTEnd(1e-300)
            .setSteps(steps)),
        Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(1e-300).setTEnd(1e300)
            .setSteps(steps)),
        Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1e300).setTEnd(1e-300)
            .setSteps(steps)),
        Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1e-300).setTEnd(1e300)
            .setSteps(steps)))) {
      Schedule built = s.build();
      double t0 = built.hasGeometric() ? built.getGeometric().getTStart() : built.getLinear().getTStart();
      double t1 = built.hasGeometric() ? built.getGeometric().getTEnd() : built.getLinear().getTEnd();
      List<Double> t = temperatures(s);
      assertEquals(steps, t.size(), "one progress event per temperature: " + built);
      assertEquals(t0, t.get(0), 0, built.toString());
      assertEquals(t1, t.get(steps - 1), 1e-12 * t1, "the last temperature is t_end: " + built);
      for (int k = 1; k < steps; k++) {
        assertTrue(t0 > t1 ? t.get(k) < t.get(k - 1) : t.get(k) > t.get(k - 1), "monotone at step " + k + ": " + t);
      }
      if (built.hasGeometric()) {
        // equal ratios: the midpoint of 1e±300 is 1
        assertEquals(1.0, t.get(steps / 2), 1e-9, built.toString());
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Health and reflection

  private static final List<String> SERVICES = List.of("ebmsim.v1.DatasetService", "ebmsim.v1.HamService",
      "ebmsim.v1.ModelService", "ebmsim.v1.RbmService",
      "ebmsim.v1.ServerService", "ebmsim.v1.SessionService", "ebmsim.v1.SimulationService", "ebmsim.v1.TrainingService");

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(server.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  @Test
  void health_everyServiceNameAnswersServing() throws Exception {
    assertEquals(ServingStatus.SERVING, health(""));
    assertEquals(ServingStatus.SERVING, health(EbmsimServer.STORE_HEALTH));
    for (String service : SERVICES) {
      assertEquals(ServingStatus.SERVING, health(service), service);
    }
    // and every ebmsim service the server actually exposes, not only the ones this test knows
    for (String service : listV1()) {
      if (service.startsWith("ebmsim.")) {
        assertEquals(ServingStatus.SERVING, health(service), service);
      }
    }
    // the check discriminates: an unknown name is still NOT_FOUND
    expect(Status.Code.NOT_FOUND, () -> health("ebmsim.v1.NoSuchService"));
  }

  private static final List<String> ALL = List.of("ebmsim.v1.DatasetService", "ebmsim.v1.HamService",
      "ebmsim.v1.ModelService", "ebmsim.v1.RbmService",
      "ebmsim.v1.ServerService", "ebmsim.v1.SessionService", "ebmsim.v1.SimulationService", "ebmsim.v1.TrainingService",
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  /** A bidirectional reflection call with one request, collecting its responses. */
  private static <Q, R> List<R> reflect(Function<StreamObserver<R>, StreamObserver<Q>> call, Q request)
      throws Exception {
    List<R> out = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<Q> requests = call.apply(new StreamObserver<R>() {
      @Override
      public void onNext(R value) {
        synchronized (out) {
          out.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    requests.onNext(request);
    requests.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    synchronized (out) {
      return new ArrayList<>(out);
    }
  }

  private List<String> listV1() throws Exception {
    List<String> names = new ArrayList<>();
    for (io.grpc.reflection.v1.ServerReflectionResponse r : reflect(
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(server.channel)::serverReflectionInfo,
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build())) {
      assertFalse(r.hasErrorResponse(), r.toString());
      r.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
    }
    names.sort(String::compareTo);
    return names;
  }

  @SuppressWarnings("deprecation") // v1alpha: what older tools still ask
  private List<String> listV1alpha() throws Exception {
    List<String> names = new ArrayList<>();
    for (io.grpc.reflection.v1alpha.ServerReflectionResponse r : reflect(
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.channel)::serverReflectionInfo,
        io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build())) {
      assertFalse(r.hasErrorResponse(), r.toString());
      r.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
    }
    names.sort(String::compareTo);
    return names;
  }

  @Test
  @SuppressWarnings("deprecation")
  void reflection_v1AndV1alpha_bothListEveryService_andDescribeThem() throws Exception {
    assertEquals(ALL, listV1());
    assertEquals(ALL, listV1alpha());
    // v1alpha also serves descriptors, which is what a tool needs next
    for (String service : SERVICES) {
      List<io.grpc.reflection.v1alpha.ServerReflectionResponse> r = reflect(
          io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.channel)::serverReflectionInfo,
          io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
      assertEquals(1, r.size());
      assertFalse(r.get(0).hasErrorResponse(), service + ": " + r.get(0));
      assertTrue(r.get(0).getFileDescriptorResponse().getFileDescriptorProtoCount() >= 1, service);
      List<io.grpc.reflection.v1.ServerReflectionResponse> r1 = reflect(
          io.grpc.reflection.v1.ServerReflectionGrpc.newStub(server.channel)::serverReflectionInfo,
          io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
      assertTrue(r1.get(0).getFileDescriptorResponse().getFileDescriptorProtoCount() >= 1, service);
    }
  }
}
