package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.LayerMarginals;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep Boltzmann machine over gRPC, checked against a brute-force sum over all 2^12 joint
 * states written here: the exact summary (log Z and every layer's marginals at two
 * temperatures), annealing to the ground energy with all three layers reported, and a precise
 * refusal of AIS, which the family does not offer.
 */
class DbmEndToEndTest {
  private static final int[] SIZES = {5, 4, 3};

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

  private static DbmSpec spec(DbmUnits units, long seed) {
    Random r = new Random(seed);
    DbmSpec.Builder b = DbmSpec.newBuilder().setUnits(units);
    for (int l = 0; l + 1 < SIZES.length; l++) {
      double[] w = new double[SIZES[l] * SIZES[l + 1]];
      for (int k = 0; k < w.length; k++) {
        w[k] = r.nextGaussian();
      }
      b.addWeights(matrix(SIZES[l], SIZES[l + 1], w));
    }
    for (int size : SIZES) {
      Bias.Builder bias = Bias.newBuilder();
      for (int i = 0; i < size; i++) {
        bias.addValues(0.5 * r.nextGaussian());
      }
      b.addBiases(bias);
    }
    return b.build();
  }

  /** Unit values of joint state {@code code}, layer by layer. */
  private static double[][] state(int code, boolean spins) {
    double[][] s = new double[SIZES.length][];
    int bit = 0;
    for (int l = 0; l < SIZES.length; l++) {
      s[l] = new double[SIZES[l]];
      for (int i = 0; i < SIZES[l]; i++, bit++) {
        int on = (code >>> bit) & 1;
        s[l][i] = spins ? 2 * on - 1 : on;
      }
    }
    return s;
  }

  /** E = −Σ_l b_l·s_l − Σ_l s_lᵀ W_l s_{l+1}, from the spec as the client sent it. */
  private static double energy(DbmSpec spec, double[][] s) {
    double e = 0;
    for (int l = 0; l < SIZES.length; l++) {
      for (int i = 0; i < SIZES[l]; i++) {
        e -= spec.getBiases(l).getValues(i) * s[l][i];
      }
    }
    for (int l = 0; l + 1 < SIZES.length; l++) {
      for (int i = 0; i < SIZES[l]; i++) {
        for (int j = 0; j < SIZES[l + 1]; j++) {
          e -= s[l][i] * spec.getWeights(l).getValues(i * SIZES[l + 1] + j) * s[l + 1][j];
        }
      }
    }
    return e;
  }

  private static int joint() {
    int n = 0;
    for (int size : SIZES) {
      n += size;
    }
    return n;
  }

  /** {log Z, ground energy} and P(unit high) per layer, by summing over all joint states. */
  private static double[][][] bruteForce(DbmSpec spec, double t) {
    boolean spins = spec.getUnits() == DbmUnits.DBM_SPIN;
    int states = 1 << joint();
    double ground = Double.POSITIVE_INFINITY;
    for (int c = 0; c < states; c++) {
      ground = Math.min(ground, energy(spec, state(c, spins)));
    }
    double z = 0;
    double[][] high = new double[SIZES.length][];
    for (int l = 0; l < SIZES.length; l++) {
      high[l] = new double[SIZES[l]];
    }
    for (int c = 0; c < states; c++) {
      double[][] s = state(c, spins);
      double w = Math.exp(-(energy(spec, s) - ground) / t);
      z += w;
      for (int l = 0; l < SIZES.length; l++) {
        for (int i = 0; i < SIZES[l]; i++) {
          high[l][i] += s[l][i] > 0 ? w : 0;
        }
      }
    }
    for (double[] layer : high) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] /= z;
      }
    }
    return new double[][][] {{{Math.log(z) - ground / t, ground}}, high};
  }

  private Model create(DbmSpec spec) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("dbm").setDbm(spec).build());
  }

  @Test
  void exactSummary_matchesBruteForce_forBinaryAndSpinUnits_atTwoTemperatures() {
    for (DbmUnits units : new DbmUnits[] {DbmUnits.DBM_BINARY, DbmUnits.DBM_SPIN}) {
      DbmSpec spec = spec(units, 17);
      Model model = create(spec);
      assertEquals("dbm", model.getFamily());
      assertEquals(List.of("visible", "h1", "h2"),
          model.getLayersList().stream().map(l -> l.getName()).toList());
      assertTrue(model.getCapabilities().getExact());
      assertFalse(model.getCapabilities().getPartitionFunction());
      for (double t : new double[] {1.0, 0.4}) {
        double[][][] truth = bruteForce(spec, t);
        ExactSummaryResponse exact = server.sim.exactSummary(ExactSummaryRequest.newBuilder()
            .setModelId(model.getId()).setTemperature(t).build());
        String where = units + " at T = " + t;
        assertEquals(truth[0][0][0], exact.getLogZ(), 1e-10, "log Z, " + where);
        assertEquals(SIZES.length, exact.getMarginalsCount(), where);
        for (int l = 0; l < SIZES.length; l++) {
          LayerMarginals m = exact.getMarginals(l);
          for (int i = 0; i < SIZES[l]; i++) {
            assertEquals(truth[1][l][i], m.getValues(i), 1e-10, m.getLayer() + "[" + i + "], " + where);
          }
        }
      }
    }
  }

  @Test
  void annealing_reachesTheBruteForceGroundEnergy_andReportsEveryLayer() {
    DbmSpec spec = spec(DbmUnits.DBM_BINARY, 23);
    Model model = create(spec);
    double ground = bruteForce(spec, 1)[0][0][1];
    List<AnnealEvent> events = new ArrayList<>();
    server.sim.anneal(AnnealRequest.newBuilder().setModelId(model.getId()).setChains(16).setSeed(4)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(4).setTEnd(0.02)
            .setSteps(60)).setSweepsPerTemperature(10))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY)).build())
        .forEachRemaining(events::add);
    AnnealResult result = events.get(events.size() - 1).getResult();
    assertEquals(ground, result.getBest().getEnergy(), 1e-9, "best energy = exact ground energy");
    ChainState best = result.getBest();
    assertEquals(SIZES.length, best.getLayersCount());
    double[][] s = new double[SIZES.length][];
    for (int l = 0; l < SIZES.length; l++) {
      assertEquals(ValueType.VALUE_BINARY, best.getLayers(l).getType());
      s[l] = Wire.values(best.getLayers(l));
      assertEquals(SIZES[l], s[l].length);
    }
    assertEquals(ground, energy(spec, s), 1e-9, "the reported best state has the reported energy");
  }

  @Test
  void partitionFunctionEstimate_isRefusedPrecisely_forAFamilyWithoutAis() {
    Model model = create(spec(DbmUnits.DBM_BINARY, 3));
    expect(Status.Code.FAILED_PRECONDITION, "dbm", () -> server.sim.estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(model.getId()).setChains(10).build()).next());
  }
}
