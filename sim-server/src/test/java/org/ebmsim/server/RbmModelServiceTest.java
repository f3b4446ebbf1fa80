package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.ebmsim.server.RbmTestServer.randomSpins;
import static org.ebmsim.server.RbmTestServer.spins;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** CreateModel / GetModel / restart for RBM specs, and the edge validation of RbmSpec. */
class RbmModelServiceTest {
  private static final int V = 6;
  private static final int H = 3;

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

  private Model create(String name, RbmSpec spec) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName(name).setRbm(spec).build());
  }

  private Model full(String id) {
    return server.models.getModel(GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build());
  }

  private static RbmSpec.Builder spec(RbmVariant variant, long seed) {
    RbmSpec.Builder b = RbmSpec.newBuilder().setVariant(variant).setWeights(matrix(V, H, gaussian(V * H, 0.3, seed)));
    for (double x : gaussian(V, 0.1, seed + 1)) {
      b.addVisibleBias(x);
    }
    for (double x : gaussian(H, 0.1, seed + 2)) {
      b.addHiddenBias(x);
    }
    return b;
  }

  @Test
  void createAndGet_eachVariant_reportsShapeAndReturnsParametersOnlyWhenAsked() {
    for (RbmVariant variant : List.of(RbmVariant.BINARY, RbmVariant.SPIN, RbmVariant.BINARY_GAUSSIAN,
        RbmVariant.GAUSSIAN_BERNOULLI)) {
      RbmSpec.Builder spec = spec(variant, variant.getNumber() * 10L);
      if (variant == RbmVariant.BINARY_GAUSSIAN) {
        spec.setInverseTemperature(2.5);
      }
      if (variant == RbmVariant.GAUSSIAN_BERNOULLI) {
        spec.addAllVisibleSigma(List.of(0.5, 1.0, 1.5, 2.0, 0.25, 1.0));
      }
      spec.setPatterns(spins(2, V, randomSpins(2 * V, 7))).setImageShape(ImageShape.newBuilder().setHeight(2)
          .setWidth(3));
      Model summary = create("rbm-" + variant, spec.build());
      String what = variant.toString();
      assertAll(what,
          () -> assertEquals("rbm", summary.getFamily()),
          () -> assertEquals(variant.name().toLowerCase().replace('_', '-'), summary.getVariant()),
          () -> assertEquals(List.of("visible", "hidden"), summary.getLayersList().stream().map(l -> l.getName()).toList()),
          () -> assertEquals(V + H, summary.getUnits()),
          () -> assertEquals(V, summary.getVisibleUnits()),
          () -> assertEquals(H, summary.getHiddenUnits()),
          () -> assertEquals(2, summary.getStoredPatterns()),
          () -> assertFalse(summary.hasRbm(), "summary carries no parameters"),
          () -> assertTrue(summary.getCapabilities().getPartitionFunction(), "every RBM variant has an AIS path"),
          () -> assertTrue(summary.getHeldBytes() > 0, "held bytes reported"));

      Model full = full(summary.getId());
      RbmSpec params = full.getRbm();
      assertAll(what,
          () -> assertEquals(spec.getWeights(), params.getWeights()),
          () -> assertEquals(spec.getVisibleBiasList(), params.getVisibleBiasList()),
          () -> assertEquals(spec.getHiddenBiasList(), params.getHiddenBiasList()),
          () -> assertEquals(spec.getVisibleSigmaList(), params.getVisibleSigmaList()),
          () -> assertEquals(variant == RbmVariant.BINARY_GAUSSIAN ? 2.5 : 0, params.getInverseTemperature()),
          () -> assertEquals(spec.getPatterns(), params.getPatterns()),
          () -> assertEquals(spec.getImageShape(), full.getImageShape()));
    }
    List<Model> listed = server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
    assertEquals(4, listed.size(), "models listed");
    listed.forEach(m -> assertFalse(m.hasRbm(), "listed summaries carry no parameters: " + m.getId()));
  }

  @Test
  void createModel_defaults_areStoredExplicitly() {
    Matrix w = matrix(2, 1, 0.5, -0.5);
    RbmSpec bg = full(create("bg", RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN).setWeights(w).build())
        .getId()).getRbm();
    assertEquals(1.0, bg.getInverseTemperature(), "β = 0 means 1");
    assertEquals(List.of(0.0, 0.0), bg.getVisibleBiasList(), "visible bias defaults to zeros");
    assertEquals(List.of(0.0), bg.getHiddenBiasList(), "hidden bias defaults to zeros");
    RbmSpec gb = full(create("gb", RbmSpec.newBuilder().setVariant(RbmVariant.GAUSSIAN_BERNOULLI).setWeights(w)
        .build()).getId()).getRbm();
    assertEquals(List.of(1.0, 1.0), gb.getVisibleSigmaList(), "σ defaults to ones");
    assertEquals(0.0, gb.getInverseTemperature(), "β is reported for BINARY_GAUSSIAN only");
  }

  @Test
  void restart_keepsRbmWithItsParameters() throws Exception {
    RbmSpec spec = spec(RbmVariant.GAUSSIAN_BERNOULLI, 3).addAllVisibleSigma(List.of(0.5, 1.0, 1.5, 2.0, 0.25, 1.0))
        .setPatterns(spins(1, V, randomSpins(V, 4))).build();
    Model bg = create("bg", spec(RbmVariant.BINARY_GAUSSIAN, 5).setInverseTemperature(0.75).build());
    Model gb = create("gb", spec);
    Model bgBefore = full(bg.getId());
    Model gbBefore = full(gb.getId());
    server.close();
    server = RbmTestServer.start(dataDir);
    assertEquals(bgBefore, full(bg.getId()), "BINARY_GAUSSIAN RBM after restart");
    assertEquals(gbBefore, full(gb.getId()), "GAUSSIAN_BERNOULLI RBM after restart");
    // the reloaded model is usable, not just listed: its RBM is rebuilt from the stored parameters
    assertEquals(V + H, server.sim.exactSummary(org.ebmsim.proto.v1.ExactSummaryRequest.newBuilder()
        .setModelId(gb.getId()).build()).getUnits());
  }

  /** One invalid spec: what to change in a valid BINARY spec, the expected code and message fragment. */
  private record Case(String what, UnaryOperator<RbmSpec.Builder> change, Status.Code code, String fragment) {}

  private static Case invalid(String what, UnaryOperator<RbmSpec.Builder> change, String fragment) {
    return new Case(what, change, Status.Code.INVALID_ARGUMENT, fragment);
  }

  @Test
  void createModel_invalidRbmSpec_isRefusedNamingFieldAndRule() {
    double[] w = gaussian(V * H, 0.3, 1);
    double[] nan = w.clone();
    nan[1] = Double.NaN;
    double[] inf = w.clone();
    inf[H] = Double.POSITIVE_INFINITY;
    int over = RbmTestServer.MAX_UNITS;
    List<Case> cases = new ArrayList<>(List.of(
        invalid("variant unset", b -> b.clearVariant(), "rbm.variant must be set"),
        invalid("weights missing", b -> b.clearWeights(), "rbm.weights is required"),
        invalid("weights count", b -> b.setWeights(matrix(V, H, 1, 2, 3)), "rbm.weights.values must have rows*cols"),
        invalid("weights empty shape", b -> b.setWeights(matrix(0, H)), "rbm.weights must have at least one row"),
        invalid("weights NaN", b -> b.setWeights(matrix(V, H, nan)), "rbm.weights[0][1] must be finite"),
        invalid("weights Inf", b -> b.setWeights(matrix(V, H, inf)), "rbm.weights[1][0] must be finite"),
        invalid("visible bias length", b -> b.addVisibleBias(0), "rbm.visible_bias must have 6 entries"),
        invalid("hidden bias length", b -> b.clearHiddenBias().addHiddenBias(1), "rbm.hidden_bias must have 3 entries"),
        invalid("hidden bias NaN", b -> b.setHiddenBias(2, Double.NaN), "rbm.hidden_bias[2] must be finite"),
        invalid("β for BINARY", b -> b.setInverseTemperature(2), "rbm.inverse_temperature applies only to"
            + " BINARY_GAUSSIAN"),
        invalid("β NaN for SPIN", b -> b.setVariant(RbmVariant.SPIN).setInverseTemperature(Double.NaN),
            "rbm.inverse_temperature applies only"),
        invalid("β negative", b -> b.setVariant(RbmVariant.BINARY_GAUSSIAN).setInverseTemperature(-1),
            "rbm.inverse_temperature must be finite and > 0"),
        invalid("β NaN", b -> b.setVariant(RbmVariant.BINARY_GAUSSIAN).setInverseTemperature(Double.NaN),
            "rbm.inverse_temperature must be finite and > 0"),
        invalid("β Inf", b -> b.setVariant(RbmVariant.BINARY_GAUSSIAN)
            .setInverseTemperature(Double.POSITIVE_INFINITY), "rbm.inverse_temperature must be finite and > 0"),
        invalid("σ for SPIN", b -> b.setVariant(RbmVariant.SPIN).addAllVisibleSigma(List.of(1.0, 1.0, 1.0, 1.0, 1.0,
            1.0)), "rbm.visible_sigma applies only to GAUSSIAN_BERNOULLI"),
        invalid("σ length", b -> b.setVariant(RbmVariant.GAUSSIAN_BERNOULLI).addVisibleSigma(1),
            "rbm.visible_sigma must have 6 entries"),
        invalid("σ zero", b -> b.setVariant(RbmVariant.GAUSSIAN_BERNOULLI).addAllVisibleSigma(List.of(1.0, 0.0, 1.0,
            1.0, 1.0, 1.0)), "rbm.visible_sigma[1] must be > 0"),
        invalid("σ negative", b -> b.setVariant(RbmVariant.GAUSSIAN_BERNOULLI).addAllVisibleSigma(List.of(1.0, 1.0,
            -2.0, 1.0, 1.0, 1.0)), "rbm.visible_sigma[2] must be > 0"),
        invalid("σ NaN", b -> b.setVariant(RbmVariant.GAUSSIAN_BERNOULLI).addAllVisibleSigma(List.of(Double.NaN, 1.0,
            1.0, 1.0, 1.0, 1.0)), "rbm.visible_sigma[0] must be finite"),
        invalid("patterns columns", b -> b.setPatterns(spins(1, V - 1, randomSpins(V - 1, 1))),
            "rbm.patterns must have 6 columns"),
        invalid("patterns count", b -> b.setPatterns(spins(2, V, randomSpins(V, 1))),
            "rbm.patterns.spins must have rows*cols = 12"),
        invalid("patterns not ±1", b -> b.setPatterns(spins(1, V, new byte[] {1, 0, 1, 1, 1, 1})),
            "rbm.patterns.spins[1] must be -1 or +1"),
        invalid("patterns no rows", b -> b.setPatterns(spins(0, V, new byte[0])),
            "rbm.patterns must have at least one row"),
        invalid("image shape", b -> b.setImageShape(ImageShape.newBuilder().setHeight(2).setWidth(2)),
            "rbm.image_shape height x width must equal the 6 visible units"),
        // limits are checked on the declared shape, before the values are even looked at
        new Case("V + H above max-units", b -> b.setWeights(matrix(over - 2, 3)), Status.Code.RESOURCE_EXHAUSTED,
            "visible + hidden units = " + (over + 1) + " is above the limit of " + over),
        new Case("V above max-units", b -> b.setWeights(matrix(over + 1, 1)), Status.Code.RESOURCE_EXHAUSTED,
            "above the limit of " + over),
        new Case("H huge (unsigned)", b -> b.setWeights(matrix(1, -1)), Status.Code.RESOURCE_EXHAUSTED,
            "1 x 4294967295")));
    List<Executable> checks = new ArrayList<>();
    for (Case c : cases) {
      RbmSpec.Builder b = RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(matrix(V, H, w))
          .addAllHiddenBias(List.of(0.0, 0.0, 0.0));
      RbmSpec bad = c.change().apply(b).build();
      checks.add(() -> {
        try {
          expect(c.code(), c.fragment(), () -> create("bad", bad));
        } catch (AssertionError e) {
          throw new AssertionError(c.what() + ": " + e.getMessage(), e);
        }
      });
    }
    assertAll(checks);
    assertTrue(server.models.listModels(ListModelsRequest.getDefaultInstance()).getModelsList().isEmpty(),
        "nothing stored by refused requests");
  }
}
