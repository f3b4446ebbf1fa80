package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.randomSpins;
import static org.ebmsim.server.RbmTestServer.spins;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dense associative memory family over gRPC (in-process server, real stubs): creation and
 * description, parameters that survive a restart, completion of a noisy cue far above the
 * Hebbian capacity, annealing to the ground energy and an exact summary checked against a
 * brute-force sum written here, and every validation rule's status and message.
 */
class DenseMemoryEndToEndTest {
  @TempDir Path dataDir;
  private RbmTestServer server;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private Model create(DenseMemorySpec spec) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("dam").setDenseMemory(spec).build());
  }

  private static DenseMemorySpec spec(int p, int n, byte[] xi, DenseInteraction f, int degree) {
    return DenseMemorySpec.newBuilder().setPatterns(spins(p, n, xi)).setInteraction(f).setDegree(degree).build();
  }

  @Test
  void create_describesTheModel_andItsParametersSurviveARestart() throws Exception {
    byte[] xi = randomSpins(20 * 64, 1);
    Model m = create(spec(20, 64, xi, DenseInteraction.POWER, 3).toBuilder()
        .setImageShape(ImageShape.newBuilder().setHeight(8).setWidth(8)).build());
    assertEquals("dense-memory", m.getFamily());
    assertEquals("power-3", m.getVariant());
    assertEquals(64, m.getUnits());
    assertEquals(20, m.getStoredPatterns());
    assertEquals(1, m.getLayersCount());
    assertEquals(ValueType.VALUE_SPIN, m.getLayers(0).getType());
    assertEquals("E(σ) = -Σ_μ (ξ_μ·σ)^3", m.getEnergy());
    assertTrue(m.getCapabilities().getExact());
    assertFalse(m.getCapabilities().getPartitionFunction());
    assertEquals(8, m.getImageShape().getHeight());

    server.close();
    server = RbmTestServer.start(dataDir);
    Model again = server.models.getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true)
        .build());
    assertTrue(again.hasDenseMemory(), "parameters case " + again.getParametersCase());
    assertEquals(DenseInteraction.POWER, again.getDenseMemory().getInteraction());
    assertEquals(3, again.getDenseMemory().getDegree());
    SpinMatrix stored = again.getDenseMemory().getPatterns();
    assertEquals(20, stored.getRows());
    byte[] back = new byte[stored.getSpinsCount()];
    for (int k = 0; k < back.length; k++) {
      back[k] = (byte) stored.getSpins(k);
    }
    assertArrayEquals(xi, back);
    assertEquals("power-3", again.getVariant());
  }

  @Test
  void complete_noisyCue_retrievesThePatternFarAboveHebbianCapacity() {
    // 24 patterns of 64 units (0.375 N, well above the Hebbian 0.138 N), F = x³
    int n = 64;
    int p = 24;
    byte[] xi = randomSpins(p * n, 2);
    Model m = create(spec(p, n, xi, DenseInteraction.POWER, 3));
    for (int mu : new int[] {0, 7, 23}) {
      List<CompleteEvent> events = new ArrayList<>();
      server.sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(5 + mu)
          .setNoisy(NoisyCue.newBuilder().setStoredIndex(mu).setFlipFraction(0.1)).build())
          .forEachRemaining(events::add);
      CompleteResult r = events.get(events.size() - 1).getResult();
      assertEquals(6, r.getHammingToCue(), "10% of 64 units flipped in the cue (rounded)");
      assertArrayEquals(Arrays.copyOfRange(xi, mu * n, (mu + 1) * n), Wire.bytes(r.getCompleted()), "pattern " + mu);
      assertEquals(mu, r.getBestPattern());
      assertEquals(1.0, r.getBestOverlap(), 0);
      assertTrue(r.getConverged());
      assertEquals(-sumOfCubes(xi, p, n, Arrays.copyOfRange(xi, mu * n, (mu + 1) * n)), r.getEnergy(), 1e-9);
    }
    // stochastic completion at a low temperature (relative to D ~ 6·N² per pattern) holds the pattern too
    CompleteEvent last = null;
    var stream = server.sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(9)
        .setMode(CompletionMode.STOCHASTIC).setTemperature(100).setSweeps(20).setAverageLast(10)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(11).setFlipFraction(0.1)).build());
    while (stream.hasNext()) {
      last = stream.next();
    }
    assertArrayEquals(Arrays.copyOfRange(xi, 11 * n, 12 * n), Wire.bytes(last.getResult().getCompleted()));
  }

  private static double sumOfCubes(byte[] xi, int p, int n, byte[] s) {
    double e = 0;
    for (int mu = 0; mu < p; mu++) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        m += xi[mu * n + i] * s[i];
      }
      e += m * m * m;
    }
    return e;
  }

  /** −log Σ_μ exp(ξ_μ·σ) by a direct sum (N is small). */
  private static double expEnergy(byte[] xi, int p, int n, int state) {
    double sum = 0;
    for (int mu = 0; mu < p; mu++) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        m += xi[mu * n + i] * (((state >>> i) & 1) == 1 ? 1 : -1);
      }
      sum += Math.exp(m);
    }
    return -Math.log(sum);
  }

  @Test
  void exactSummaryAndAnnealing_matchABruteForceSum() {
    int n = 12;
    int p = 4;
    byte[] xi = randomSpins(p * n, 3);
    Model m = create(spec(p, n, xi, DenseInteraction.EXPONENTIAL, 0));
    assertEquals("exponential", m.getVariant());
    double t = 1.5;
    double ground = Double.POSITIVE_INFINITY;
    for (int s = 0; s < 1 << n; s++) {
      ground = Math.min(ground, expEnergy(xi, p, n, s));
    }
    double z = 0;
    double plus0 = 0;
    for (int s = 0; s < 1 << n; s++) {
      double w = Math.exp(-(expEnergy(xi, p, n, s) - ground) / t);
      z += w;
      plus0 += (s & 1) == 1 ? w : 0;
    }
    ExactSummaryResponse exact = server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(t).setMaxGroundStates(8).build());
    assertEquals(Math.log(z) - ground / t, exact.getLogZ(), 1e-10);
    assertEquals(plus0 / z, exact.getMarginals(0).getValues(0), 1e-10);
    assertEquals(ground, exact.getGroundEnergy(), 1e-10);
    assertEquals(n, exact.getUnits());

    List<AnnealEvent> events = new ArrayList<>();
    server.sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(8).setSeed(4)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(5).setTEnd(0.02)
            .setSteps(40)).setSweepsPerTemperature(5))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY)).build())
        .forEachRemaining(events::add);
    AnnealResult result = events.get(events.size() - 1).getResult();
    assertEquals(ground, result.getBest().getEnergy(), 1e-9, "annealing reaches the exact ground energy");
    byte[] best = Wire.bytes(result.getBest().getLayers(0));
    int state = 0;
    for (int i = 0; i < n; i++) {
      state |= best[i] > 0 ? 1 << i : 0;
    }
    assertEquals(ground, expEnergy(xi, p, n, state), 1e-9, "the reported best state has the reported energy");
  }

  @Test
  void create_invalidSpecs_areRefusedNamingTheFieldAndTheRule() {
    byte[] xi = randomSpins(3 * 8, 4);
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.interaction is required", () -> create(
        DenseMemorySpec.newBuilder().setPatterns(spins(3, 8, xi)).setDegree(3).build()));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.interaction is not a supported function", () -> create(
        DenseMemorySpec.newBuilder().setPatterns(spins(3, 8, xi)).setInteractionValue(9).setDegree(3).build()));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.degree must be >= 2 for POWER (got 1)",
        () -> create(spec(3, 8, xi, DenseInteraction.POWER, 1)));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.degree must be >= 2 for RECTIFIED_POWER (got 0)",
        () -> create(spec(3, 8, xi, DenseInteraction.RECTIFIED_POWER, 0)));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.degree must be 0 (unset) for EXPONENTIAL (got 2)",
        () -> create(spec(3, 8, xi, DenseInteraction.EXPONENTIAL, 2)));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.degree 400 is too high for 3 patterns of 8 units",
        () -> create(spec(3, 8, xi, DenseInteraction.POWER, 400)));
    byte[] bad = xi.clone();
    bad[10] = 0;
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.patterns.spins[10] must be -1 or +1 (got 0)",
        () -> create(spec(3, 8, bad, DenseInteraction.POWER, 3)));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.patterns is required", () -> create(
        DenseMemorySpec.newBuilder().setInteraction(DenseInteraction.POWER).setDegree(3).build()));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.patterns.spins must have rows*cols = 24 entries (got 23)",
        () -> create(DenseMemorySpec.newBuilder().setPatterns(spins(3, 8, xi).toBuilder().clearSpins()
            .addAllSpins(spins(3, 8, xi).getSpinsList().subList(0, 23)))
            .setInteraction(DenseInteraction.POWER).setDegree(3).build()));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.patterns needs at least 2 units per pattern (got 1)",
        () -> create(spec(3, 1, new byte[] {1, -1, 1}, DenseInteraction.POWER, 2)));
    expect(Status.Code.INVALID_ARGUMENT, "dense_memory.image_shape height x width must equal the 8 visible units",
        () -> create(spec(3, 8, xi, DenseInteraction.POWER, 3).toBuilder()
            .setImageShape(ImageShape.newBuilder().setHeight(3).setWidth(3)).build()));
    expect(Status.Code.RESOURCE_EXHAUSTED, "above the limit",
        () -> create(spec(1, 65, randomSpins(65, 5), DenseInteraction.POWER, 3)));
    Model m = create(spec(3, 8, xi, DenseInteraction.POWER, 3));
    expect(Status.Code.FAILED_PRECONDITION, "", () -> server.sim.estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(m.getId()).setChains(10).build()).next());
  }
}
