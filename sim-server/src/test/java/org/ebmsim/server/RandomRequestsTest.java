package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of seeded random, mostly malformed requests: every answer is OK or a client-error
 * status (never INTERNAL or UNKNOWN), and the server keeps serving afterwards.
 */
class RandomRequestsTest {
  private static final Set<Status.Code> CLIENT_ERRORS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION);

  @TempDir Path dataDir;
  private final Random r = new Random(20261123);

  private int size() {
    int pick = r.nextInt(10);
    return pick == 0 ? 0 : pick == 1 ? 1_000_000 + r.nextInt(1000) : pick == 2 ? -r.nextInt(5) : 1 + r.nextInt(6);
  }

  private double value() {
    int pick = r.nextInt(12);
    return pick == 0 ? Double.NaN : pick == 1 ? Double.POSITIVE_INFINITY : pick == 2 ? -1e308 : r.nextGaussian();
  }

  private Matrix matrix() {
    int rows = size();
    int cols = r.nextBoolean() ? rows : size();
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    int n = Math.max(0, Math.min(64, rows * cols + r.nextInt(3) - 1));
    for (int k = 0; k < n; k++) {
      m.addValues(r.nextInt(4) == 0 ? value() : 0.5);
    }
    return m.build();
  }

  private SpinMatrix spins() {
    int rows = size();
    int cols = size();
    SpinMatrix.Builder m = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    int n = Math.max(0, Math.min(64, rows * cols + r.nextInt(3) - 1));
    for (int k = 0; k < n; k++) {
      m.addSpins(r.nextInt(10) == 0 ? r.nextInt(5) - 2 : (r.nextBoolean() ? 1 : -1));
    }
    return m.build();
  }

  private CreateModelRequest createRequest() {
    CreateModelRequest.Builder b = CreateModelRequest.newBuilder().setName(r.nextInt(8) == 0 ? "bad name!" : "m");
    switch (r.nextInt(5)) {
      case 0 -> b.setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(spins())
          .setRuleValue(r.nextInt(4)).addBias(value()));
      case 1 -> b.setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(matrix()));
      case 2 -> b.setBoltzmann(BoltzmannFromWeights.newBuilder().setWeights(matrix()).setVisibleUnits(size()));
      case 3 -> b.setRbm(RbmSpec.newBuilder().setVariantValue(r.nextInt(6)).setWeights(matrix())
          .setInverseTemperature(r.nextBoolean() ? 0 : value()).addVisibleSigma(value()));
      default -> { }
    }
    return b.build();
  }

  private Schedule schedule() {
    Schedule.Builder s = Schedule.newBuilder().setSweepsPerTemperature(r.nextInt(3));
    if (r.nextBoolean()) {
      s.setLinear(LinearSchedule.newBuilder().setTStart(value()).setTEnd(value()).setSteps(size()));
    } else {
      ExplicitSchedule.Builder e = ExplicitSchedule.newBuilder();
      for (int k = r.nextInt(4); k > 0; k--) {
        e.addTemperatures(value());
      }
      s.setExplicit(e);
    }
    return s.build();
  }

  private void expectOkOrClientError(Runnable call, String what) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertTrue(CLIENT_ERRORS.contains(e.getStatus().getCode()), what + " answered " + e.getStatus());
      assertTrue(e.getStatus().getDescription() != null && !e.getStatus().getDescription().isBlank(),
          what + " answered " + e.getStatus().getCode() + " without a message");
    }
  }

  @Test
  void randomMalformedRequests_getClientErrorStatuses_andTheServerKeepsServing() throws Exception {
    Map<String, Object> overrides = Map.of("ebmsim.server.data-dir", dataDir.toString(),
        "ebmsim.limits.max-units", 256, "ebmsim.limits.max-chains", 64);
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()),
        "random-requests");
    ManagedChannel channel = InProcessChannelBuilder.forName("random-requests").build();
    try {
      var models = ModelServiceGrpc.newBlockingStub(channel);
      var sim = SimulationServiceGrpc.newBlockingStub(channel);
      String good = models.createModel(CreateModelRequest.newBuilder().setName("good").setHopfieldPatterns(
          HopfieldFromPatterns.newBuilder().setRule(StorageRule.HEBBIAN).setPatterns(SpinMatrix.newBuilder()
              .setRows(1).setCols(4).addSpins(1).addSpins(-1).addSpins(1).addSpins(1))).build()).getId();
      for (int k = 0; k < 300; k++) {
        CreateModelRequest request = createRequest();
        expectOkOrClientError(() -> models.createModel(request), "CreateModel " + request);
      }
      for (int k = 0; k < 150; k++) {
        String id = r.nextInt(10) == 0 ? "m-nope" : good;
        AnnealRequest anneal = AnnealRequest.newBuilder().setModelId(id).setChains(size()).setSeed(k)
            .setSchedule(schedule()).setDynamicsValue(r.nextInt(4)).setReportEverySweeps(r.nextInt(3))
            .setSamples(SamplePolicy.newBuilder().setModeValue(r.nextInt(4)).setMaxChains(size()))
            .setResultStates(r.nextInt(3) == 0 ? size() : 0).build();
        expectOkOrClientError(() -> sim.withDeadlineAfter(20, TimeUnit.SECONDS).anneal(anneal)
            .forEachRemaining(e -> { }), "Anneal " + anneal);
        CompleteRequest.Builder complete = CompleteRequest.newBuilder().setModelId(id).setModeValue(r.nextInt(5))
            .setTemperature(value()).setSweeps(r.nextInt(30)).setAverageLast(r.nextInt(40)).setChains(size())
            .setSeed(k);
        if (r.nextBoolean()) {
          MaskedCue.Builder cue = MaskedCue.newBuilder();
          for (int i = size(); i > 0 && i < 10; i--) {
            cue.addValues(r.nextInt(3) - 1).addKnown(r.nextBoolean());
          }
          complete.setMasked(cue);
        } else {
          complete.setNoisy(NoisyCue.newBuilder().setStoredIndex(r.nextInt(3)).setFlipFraction(value()));
        }
        if (r.nextBoolean()) {
          complete.setMode(CompletionMode.ANNEALED).setSchedule(schedule());
        }
        CompleteRequest c = complete.build();
        expectOkOrClientError(() -> sim.withDeadlineAfter(20, TimeUnit.SECONDS).complete(c)
            .forEachRemaining(e -> { }), "Complete " + c);
        ExactSummaryRequest exact = ExactSummaryRequest.newBuilder().setModelId(id).setTemperature(value())
            .setMaxGroundStates(size()).build();
        expectOkOrClientError(() -> sim.exactSummary(exact), "ExactSummary " + exact);
      }
      // still healthy and serving
      assertEquals(4, sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(good).build()).getUnits());
      assertEquals(0, server.activeSessions());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
  }
}
