package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.ebmsim.server.RbmTestServer.randomSpins;
import static org.ebmsim.server.RbmTestServer.spins;
import static org.ebmsim.server.RbmTestServer.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.modern.attnbm.AttnBmObjective;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AttnBmParameters;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructResponse;
import org.ebmsim.proto.v1.ReconstructionMethod;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.proto.v1.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attnbm family over gRPC (in-process server, real stubs): creation, description and
 * parameters across a restart; Evaluate's mean log-likelihood, standard error and gradient
 * against the library's exact values and against an independent computation written here (the
 * energy, log Z by the closed form at β = 1 and by the naive sum over all p² ordered pairs at
 * β = 2, the gradient by central differences of that independent likelihood); Reconstruct against
 * the library and the paper's eq. 39; ExactSummary at β/T; every refusal's status and message.
 */
class AttnBmEndToEndTest {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

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

  private Model create(AttnBmSpec spec) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("attnbm").setAttnbm(spec).build());
  }

  private static AttnBmSpec spec(int p, int n, double[] xi, double[] b, double[] c, double beta) {
    AttnBmSpec.Builder s = AttnBmSpec.newBuilder().setPatterns(matrix(p, n, xi)).setInverseTemperature(beta);
    if (b != null) {
      for (double x : b) {
        s.addVisibleBias(x);
      }
    }
    if (c != null) {
      for (double x : c) {
        s.addHiddenBias(x);
      }
    }
    return s.build();
  }

  private EvaluateResponse evaluate(String id, int rows, int n, double[] data, boolean gradient) {
    return server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(id).setRows(matrix(rows, n, data))
        .setGradient(gradient).build());
  }

  // ------------------------------------------------------------------ an independent AttnBM

  /** E(v) = ½‖v−b‖² − log Σ_μ e^{ξ_μ·(v−b) + c_μ}, written out. */
  private static double energy(int p, int n, double[] xi, double[] b, double[] c, double[] rows, int r) {
    double half = 0;
    double[] h = new double[p];
    for (int mu = 0; mu < p; mu++) {
      h[mu] = c[mu];
    }
    for (int i = 0; i < n; i++) {
      double u = rows[r * n + i] - b[i];
      half += u * u;
      for (int mu = 0; mu < p; mu++) {
        h[mu] += xi[mu * n + i] * u;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double x : h) {
      max = Math.max(max, x);
    }
    double s = 0;
    for (double x : h) {
      s += Math.exp(x - max);
    }
    return 0.5 * half - (max + Math.log(s));
  }

  /**
   * log Z at β = 1 (closed form (N/2) log 2π + log Σ_μ e^{‖ξ_μ‖²/2 + c_μ}) or β = 2 (the naive
   * sum over all p² ordered pairs: (N/2) log(π) + log Σ_{μν} e^{‖ξ_μ + ξ_ν‖²/4 + c_μ + c_ν}).
   */
  private static double logZ(int p, int n, double[] xi, double[] c, int beta) {
    double sum = 0;
    if (beta == 1) {
      for (int mu = 0; mu < p; mu++) {
        double q = 0;
        for (int i = 0; i < n; i++) {
          q += xi[mu * n + i] * xi[mu * n + i];
        }
        sum += Math.exp(q / 2 + c[mu]);
      }
      return 0.5 * n * LOG_2PI + Math.log(sum);
    }
    for (int mu = 0; mu < p; mu++) {
      for (int nu = 0; nu < p; nu++) {
        double q = 0;
        for (int i = 0; i < n; i++) {
          double s = xi[mu * n + i] + xi[nu * n + i];
          q += s * s;
        }
        sum += Math.exp(q / 4 + c[mu] + c[nu]);
      }
    }
    return 0.5 * n * (LOG_2PI - Math.log(2)) + Math.log(sum);
  }

  private static double meanLogLikelihood(int p, int n, double[] xi, double[] b, double[] c, int beta, double[] rows,
      int count) {
    double logZ = logZ(p, n, xi, c, beta);
    double sum = 0;
    for (int r = 0; r < count; r++) {
      sum += -beta * energy(p, n, xi, b, c, rows, r) - logZ;
    }
    return sum / count;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void create_describesTheModel_andItsParametersSurviveARestart() throws Exception {
    double[] xi = gaussian(3 * 4, 0.7, 1);
    double[] b = {0.1, -0.2, 0.3, 0};
    double[] c = {0.5, 0, -0.5};
    Model m = create(spec(3, 4, xi, b, c, 2).toBuilder().setImageShape(ImageShape.newBuilder().setHeight(2)
        .setWidth(2)).build());
    assertEquals("attnbm", m.getFamily());
    assertEquals(4, m.getUnits());
    assertEquals(4, m.getVisibleUnits());
    assertEquals(1, m.getLayersCount());
    assertEquals(ValueType.VALUE_REAL, m.getLayers(0).getType());
    assertTrue(m.getCapabilities().getExact());
    assertFalse(m.getCapabilities().getPartitionFunction());
    assertEquals(java.util.List.of(org.ebmsim.proto.v1.Dynamics.GIBBS), m.getCapabilities().getDynamicsList(),
        "the exact mixture sampler is its GIBBS update");
    assertTrue(m.getDescription().contains("β = 2.0 (exact)"), m.getDescription());
    assertEquals(2, m.getImageShape().getWidth());

    server.close();
    server = RbmTestServer.start(dataDir);
    Model again = server.models.getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true)
        .build());
    assertTrue(again.hasAttnbm(), "parameters case " + again.getParametersCase());
    AttnBmParameters stored = again.getAttnbm();
    assertEquals(3, stored.getPatterns().getRows());
    assertEquals(4, stored.getPatterns().getCols());
    assertArrayEquals(xi, values(stored.getPatterns()));
    assertArrayEquals(b, stored.getVisibleBiasList().stream().mapToDouble(Double::doubleValue).toArray());
    assertArrayEquals(c, stored.getHiddenBiasList().stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(2, stored.getInverseTemperature());
    // unset biases are stored as zeros
    Model plain = create(spec(3, 4, xi, null, null, 1));
    AttnBmParameters zeros = server.models.getModel(GetModelRequest.newBuilder().setId(plain.getId())
        .setIncludeParameters(true).build()).getAttnbm();
    assertArrayEquals(new double[4], zeros.getVisibleBiasList().stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(3, zeros.getHiddenBiasCount());
  }

  @Test
  void evaluate_matchesTheLibraryAndAnIndependentComputation_atBetaOneAndTwo() {
    int p = 4;
    int n = 3;
    int rows = 25;
    for (int beta = 1; beta <= 2; beta++) {
      double[] xi = gaussian(p * n, 0.8, 10 + beta);
      double[] b = gaussian(n, 0.3, 20 + beta);
      double[] c = gaussian(p, 0.5, 30 + beta);
      double[] data = gaussian(rows * n, 1.2, 40 + beta);
      Model m = create(spec(p, n, xi, b, c, beta));
      EvaluateResponse e = evaluate(m.getId(), rows, n, data, true);

      AttnBm lib = AttnBm.of(n, p, xi, b, c, beta);
      double independent = meanLogLikelihood(p, n, xi, b, c, beta, data, rows);
      assertEquals(lib.meanLogLikelihood(data, rows), e.getMeanLogLikelihood(), 1e-12);
      assertEquals(independent, e.getMeanLogLikelihood(), 1e-10);
      assertEquals(logZ(p, n, xi, c, beta), e.getLogZ(), 1e-10);
      assertEquals(rows, e.getRows());
      assertTrue(e.getMethod().startsWith("exact: β-tuple expansion at β = " + beta), e.getMethod());
      // standard error: sample sd of log p over the rows / √R, from the independent log p
      double logZ = logZ(p, n, xi, c, beta);
      double ss = 0;
      for (int r = 0; r < rows; r++) {
        double d = -beta * energy(p, n, xi, b, c, data, r) - logZ - independent;
        ss += d * d;
      }
      assertEquals(Math.sqrt(ss / (rows - 1) / rows), e.getStandardError(), 1e-10);

      // gradient: the library's exact one, and central differences of the independent likelihood
      assertEquals(3, e.getGradientCount());
      assertEquals("patterns", e.getGradient(0).getParameter());
      assertEquals("visible_bias", e.getGradient(1).getParameter());
      assertEquals("hidden_bias", e.getGradient(2).getParameter());
      assertEquals(p, e.getGradient(0).getValues().getRows());
      assertEquals(n, e.getGradient(0).getValues().getCols());
      AttnBmObjective o = lib.negativeLogLikelihoodGradient(data, rows);
      assertArrayEquals(o.patterns(), values(e.getGradient(0).getValues()), 1e-12);
      assertArrayEquals(o.visibleBias(), values(e.getGradient(1).getValues()), 1e-12);
      assertArrayEquals(o.hiddenBias(), values(e.getGradient(2).getValues()), 1e-12);
      double[][] params = {xi, b, c};
      for (int g = 0; g < 3; g++) {
        double[] wire = values(e.getGradient(g).getValues());
        for (int k = 0; k < params[g].length; k++) {
          double h = 1e-5;
          double keep = params[g][k];
          params[g][k] = keep + h;
          double up = meanLogLikelihood(p, n, xi, b, c, beta, data, rows);
          params[g][k] = keep - h;
          double down = meanLogLikelihood(p, n, xi, b, c, beta, data, rows);
          params[g][k] = keep;
          double numeric = -(up - down) / (2 * h); // of the mean NEGATIVE log-likelihood
          assertEquals(numeric, wire[k], 1e-6 * Math.max(1, Math.abs(numeric)), "β = " + beta + ", "
              + e.getGradient(g).getParameter() + "[" + k + "]");
        }
      }
      // without the gradient flag: none
      assertEquals(0, evaluate(m.getId(), rows, n, data, false).getGradientCount());
    }
  }

  @Test
  void evaluate_oneRow_hasZeroStandardError_andSamplesFromTheModelScoreTheirOwnLaw() {
    double[] xi = gaussian(2 * 2, 1, 5);
    Model m = create(spec(2, 2, xi, null, null, 3));
    EvaluateResponse one = evaluate(m.getId(), 1, 2, new double[] {0.3, -0.1}, false);
    assertEquals(0, one.getStandardError());
    // E[log p(v)] under the model is −H; rows drawn from the model must be scored consistently with
    // rows drawn elsewhere: the model's own samples are more likely on average than uniform noise
    AttnBm lib = AttnBm.of(2, 2, xi, 3);
    double[] own = lib.sample(2000, new java.util.SplittableRandom(7));
    double[] noise = gaussian(4000, 3, 8);
    EvaluateResponse a = evaluate(m.getId(), 2000, 2, own, false);
    EvaluateResponse z = evaluate(m.getId(), 2000, 2, noise, false);
    assertTrue(a.getMeanLogLikelihood() - 3 * a.getStandardError() > z.getMeanLogLikelihood()
        + 3 * z.getStandardError(), a + " vs " + z);
  }

  @Test
  void reconstruct_conditionalMean_matchesTheLibraryAndThePapersEquation39() {
    int p = 5;
    int n = 6;
    int rows = 4;
    double[] xi = gaussian(p * n, 0.9, 50);
    double[] data = gaussian(rows * n, 1, 51);
    Model m = create(spec(p, n, xi, null, null, 1));
    boolean[] known = {true, false, true, true, false, false};
    ReconstructRequest.Builder req = ReconstructRequest.newBuilder().setModelId(m.getId()).setRows(matrix(rows, n,
        data));
    for (boolean k : known) {
      req.addKnown(k);
    }
    ReconstructResponse out = server.sim.reconstruct(req.build());
    assertEquals(ReconstructionMethod.CONDITIONAL_MEAN, out.getMethod());
    double[] got = values(out.getRows());
    AttnBm lib = AttnBm.of(n, p, xi, 1);
    assertArrayEquals(lib.reconstruct(data, rows, known), got, 1e-12);
    // eq. 39: ⟨v_m⟩ = Σ_μ ξ_{μ,m} softmax_μ(ξ_{μ,o}·v_o + ‖ξ_{μ,m}‖²/2), observed units unchanged
    for (int r = 0; r < rows; r++) {
      double[] a = new double[p];
      double max = Double.NEGATIVE_INFINITY;
      for (int mu = 0; mu < p; mu++) {
        for (int i = 0; i < n; i++) {
          double x = xi[mu * n + i];
          a[mu] += known[i] ? x * data[r * n + i] : 0.5 * x * x;
        }
        max = Math.max(max, a[mu]);
      }
      double z = 0;
      for (int mu = 0; mu < p; mu++) {
        a[mu] = Math.exp(a[mu] - max);
        z += a[mu];
      }
      for (int i = 0; i < n; i++) {
        double expected = data[r * n + i];
        if (!known[i]) {
          expected = 0;
          for (int mu = 0; mu < p; mu++) {
            expected += xi[mu * n + i] * a[mu] / z;
          }
        }
        assertEquals(expected, got[r * n + i], 1e-12, "row " + r + " unit " + i);
      }
    }
  }

  @Test
  void reconstruct_perRowMasks_andOneStepRetrieval_matchTheLibrary() {
    int p = 3;
    int n = 4;
    int rows = 2;
    double[] xi = gaussian(p * n, 1, 60);
    double[] b = gaussian(n, 0.2, 61);
    double[] c = gaussian(p, 0.4, 62);
    double[] data = gaussian(rows * n, 1, 63);
    Model m = create(spec(p, n, xi, b, c, 2));
    boolean[][] masks = {{true, false, false, true}, {false, true, true, true}};
    ReconstructRequest.Builder req = ReconstructRequest.newBuilder().setModelId(m.getId()).setRows(matrix(rows, n,
        data));
    for (boolean[] mask : masks) {
      for (boolean k : mask) {
        req.addKnown(k);
      }
    }
    double[] got = values(server.sim.reconstruct(req.build()).getRows());
    AttnBm lib = AttnBm.of(n, p, xi, b, c, 2);
    for (int r = 0; r < rows; r++) {
      double[] row = java.util.Arrays.copyOfRange(data, r * n, (r + 1) * n);
      double[] expected = lib.reconstruct(row, 1, masks[r]);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(got, r * n, (r + 1) * n), 1e-12, "row " + r);
    }
    // one model-B step at a non-integer β (no exactness needed); known units kept
    Model hot = create(spec(p, n, xi, b, c, 2.5));
    ReconstructResponse step = server.sim.reconstruct(req.setModelId(hot.getId())
        .setMethod(ReconstructionMethod.ONE_STEP_RETRIEVAL).build());
    assertEquals(ReconstructionMethod.ONE_STEP_RETRIEVAL, step.getMethod());
    double[] retrieved = AttnBm.of(n, p, xi, b, c, 2.5).retrieve(data, rows);
    double[] s = values(step.getRows());
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        assertEquals(masks[r][i] ? data[r * n + i] : retrieved[r * n + i], s[r * n + i], 1e-12);
      }
    }
  }

  @Test
  void exactSummary_givesLogZAndTheMean_atBetaOverT() {
    int p = 3;
    int n = 2;
    double[] xi = gaussian(p * n, 0.8, 70);
    double[] c = gaussian(p, 0.3, 71);
    Model m = create(spec(p, n, xi, null, c, 4));
    // T = 2: the law e^{−4E/2} is the AttnBM at β = 2
    ExactSummaryResponse r = server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(2).build());
    assertEquals(logZ(p, n, xi, c, 2), r.getLogZ(), 1e-10);
    assertArrayEquals(AttnBm.of(n, p, xi, null, c, 2).mean(), r.getMarginals(0).getValuesList().stream()
        .mapToDouble(Double::doubleValue).toArray(), 1e-12);
    assertFalse(r.getHasEnergyMoments());
    expect(Status.Code.INVALID_ARGUMENT, "exact only for a positive integer inverse temperature β", () ->
        server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId()).setTemperature(3).build()));
  }

  @Test
  void create_invalidSpecs_areRefusedNamingTheFieldAndTheRule() {
    double[] xi = gaussian(2 * 3, 1, 80);
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.patterns is required", () -> create(AttnBmSpec.newBuilder()
        .setInverseTemperature(1).build()));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.patterns.values must have rows*cols = 6 entries (got 5)",
        () -> create(AttnBmSpec.newBuilder().setPatterns(matrix(2, 3, 1, 2, 3, 4, 5)).setInverseTemperature(1)
            .build()));
    double[] nan = xi.clone();
    nan[4] = Double.NaN;
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.patterns[1][1] must be finite (got NaN)",
        () -> create(spec(2, 3, nan, null, null, 1)));
    double[] inf = xi.clone();
    inf[0] = Double.POSITIVE_INFINITY;
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.patterns[0][0] must be finite (got Infinity)",
        () -> create(spec(2, 3, inf, null, null, 1)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.inverse_temperature is required",
        () -> create(spec(2, 3, xi, null, null, 0)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.inverse_temperature β must be finite and > 0 (got -1.0)",
        () -> create(spec(2, 3, xi, null, null, -1)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.inverse_temperature β must be finite and > 0 (got Infinity)",
        () -> create(spec(2, 3, xi, null, null, Double.POSITIVE_INFINITY)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.visible_bias must have 3 entries (got 2)",
        () -> create(spec(2, 3, xi, new double[] {1, 2}, null, 1)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.hidden_bias must have 2 entries (got 3)",
        () -> create(spec(2, 3, xi, null, new double[] {1, 2, 3}, 1)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.hidden_bias[1] must be finite (got NaN)",
        () -> create(spec(2, 3, xi, null, new double[] {1, Double.NaN}, 1)));
    expect(Status.Code.INVALID_ARGUMENT, "attnbm.image_shape height x width must equal the 3 visible units",
        () -> create(spec(2, 3, xi, null, null, 1).toBuilder().setImageShape(ImageShape.newBuilder().setHeight(2)
            .setWidth(2)).build()));
    expect(Status.Code.RESOURCE_EXHAUSTED, "above the limit",
        () -> create(spec(1, 65, gaussian(65, 1, 81), null, null, 1)));
  }

  @Test
  void evaluateAndReconstruct_badRequests_getPreciseStatuses() {
    double[] xi = gaussian(2 * 3, 1, 90);
    String id = create(spec(2, 3, xi, null, null, 1)).getId();
    expect(Status.Code.INVALID_ARGUMENT, "rows is required", () -> server.sim.evaluate(EvaluateRequest.newBuilder()
        .setModelId(id).build()));
    expect(Status.Code.INVALID_ARGUMENT, "rows must have 3 columns, one per visible unit of the model (got 2)",
        () -> evaluate(id, 2, 2, new double[4], false));
    expect(Status.Code.INVALID_ARGUMENT, "rows[1][2] must be finite (got NaN)",
        () -> evaluate(id, 2, 3, new double[] {0, 0, 0, 0, 0, Double.NaN}, false));
    expect(Status.Code.INVALID_ARGUMENT, "rows.values must have rows*cols = 6 entries (got 5)",
        () -> evaluate(id, 2, 3, new double[5], false));
    expect(Status.Code.RESOURCE_EXHAUSTED, "rows is 100001 x 3, above the limit of 100000 rows per request",
        () -> evaluate(id, 100_001, 3, new double[0], false));
    expect(Status.Code.NOT_FOUND, "", () -> evaluate("m-0000000000000000", 1, 3, new double[3], false));
    expect(Status.Code.INVALID_ARGUMENT, "log_z: family attnbm computes its own exact log Z; leave log_z unset",
        () -> server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(id).setRows(matrix(1, 3, new double[3]))
            .setLogZ(1).build()));
    // exactness needs an integer β
    String hot = create(spec(2, 3, xi, null, null, 1.5)).getId();
    expect(Status.Code.INVALID_ARGUMENT, "the log-likelihood of an AttnBM is exact only for a positive integer"
        + " inverse temperature β", () -> evaluate(hot, 1, 3, new double[3], false));
    expect(Status.Code.INVALID_ARGUMENT, "use β = 1 or 2", () -> evaluate(hot, 1, 3, new double[3], true));
    // too many mixture components / too long tuples
    String big = create(spec(64, 1, gaussian(64, 1, 91), null, null, 6)).getId();
    expect(Status.Code.RESOURCE_EXHAUSTED, "C(p+β−1, β) = 119877472 Gaussians, above the limit of 16777216",
        () -> evaluate(big, 1, 1, new double[1], false));
    // the data term's work: rows × N × p ≤ 2^32 (4096 patterns × 64 units: at most 16 384 rows), refused
    // from the header before the values are read
    String wideModel = create(spec(4096, 64, gaussian(4096 * 64, 0.1, 95), null, null, 1)).getId();
    expect(Status.Code.RESOURCE_EXHAUSTED, "rows × N × p = 4295229440 multiply-adds, above the limit of 4294967296",
        () -> server.sim.evaluate(EvaluateRequest.newBuilder().setModelId(wideModel).setRows(Matrix.newBuilder()
            .setRows(16_385).setCols(64)).build()));
    // conditional means walk each row's own expansion: rows × components is bounded (2^26)
    String wide = create(spec(64, 2, gaussian(128, 0.3, 94), null, null, 4)).getId(); // C(67, 4) = 766480
    ReconstructRequest.Builder many = ReconstructRequest.newBuilder().setModelId(wide)
        .setRows(matrix(100, 2, new double[200])).addAllKnown(java.util.List.of(true, false));
    expect(Status.Code.RESOURCE_EXHAUSTED, "conditional means of 100 rows walk 766480 mixture components each,"
        + " 76648000 in all, above the limit of 67108864 per request", () -> server.sim.reconstruct(many.build()));
    assertEquals(2, server.sim.reconstruct(many.setRows(matrix(1, 2, new double[2])).build()).getRows()
        .getValuesCount());
    String deep = create(spec(1, 1, new double[] {1}, null, null, 5000)).getId();
    expect(Status.Code.RESOURCE_EXHAUSTED, "walks tuples of 5000 patterns, above the limit of 1000",
        () -> evaluate(deep, 1, 1, new double[1], false));
    // a family without a likelihood
    Model hopfield = server.models.createModel(CreateModelRequest.newBuilder().setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(spins(2, 8, randomSpins(16, 92)))).build());
    Model dense = server.models.createModel(CreateModelRequest.newBuilder().setDenseMemory(DenseMemorySpec
        .newBuilder().setPatterns(spins(2, 8, randomSpins(16, 93))).setInteraction(DenseInteraction.POWER)
        .setDegree(3)).build());
    expect(Status.Code.UNIMPLEMENTED, "Evaluate is not available for model " + dense.getId()
        + ": family dense-memory computes no likelihood", () -> evaluate(dense.getId(), 1, 8, new double[8], false));
    // a family with the likelihood but not its gradient
    expect(Status.Code.UNIMPLEMENTED, "Evaluate with gradient = true is not available for model " + hopfield.getId()
        + ": family hopfield offers the log-likelihood without its gradient",
        () -> evaluate(hopfield.getId(), 1, 8, new double[8], true));
    expect(Status.Code.UNIMPLEMENTED, "Reconstruct is not available for model " + hopfield.getId(),
        () -> server.sim.reconstruct(ReconstructRequest.newBuilder().setModelId(hopfield.getId())
            .setRows(matrix(1, 8, new double[8])).addAllKnown(java.util.Collections.nCopies(8, false)).build()));

    ReconstructRequest.Builder r = ReconstructRequest.newBuilder().setModelId(id).setRows(matrix(2, 3, new double[6]));
    expect(Status.Code.INVALID_ARGUMENT, "known must have one flag per visible unit (3, one mask for every row) or"
        + " rows × units = 6 (one mask per row); got 4", () -> server.sim.reconstruct(r.clone()
            .addAllKnown(java.util.List.of(true, false, true, false)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "known marks every unit known; at least one must be missing",
        () -> server.sim.reconstruct(r.clone().addAllKnown(java.util.List.of(true, true, true)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "known, row 1, marks every unit known",
        () -> server.sim.reconstruct(r.clone().addAllKnown(java.util.List.of(true, false, true, true, true, true))
            .build()));
    expect(Status.Code.INVALID_ARGUMENT, "the conditional mean of an AttnBM is exact only for a positive integer",
        () -> server.sim.reconstruct(r.clone().setModelId(hot).addAllKnown(java.util.List.of(true, false, true))
            .build()));
    expect(Status.Code.INVALID_ARGUMENT, "method must be CONDITIONAL_MEAN or ONE_STEP_RETRIEVAL",
        () -> server.sim.reconstruct(r.clone().setMethodValue(7).addAllKnown(java.util.List.of(true, false, true))
            .build()));
  }

  @Test
  void sessionsTheExactSamplerCannotRun_areRefused_sayingWhy() {
    String id = create(spec(2, 3, gaussian(6, 1, 100), null, null, 1)).getId();
    // T = 2 and 0.5 with β = 1: β/T = 0.5 is no positive integer (1/T = 2 is)
    Schedule schedule = Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(2).setTEnd(0.5)
        .setSteps(3)).setSweepsPerTemperature(2).build();
    expect(Status.Code.INVALID_ARGUMENT, "β/T is a positive integer", () -> server.sim.anneal(AnnealRequest
        .newBuilder().setModelId(id).setChains(2).setSchedule(schedule).build()).next());
    // Complete's default mode is DETERMINISTIC, which a sampler of independent draws has no use for
    expect(Status.Code.INVALID_ARGUMENT, "mode DETERMINISTIC is not available", () -> server.sim.complete(
        CompleteRequest.newBuilder().setModelId(id).setMasked(MaskedCue.newBuilder()
            .addAllRealValues(java.util.List.of(0f, 0f, 0f)).addAllKnown(java.util.List.of(true, false, false)))
            .build()).next());
    expect(Status.Code.FAILED_PRECONDITION, "", () -> server.sim.estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(id).setChains(10).build()).next());
    // (Train with CD: AttnBmTrainingEndToEndTest)
    // the server still works for this model afterwards
    assertEquals(1, evaluate(id, 1, 3, new double[3], false).getRows());
  }
}
