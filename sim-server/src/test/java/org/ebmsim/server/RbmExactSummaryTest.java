package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExactSummary of RBM models against the dynamics' exact enumeration and a brute-force sum. */
class RbmExactSummaryTest {
  private static final int V = 5;
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

  private Model create(RbmSpec spec) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("r").setRbm(spec).build());
  }

  private ExactSummaryResponse summary(String id, double temperature) {
    return server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(id).setTemperature(temperature)
        .build());
  }

  private static double[] array(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void exactSummary_binaryRbm_equalsEnumerationAndBruteForce() {
    double[] w = gaussian(V * H, 0.8, 11);
    double[] b = gaussian(V, 0.5, 12);
    double[] c = gaussian(H, 0.5, 13);
    RbmSpec.Builder spec = RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(matrix(V, H, w));
    java.util.Arrays.stream(b).forEach(spec::addVisibleBias);
    java.util.Arrays.stream(c).forEach(spec::addHiddenBias);
    ExactSummaryResponse s = summary(create(spec.build()).getId(), 0);

    // brute force over all 2^(V+H) joint states of E(v,h) = −bᵀv − cᵀh − vᵀWh
    double z = 0;
    double[] pOn = new double[V];
    for (int vs = 0; vs < 1 << V; vs++) {
      for (int hs = 0; hs < 1 << H; hs++) {
        double e = 0;
        for (int i = 0; i < V; i++) {
          int vi = (vs >> i) & 1;
          e -= b[i] * vi;
          for (int j = 0; j < H; j++) {
            e -= vi * w[i * H + j] * ((hs >> j) & 1);
          }
        }
        for (int j = 0; j < H; j++) {
          e -= c[j] * ((hs >> j) & 1);
        }
        double weight = Math.exp(-e);
        z += weight;
        for (int i = 0; i < V; i++) {
          pOn[i] += ((vs >> i) & 1) * weight;
        }
      }
    }
    assertEquals(Math.log(z), s.getLogZ(), 1e-12 * Math.abs(Math.log(z)), "log Z vs brute force");
    assertEquals(s.getLogZ(), s.getLogZJoint(), 0, "log Z_joint = log Z for BINARY");
    assertEquals(s.getLogZ(), s.getLogZVisible(), 0, "log Z_visible = log Z for BINARY");
    assertEquals(V + H, s.getUnits());
    double[] marginals = array(s.getMarginals(0).getValuesList());
    for (int i = 0; i < V; i++) {
      assertEquals(pOn[i] / z, marginals[i], 1e-12, "P(v_" + i + " = 1)");
    }
  }

  @Test
  void exactSummary_everyVariant_equalsDynamicsExactEnumeration() {
    double[] w = gaussian(V * H, 0.6, 21);
    double[] b = gaussian(V, 0.4, 22);
    double[] c = gaussian(H, 0.4, 23);
    double[] sigma = {0.5, 1.0, 1.5, 0.75, 2.0};
    RbmEnumeration exact = new RbmEnumeration(20);
    for (RbmVariant variant : List.of(RbmVariant.BINARY, RbmVariant.SPIN, RbmVariant.BINARY_GAUSSIAN,
        RbmVariant.GAUSSIAN_BERNOULLI)) {
      RbmSpec.Builder spec = RbmSpec.newBuilder().setVariant(variant).setWeights(matrix(V, H, w));
      java.util.Arrays.stream(b).forEach(spec::addVisibleBias);
      java.util.Arrays.stream(c).forEach(spec::addHiddenBias);
      Rbm rbm = switch (variant) {
        case BINARY -> BinaryRbm.of(V, H, w, b, c);
        case SPIN -> SpinRbm.of(V, H, w, b, c);
        case BINARY_GAUSSIAN -> {
          spec.setInverseTemperature(1.7);
          yield BinaryGaussianRbm.of(V, H, w, b, c, 1.7);
        }
        default -> {
          java.util.Arrays.stream(sigma).forEach(spec::addVisibleSigma);
          yield GaussianBernoulliRbm.of(V, H, w, b, c, sigma);
        }
      };
      ExactSummaryResponse s = summary(create(spec.build()).getId(), 1);
      RbmEnumeration.LogPartition logZ = exact.logPartition(rbm);
      double[] means = exact.visibleMoments(rbm).means();
      assertEquals(logZ.visible(), s.getLogZ(), 1e-12 * Math.abs(logZ.visible()), variant + " log_z");
      assertEquals(logZ.visible(), s.getLogZVisible(), 1e-12 * Math.abs(logZ.visible()), variant + " log_z_visible");
      assertEquals(logZ.joint(), s.getLogZJoint(), 1e-12 * Math.abs(logZ.joint()), variant + " log_z_joint");
      double[] marginals = array(s.getMarginals(0).getValuesList());
      boolean spins = variant == RbmVariant.SPIN || variant == RbmVariant.BINARY_GAUSSIAN;
      for (int i = 0; i < V; i++) {
        double expected = spins ? 0.5 * (1 + means[i]) : means[i];
        assertEquals(expected, marginals[i], 1e-12, variant + " marginal " + i);
      }
    }
  }

  @Test
  void exactSummary_layerAboveTheLimit_isResourceExhausted_andOtherTemperaturesAreRefused() {
    int big = 21; // exact-max-units defaults to 20
    Model binary = create(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY)
        .setWeights(matrix(big, big, new double[big * big])).build());
    expect(Status.Code.RESOURCE_EXHAUSTED, "2^21 states", () -> summary(binary.getId(), 0));
    Model bg = create(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN)
        .setWeights(matrix(big, 2, new double[big * 2])).build());
    expect(Status.Code.RESOURCE_EXHAUSTED, "exact-max-units", () -> summary(bg.getId(), 0));
    // Gaussian–Bernoulli enumerates the hidden bits: 40 real visible units are no obstacle
    Model gb = create(RbmSpec.newBuilder().setVariant(RbmVariant.GAUSSIAN_BERNOULLI)
        .setWeights(matrix(40, 2, new double[80])).build());
    assertEquals(42, summary(gb.getId(), 0).getUnits());

    Model small = create(RbmSpec.newBuilder().setVariant(RbmVariant.SPIN).setWeights(matrix(2, 1, 1, 1)).build());
    expect(Status.Code.INVALID_ARGUMENT, "RBM exact summaries are at the model's own temperature",
        () -> summary(small.getId(), 2));
    expect(Status.Code.INVALID_ARGUMENT, "max_ground_states must be in [0, 1024]",
        () -> server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(small.getId())
            .setMaxGroundStates(2000).build()));
  }
}
