package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.ebmsim.server.RbmTestServer.spins;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExplicitBetas;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AIS, annealing and completion sessions on RBMs through gRPC, against exact enumeration. */
class RbmSessionsEndToEndTest {
  @TempDir Path dataDir;
  private RbmTestServer t;
  private RbmServiceGrpc.RbmServiceBlockingStub rbm;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;

  @BeforeEach
  void start() {
    t = RbmTestServer.start(dataDir);
    rbm = RbmServiceGrpc.newBlockingStub(t.channel);
    sim = SimulationServiceGrpc.newBlockingStub(t.channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    t.close();
  }

  private Model binaryRbm(int v, int h, double sd, long seed) {
    return t.models.createModel(CreateModelRequest.newBuilder().setName("b").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setWeights(matrix(v, h, gaussian(v * h, sd, seed)))).build());
  }

  private static <T> List<T> all(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private PartitionFunctionResult ais(EstimatePartitionFunctionRequest request) {
    List<PartitionFunctionEvent> events = all(sim.estimatePartitionFunction(request));
    assertTrue(events.get(events.size() - 1).hasResult());
    return events.get(events.size() - 1).getResult();
  }

  @Test
  void aisOnBinaryRbm_matchesExactLogZ_withLikelihoodAndReverse() {
    Model m = binaryRbm(20, 10, 0.3, 5);
    double exact = t.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId()).build()).getLogZ();
    Random r = new Random(6);
    double[] data = new double[30 * 20];
    for (int k = 0; k < data.length; k++) {
      data[k] = r.nextBoolean() ? 1 : 0;
    }
    List<PartitionFunctionEvent> events = all(sim.estimatePartitionFunction(EstimatePartitionFunctionRequest
        .newBuilder().setModelId(m.getId()).setChains(500).setSeed(9)
        .setSchedule(AisSchedule.newBuilder().setUniformSteps(1000)).setData(matrix(30, 20, data))
        .setReverse(true).setReportEvery(250).build()));
    assertEquals(1 + 4 * 2 + 1, events.size(), "started, 4 reports per direction and the result");
    assertTrue(events.get(0).hasStarted(), "the first event names the session");
    assertEquals("partition_function", events.get(0).getStarted().getKind());
    assertEquals("FORWARD", events.get(1).getProgress().getDirection());
    assertEquals(250, events.get(1).getProgress().getStep());
    PartitionFunctionResult result = events.get(events.size() - 1).getResult();
    double err = Math.abs(result.getLogZ() - exact);
    assertTrue(err < 0.1 && err < 3 * result.getStdError() + 1e-3,
        "AIS " + result.getLogZ() + " ± " + result.getStdError() + " vs exact " + exact);
    assertTrue(result.getHasReverse() && Math.abs(result.getReverseLogZ() - exact) < 0.2,
        "reverse " + result.getReverseLogZ() + " vs " + exact);
    assertTrue(result.getHasLogLikelihood());
    assertTrue(result.getMeanLogLikelihood() < 0 && result.getMeanLogLikelihood() > -20 * Math.log(2) - 5,
        "log-likelihood " + result.getMeanLogLikelihood());
  }

  @Test
  void aisOnMappedBinaryGaussianRbm_matchesExactJointAndVisibleLogZ() {
    int n = 16;
    int p = 4;
    Model hopfield = t.models.createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setRule(StorageRule.PROJECTION)
            .setPatterns(spins(p, n, RbmTestServer.randomSpins(p * n, 12)))).build());
    Model mapped = rbm.mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(hopfield.getId())
        .setInverseTemperature(2).build()).getRbm();
    var exact = t.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(mapped.getId()).build());
    PartitionFunctionResult result = ais(EstimatePartitionFunctionRequest.newBuilder().setModelId(mapped.getId())
        .setChains(500).setSeed(3).setSchedule(AisSchedule.newBuilder().setUniformSteps(1000)).build());
    double errVisible = Math.abs(result.getLogZVisible() - exact.getLogZVisible());
    assertTrue(errVisible < 0.1 && errVisible < 3 * result.getStdError() + 1e-3,
        "visible " + result.getLogZVisible() + " ± " + result.getStdError() + " vs " + exact.getLogZVisible());
    assertEquals(exact.getLogZJoint() - exact.getLogZVisible(), result.getLogZJoint() - result.getLogZVisible(), 1e-9);
  }

  @Test
  void annealAndCompleteOnRbms_reachTheLowestFreeEnergyAndTheStoredPattern() {
    int n = 16;
    int p = 3;
    byte[] xi = RbmTestServer.randomSpins(p * n, 21);
    Model hopfield = t.models.createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setRule(StorageRule.PROJECTION).setPatterns(spins(p, n, xi))).build());
    Model mapped = rbm.mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(hopfield.getId())
        .setInverseTemperature(4).build()).getRbm();
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < n; i++) {
      cue.addValues(i < 10 ? xi[n + i] : 0).addKnown(i < 10);
    }
    List<CompleteEvent> completion = all(sim.complete(CompleteRequest.newBuilder().setModelId(mapped.getId())
        .setMasked(cue).setMode(CompletionMode.STOCHASTIC).setTemperature(0.2).setSweeps(60).setAverageLast(20)
        .setChains(8).setSeed(2).build()));
    var done = completion.get(completion.size() - 1).getResult();
    byte[] expected = java.util.Arrays.copyOfRange(xi, n, 2 * n);
    byte[] got = Wire.bytes(done.getCompleted());
    assertArrayEquals(expected, got, "block-Gibbs completion of the mapped RBM");
    assertEquals(1, done.getBestPattern());

    // deterministic mode: zero-temperature block updates until no visible unit changes
    List<CompleteEvent> deterministic = all(sim.complete(CompleteRequest.newBuilder().setModelId(mapped.getId())
        .setMasked(cue).setSeed(2).build()));
    var fixedPoint = deterministic.get(deterministic.size() - 1).getResult();
    assertTrue(fixedPoint.getConverged(), "deterministic RBM completion should reach a fixed point");
    assertTrue(fixedPoint.getSweeps() < 100, "stopped at the fixed point after " + fixedPoint.getSweeps());
    assertArrayEquals(expected, Wire.bytes(fixedPoint.getCompleted()), "deterministic completion of the mapped RBM");

    Model small = binaryRbm(10, 6, 1.0, 30);
    List<AnnealEvent> anneal = all(sim.anneal(AnnealRequest.newBuilder().setModelId(small.getId()).setChains(32)
        .setSeed(4).setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3)
            .setTEnd(0.1).setSteps(30)).setSweepsPerTemperature(5)).build()));
    var best = anneal.get(anneal.size() - 1).getResult().getBest();
    assertEquals(2, best.getLayersCount(), "RBM chains report both layers");
    assertEquals("visible", best.getLayers(0).getLayer());
    assertEquals(10, best.getLayers(0).getCols(), "the visible layer of the best state");
    assertEquals(minimumFreeEnergy(small), best.getEnergy(), 1e-4);
  }

  /** Brute force over the 2^V visible states of a binary RBM stored with zero biases. */
  private double minimumFreeEnergy(Model m) {
    Matrix w = t.models.getModel(org.ebmsim.proto.v1.GetModelRequest.newBuilder().setId(m.getId())
        .setIncludeParameters(true).build()).getRbm().getWeights();
    int v = w.getRows();
    int h = w.getCols();
    double min = Double.POSITIVE_INFINITY;
    for (int code = 0; code < 1 << v; code++) {
      double f = 0;
      for (int j = 0; j < h; j++) {
        double x = 0;
        for (int i = 0; i < v; i++) {
          x += ((code >> i) & 1) * w.getValues(i * h + j);
        }
        f -= Math.log1p(Math.exp(x));
      }
      min = Math.min(min, f);
    }
    return min;
  }

  @Test
  void badRbmSessionRequests_getPreciseStatuses() {
    Model m = binaryRbm(6, 4, 0.5, 1);
    EstimatePartitionFunctionRequest base = EstimatePartitionFunctionRequest.newBuilder().setModelId(m.getId())
        .setChains(10).build();
    expect(Status.Code.INVALID_ARGUMENT, "chains must be >= 1", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setChains(0).build())));
    expect(Status.Code.INVALID_ARGUMENT, "schedule.explicit.betas", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setSchedule(AisSchedule.newBuilder().setExplicit(ExplicitBetas.newBuilder()
            .addBetas(0.1).addBetas(1))).build())));
    expect(Status.Code.INVALID_ARGUMENT, "schedule.explicit.betas", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setSchedule(AisSchedule.newBuilder().setExplicit(ExplicitBetas.newBuilder()
            .addBetas(0).addBetas(0.9))).build())));
    expect(Status.Code.INVALID_ARGUMENT, "data must have one column per visible unit", () -> all(
        sim.estimatePartitionFunction(base.toBuilder().setData(matrix(1, 3, 1, 0, 1)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "must be 0 or 1", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setData(matrix(1, 6, 1, 0, 1, 0, -1, 0)).build())));
    expect(Status.Code.INVALID_ARGUMENT, "reverse needs data", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setReverse(true).build())));
    expect(Status.Code.RESOURCE_EXHAUSTED, "chains is", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setChains(5_000_000).build())));
    expect(Status.Code.NOT_FOUND, "not found", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setModelId("m-0000000000000000").build())));
    // Gaussian–Bernoulli RBMs anneal (their real visible states travel as floats) and have an AIS path
    Model gb = t.models.createModel(CreateModelRequest.newBuilder().setName("gb").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.GAUSSIAN_BERNOULLI).setWeights(matrix(2, 2, 0.1, 0.2, 0.3, 0.4))).build());
    List<AnnealEvent> gbAnneal = all(sim.anneal(AnnealRequest.newBuilder().setModelId(gb.getId()).setChains(2)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(1).setTEnd(0.5)
            .setSteps(2))).build()));
    var gbBest = gbAnneal.get(gbAnneal.size() - 1).getResult().getBest().getLayers(0);
    assertEquals(org.ebmsim.proto.v1.ValueType.VALUE_REAL, gbBest.getType());
    assertEquals(2, gbBest.getValuesCount());
    expect(Status.Code.INVALID_ARGUMENT, "base must be unset for this RBM", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setModelId(gb.getId()).setBase(org.ebmsim.proto.v1.AisBase.UNIFORM).build())));
    Model hop = t.models.createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(spins(1, 4, new byte[] {1, -1, 1, 1}))).build());
    expect(Status.Code.FAILED_PRECONDITION, "has no AIS path", () -> all(sim.estimatePartitionFunction(
        base.toBuilder().setModelId(hop.getId()).build())));
  }
}
