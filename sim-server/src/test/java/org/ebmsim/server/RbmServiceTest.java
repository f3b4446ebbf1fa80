package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.ebmsim.server.RbmTestServer.randomSpins;
import static org.ebmsim.server.RbmTestServer.spins;
import static org.ebmsim.server.RbmTestServer.values;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.Orthogonalization;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.StorageRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * RbmService over an in-process server: the Hopfield → RBM map checked against the projection
 * rule and exact partition functions, the reverse map from the exact start, and the validation
 * of both requests.
 */
class RbmServiceTest {
  private static final int N = 16;
  private static final int P = 4;
  private static final double BETA = 2;

  @TempDir Path dataDir;
  private RbmTestServer server;
  /** ξ, one pattern per row (P × N), and the projection Hopfield network storing them. */
  private byte[] xi;
  private Model hopfield;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
    xi = randomSpins(P * N, 2024);
    hopfield = server.models.createModel(CreateModelRequest.newBuilder().setName("h").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(spins(P, N, xi)).setRule(StorageRule.PROJECTION)).build());
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private Model full(String id) {
    return server.models.getModel(GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build());
  }

  private MapHopfieldToRbmResponse mapStored(Orthogonalization method) {
    return server.rbm.mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(hopfield.getId())
        .setMethod(method).setInverseTemperature(BETA).build());
  }

  /** WWᵀ (N × N) of a V × H row-major W. */
  private static double[] outer(double[] w, int v, int h) {
    double[] j = new double[v * v];
    for (int a = 0; a < v; a++) {
      for (int b = 0; b < v; b++) {
        for (int m = 0; m < h; m++) {
          j[a * v + b] += w[a * h + m] * w[b * h + m];
        }
      }
    }
    return j;
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int k = 0; k < expected.length; k++) {
      if (Math.abs(expected[k] - actual[k]) > tolerance) {
        fail(what + "[" + k + "]: expected " + expected[k] + " but was " + actual[k] + " (tolerance " + tolerance + ")");
      }
    }
  }

  @Test
  void mapHopfieldToRbm_storedNetwork_givesOrthonormalWeightsWhoseProjectorIsTheProjectionRule() {
    MapHopfieldToRbmResponse qr = mapStored(Orthogonalization.QR);
    Model summary = qr.getRbm();
    assertAll("registered RBM summary",
        () -> assertEquals("rbm", summary.getFamily()),
        () -> assertEquals("binary-gaussian", summary.getVariant()),
        () -> assertEquals(N + P, summary.getUnits()),
        () -> assertEquals(N, summary.getVisibleUnits()),
        () -> assertEquals(P, summary.getHiddenUnits()),
        () -> assertEquals(P, summary.getStoredPatterns()),
        () -> assertEquals("h-rbm", summary.getName()));
    RbmSpec rbm = full(summary.getId()).getRbm();
    assertEquals(BETA, rbm.getInverseTemperature());
    assertEquals(spins(P, N, xi), rbm.getPatterns(), "patterns stored on the RBM");
    double[] w = values(rbm.getWeights());

    double[] gram = new double[P * P]; // WᵀW
    double[] identity = new double[P * P];
    for (int a = 0; a < P; a++) {
      identity[a * P + a] = 1;
      for (int b = 0; b < P; b++) {
        for (int i = 0; i < N; i++) {
          gram[a * P + b] += w[i * P + a] * w[i * P + b];
        }
      }
    }
    assertClose(identity, gram, 1e-10, "WᵀW");
    double[] projector = HopfieldRules.projectionWithDiagonal(P, N, xi); // ξ(ξᵀξ)⁻¹ξᵀ by Cholesky
    assertClose(projector, outer(w, N, P), 1e-10, "WWᵀ vs ξ(ξᵀξ)⁻¹ξᵀ");

    // ξ = W X* with X* = R: upper triangular, positive diagonal
    double[] r = values(qr.getPatternTransform());
    assertEquals(P, qr.getPatternTransform().getRows());
    for (int i = 0; i < N; i++) {
      for (int mu = 0; mu < P; mu++) {
        double s = 0;
        for (int k = 0; k < P; k++) {
          s += w[i * P + k] * r[k * P + mu];
        }
        assertEquals(xi[mu * N + i], s, 1e-10, "(W X*)[" + i + "][" + mu + "] = ξ^" + mu + "_" + i);
      }
    }
    for (int a = 0; a < P; a++) {
      assertTrue(r[a * P + a] > 0, "R[" + a + "][" + a + "] = " + r[a * P + a] + " should be > 0");
      for (int b = 0; b < a; b++) {
        assertEquals(0, r[a * P + b], 1e-12, "R[" + a + "][" + b + "] below the diagonal");
      }
    }

    for (Orthogonalization method : List.of(Orthogonalization.SVD, Orthogonalization.SYMMETRIC_ROOT)) {
      MapHopfieldToRbmResponse other = server.rbm.mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder()
          .setPatterns(spins(P, N, xi)).setMethod(method).setInverseTemperature(BETA).build());
      assertEquals("patterns-rbm", other.getRbm().getName());
      double[] wOther = values(full(other.getRbm().getId()).getRbm().getWeights());
      assertClose(outer(w, N, P), outer(wOther, N, P), 1e-10, method + " WWᵀ vs QR WWᵀ");
    }
  }

  @Test
  void exactSummary_mappedRbm_logZVisibleEqualsHopfieldWithSelfCouplings() {
    Model rbm = mapStored(Orthogonalization.QR).getRbm();
    ExactSummaryResponse fromRbm = server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(rbm.getId())
        .build());
    ExactSummaryResponse fromHopfield = server.sim.exactSummary(ExactSummaryRequest.newBuilder()
        .setModelId(hopfield.getId()).setTemperature(1 / BETA).build());
    // The stored projection network zeroes the diagonal; trace(J) = p adds βp/2 to log Z.
    double expected = fromHopfield.getLogZ() + BETA * 0.5 * P;
    double logZVisible = fromRbm.getLogZVisible();
    assertEquals(expected, logZVisible, 1e-9 * Math.abs(expected), "log Z_visible vs Hopfield log Z + βp/2");
    assertEquals(logZVisible, fromRbm.getLogZ(), 0, "log_z is log Z_visible for BINARY_GAUSSIAN");
    assertEquals(logZVisible - 0.5 * P * Math.log(BETA / (2 * Math.PI)), fromRbm.getLogZJoint(), 1e-12,
        "log Z_joint = log Z_visible − (p/2) log(β/2π)");
    assertEquals(N + P, fromRbm.getUnits());
    double[] half = new double[N];
    java.util.Arrays.fill(half, 0.5);
    // no biases: the law is symmetric under s → −s
    assertClose(half, fromRbm.getMarginals(0).getValuesList().stream().mapToDouble(Double::doubleValue).toArray(), 1e-12,
        "P(s_i = +1)");
  }

  @Test
  void mapRbmToHopfield_fromTheExactTransform_recoversThePatternsAsFixedPointsAndRegistersThem() {
    MapHopfieldToRbmResponse mapped = mapStored(Orthogonalization.QR);
    MapRbmToHopfieldResponse back = server.rbm.mapRbmToHopfield(MapRbmToHopfieldRequest.newBuilder()
        .setRbmModelId(mapped.getRbm().getId()).setStart(MapRbmToHopfieldRequest.Start.GIVEN)
        .setInitialTransform(mapped.getPatternTransform()).setRegisterHopfield(true).build());

    assertEquals(P, back.getPatterns().getRows());
    assertEquals(N, back.getPatterns().getCols());
    // B = sgn(WX) is ξ up to the order and sign of its patterns (columns of WX)
    boolean[] used = new boolean[P];
    for (int r = 0; r < P; r++) {
      int match = -1;
      for (int mu = 0; mu < P && match < 0; mu++) {
        int overlap = 0;
        for (int i = 0; i < N; i++) {
          overlap += back.getPatterns().getSpins(r * N + i) * xi[mu * N + i];
        }
        if (!used[mu] && Math.abs(overlap) == N) {
          match = mu;
        }
      }
      assertTrue(match >= 0, "recovered pattern " + r + " " + back.getPatterns().getSpinsList().subList(r * N,
          (r + 1) * N) + " matches no stored pattern up to sign");
      used[match] = true;
    }
    assertEquals(List.of(true, true, true, true), back.getFixedPointsList(), "fixed points");
    assertTrue(back.getBinarizationError() < 1e-12, "‖WX − sgn(WX)‖² = " + back.getBinarizationError()
        + " from the exact start");
    assertEquals(P, back.getTransform().getRows());
    assertEquals(P, back.getTransform().getCols());

    Model registered = back.getHopfield();
    assertAll("registered Hopfield network",
        () -> assertEquals("hopfield", registered.getFamily()),
        () -> assertEquals("projection", registered.getVariant()),
        () -> assertEquals(N, registered.getUnits()),
        () -> assertEquals(P, registered.getStoredPatterns()),
        () -> assertEquals("h-rbm-hopfield", registered.getName()));
    HopfieldParameters stored = full(registered.getId()).getHopfield();
    assertEquals(back.getPatterns(), stored.getPatterns(), "stored patterns are the recovered ones");
    byte[] recovered = new byte[P * N];
    for (int k = 0; k < recovered.length; k++) {
      recovered[k] = (byte) back.getPatterns().getSpins(k);
    }
    // the same patterns up to sign and order give the same projector: the original network's weights
    assertClose(values(full(hopfield.getId()).getHopfield().getWeights()), values(stored.getWeights()), 1e-10,
        "registered projection weights vs the original network's");
    assertClose(HopfieldRules.projection(P, N, recovered), values(stored.getWeights()), 1e-12,
        "registered weights vs projection rule of the recovered patterns");
  }

  /** A call that must fail, with what it is for the failure message. */
  private record Case(String what, Status.Code code, String fragment, Executable call) {}

  @Test
  void mapRequests_invalid_areRefusedNamingFieldAndRule() {
    Model fromWeights = server.models.createModel(CreateModelRequest.newBuilder().setName("w").setHopfieldWeights(
        HopfieldFromWeights.newBuilder().setWeights(matrix(2, 2, 0, 1, 1, 0))).build());
    Model boltzmann = server.models.createModel(CreateModelRequest.newBuilder().setName("b").setBoltzmann(
        BoltzmannFromWeights.newBuilder().setWeights(matrix(3, 3, 0, 1, 0, 1, 0, 1, 0, 1, 0)).setVisibleUnits(2))
        .build());
    Model binary = server.models.createModel(CreateModelRequest.newBuilder().setName("bin").setRbm(
        RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(matrix(3, 2, 1, 2, 3, 4, 5, 6))).build());
    // both hidden units see the same weights, so sgn(WX) has two equal (dependent) columns
    Model twin = server.models.createModel(CreateModelRequest.newBuilder().setName("twin").setRbm(
        RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN).setWeights(matrix(4, 2, 0.5, 0.5, -0.5, -0.5,
            0.5, 0.5, 0.5, 0.5))).build());
    Model square = server.models.createModel(CreateModelRequest.newBuilder().setName("sq").setRbm(
        RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN).setWeights(matrix(2, 2, 1, 0, 0, 1))).build());
    String bg = mapStored(Orthogonalization.QR).getRbm().getId();
    int before = server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount();

    byte[] dependent = new byte[2 * N];
    System.arraycopy(xi, 0, dependent, 0, N);
    System.arraycopy(xi, 0, dependent, N, N);
    byte[] notSpin = xi.clone();
    notSpin[5] = 0;
    var toRbm = MapHopfieldToRbmRequest.newBuilder().setHopfieldModelId(hopfield.getId());
    var toHopfield = MapRbmToHopfieldRequest.newBuilder().setRbmModelId(bg);
    var given = MapRbmToHopfieldRequest.Start.GIVEN;
    int over = RbmTestServer.MAX_UNITS;
    Status.Code invalid = Status.Code.INVALID_ARGUMENT;
    Status.Code precondition = Status.Code.FAILED_PRECONDITION;
    List<Case> cases = List.of(
        // MapHopfieldToRbm
        new Case("no source", invalid, "source must be set",
            () -> server.rbm.mapHopfieldToRbm(MapHopfieldToRbmRequest.getDefaultInstance())),
        new Case("unknown model", Status.Code.NOT_FOUND, "m-0000000000000000 not found",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setHopfieldModelId("m-0000000000000000").build())),
        new Case("p >= N", invalid, "patterns: the pattern count p (rows) must be < N",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setPatterns(spins(3, 3, randomSpins(9, 1))).build())),
        new Case("dependent patterns", invalid, "linearly independent",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setPatterns(spins(2, N, dependent)).build())),
        new Case("patterns not ±1", invalid, "patterns.spins[5] must be -1 or +1",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setPatterns(spins(P, N, notSpin)).build())),
        new Case("patterns count", invalid, "patterns.spins must have rows*cols",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setPatterns(spins(P, N, new byte[3])).build())),
        new Case("patterns above max-units", Status.Code.RESOURCE_EXHAUSTED, "above the limit of " + over,
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setPatterns(spins(10, over - 5, new byte[0])).build())),
        new Case("β NaN", invalid, "inverse_temperature must be finite and > 0",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setInverseTemperature(Double.NaN).build())),
        new Case("β negative", invalid, "inverse_temperature must be finite and > 0",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setInverseTemperature(-2).build())),
        new Case("β Inf", invalid, "inverse_temperature must be finite and > 0",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setInverseTemperature(Double.POSITIVE_INFINITY).build())),
        new Case("unknown method", invalid, "method must be QR, SVD or SYMMETRIC_ROOT",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setMethodValue(9).build())),
        new Case("bad name", invalid, "name must be 1..128 characters",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setName("a b").build())),
        new Case("Hopfield without patterns", precondition, "has no stored patterns",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setHopfieldModelId(fromWeights.getId()).build())),
        new Case("RBM as source", precondition, "(RBM (binary), 3 visible x 2 hidden units) is not a Hopfield network",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setHopfieldModelId(binary.getId()).build())),
        new Case("Boltzmann machine as source", precondition, "(Boltzmann machine, 2 visible x 1 hidden units) is not a Hopfield network",
            () -> server.rbm.mapHopfieldToRbm(toRbm.clone().setHopfieldModelId(boltzmann.getId()).build())),
        // MapRbmToHopfield
        new Case("no model id", invalid, "rbm_model_id is required",
            () -> server.rbm.mapRbmToHopfield(MapRbmToHopfieldRequest.getDefaultInstance())),
        new Case("unknown RBM", Status.Code.NOT_FOUND, "not found",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setRbmModelId("m-0000000000000001").build())),
        new Case("Hopfield as RBM", precondition, "needs a BINARY_GAUSSIAN RBM",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setRbmModelId(hopfield.getId()).build())),
        new Case("BINARY RBM", precondition, "is not a binary-Gaussian RBM; MapRbmToHopfield needs a BINARY_GAUSSIAN RBM",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setRbmModelId(binary.getId()).build())),
        new Case("learning rate huge (diverges)", invalid, "learning_rate must be finite and > 0 (at most 1000)",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setLearningRate(1e300).build())),
        new Case("α NaN", invalid, "alpha must be finite and > 0",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setAlpha(Double.NaN).build())),
        new Case("α negative", invalid, "alpha must be finite and > 0",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setAlpha(-1).build())),
        new Case("learning rate Inf", invalid, "learning_rate must be finite and > 0",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setLearningRate(Double.POSITIVE_INFINITY).build())),
        new Case("steps", Status.Code.RESOURCE_EXHAUSTED, "steps is 1000001, above the limit of 1000000",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setSteps(1_000_001).build())),
        new Case("unknown start", invalid, "start must be IDENTITY, RANDOM or GIVEN",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setStartValue(7).build())),
        new Case("GIVEN without transform", invalid, "initial_transform is required for start = GIVEN",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setStart(given).build())),
        new Case("GIVEN wrong shape", invalid, "initial_transform must be H x H = 4 x 4 (got 3 x 4)",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setStart(given)
                .setInitialTransform(matrix(3, 4, new double[12])).build())),
        new Case("GIVEN NaN entry", invalid, "initial_transform[1][2] must be finite",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setStart(given)
                .setInitialTransform(matrix(4, 4, 1, 0, 0, 0, 0, 1, Double.NaN, 0, 0, 0, 1, 0, 0, 0, 0, 1)).build())),
        new Case("transform without GIVEN", invalid, "initial_transform is used only with start = GIVEN",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setInitialTransform(matrix(4, 4, new double[16]))
                .build())),
        new Case("name without register", invalid, "name is used only with register_hopfield",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setName("x").build())),
        new Case("bad name", invalid, "name must be 1..128 characters",
            () -> server.rbm.mapRbmToHopfield(toHopfield.clone().setRegisterHopfield(true).setName("a/b").build())),
        new Case("dependent recovered patterns", precondition, "recovered patterns sgn(WX) are linearly dependent",
            () -> server.rbm.mapRbmToHopfield(MapRbmToHopfieldRequest.newBuilder().setRbmModelId(twin.getId())
                .setSteps(1).setRegisterHopfield(true).build())),
        new Case("H >= V", precondition, "needs fewer patterns than units (H < V)",
            () -> server.rbm.mapRbmToHopfield(MapRbmToHopfieldRequest.newBuilder().setRbmModelId(square.getId())
                .setSteps(1).setRegisterHopfield(true).build())));
    List<Executable> checks = new ArrayList<>();
    for (Case c : cases) {
      checks.add(() -> {
        try {
          expect(c.code(), c.fragment(), c.call());
        } catch (AssertionError e) {
          throw new AssertionError(c.what() + ": " + e.getMessage(), e);
        }
      });
    }
    assertAll(checks);
    assertEquals(before, server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount(),
        "refused requests register nothing");
  }

  @Test
  void mapRbmToHopfield_withoutRegistering_usesTheDefaultsAndRegistersNothing() {
    String rbm = mapStored(Orthogonalization.SVD).getRbm().getId();
    int before = server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount();
    MapRbmToHopfieldResponse back = server.rbm.mapRbmToHopfield(MapRbmToHopfieldRequest.newBuilder()
        .setRbmModelId(rbm).build());
    assertEquals(P * N, back.getPatterns().getSpinsCount());
    assertEquals(P, back.getFixedPointsCount());
    assertTrue(back.getRelaxedError() >= 0 && Double.isFinite(back.getRelaxedError()),
        "relaxed error " + back.getRelaxedError());
    assertTrue(!back.hasHopfield(), "no Hopfield network without register_hopfield");
    assertEquals(before, server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsCount());
    // same request, same answer: the descent is deterministic from IDENTITY
    assertArrayEquals(values(back.getTransform()), values(server.rbm.mapRbmToHopfield(
        MapRbmToHopfieldRequest.newBuilder().setRbmModelId(rbm).build()).getTransform()));
  }
}
