package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AttnBM's exact mixture sampler through the session engine: Complete in STOCHASTIC mode
 * averages independent draws, so with no unit known its per-unit means match the law's exact
 * mean (ExactSummary), at T = 1 and at T = 0.5 (β/T = 2, the β-tuple mixture), and with a unit
 * clamped they match Reconstruct's exact conditional mean — each within 4 standard errors from the
 * exact (conditional) covariance, seeded. Temperatures where β/T is no positive integer are
 * refused, for sessions and for steering.
 */
class AttnBmSamplingEndToEndTest {
  private static final int N = 3;
  private static final int P = 2;
  private static final int CHAINS = 512;
  private static final int SWEEPS = 40;

  @TempDir Path dataDir;
  private RbmTestServer server;
  private final double[] xi = gaussian(P * N, 1.5, 41);

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private String create() {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("sampled").setAttnbm(AttnBmSpec
        .newBuilder().setPatterns(matrix(P, N, xi)).setInverseTemperature(1)).build()).getId();
  }

  private CompleteResult sample(String id, double temperature, boolean[] known, float[] values, long seed) {
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < N; i++) {
      cue.addKnown(known[i]).addRealValues(values[i]);
    }
    Iterator<CompleteEvent> it = server.sim.complete(CompleteRequest.newBuilder().setModelId(id).setSeed(seed)
        .setMode(CompletionMode.STOCHASTIC).setTemperature(temperature).setChains(CHAINS).setSweeps(SWEEPS)
        .setAverageLast(SWEEPS).setReportEverySweeps(SWEEPS).setMasked(cue).build());
    CompleteResult r = null;
    while (it.hasNext()) {
      CompleteEvent e = it.next();
      if (e.hasResult()) {
        r = e.getResult();
      }
    }
    return r;
  }

  /** |sampled − exact| within 4 standard errors per unit, with the exact variances. */
  private static void assertMeans(double[] exact, double[] variance, List<Double> sampled, int[] units, String what) {
    double draws = (double) CHAINS * SWEEPS; // every sweep an independent draw
    for (int k = 0; k < units.length; k++) {
      double se = Math.sqrt(variance[k] / draws);
      double got = sampled.get(units[k]);
      assertTrue(Math.abs(got - exact[k]) < 4 * se, what + " unit " + units[k] + ": " + got + " vs exact "
          + exact[k] + " ± " + se);
    }
  }

  private static double[] diagonal(double[] cov, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = cov[i * n + i];
    }
    return d;
  }

  @Test
  void freeDraws_averageToTheExactMean_atTemperaturesOneAndAHalf() {
    String id = create();
    boolean[] none = new boolean[N];
    float[] zeros = new float[N];
    for (double t : new double[] {1, 0.5}) {
      AttnBm law = AttnBm.of(N, P, xi, 1 / t);
      List<Double> exactMean = server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(id)
          .setTemperature(t).build()).getMarginals(0).getValuesList();
      double[] mean = law.mean();
      for (int i = 0; i < N; i++) {
        assertEquals(mean[i], exactMean.get(i), 1e-9, "ExactSummary's mean is the library's");
      }
      CompleteResult r = sample(id, t, none, zeros, 5);
      assertMeans(mean, diagonal(law.covariance(), N), r.getUnitMeansList(), new int[] {0, 1, 2}, "T = " + t);
      assertEquals(r.getUnitMeansList(), sample(id, t, none, zeros, 5).getUnitMeansList(), "same seed, same draws");
    }
  }

  @Test
  void clampedUnits_drawFromTheExactConditional_whoseMeanIsReconstruct() {
    String id = create();
    boolean[] known = {true, false, false};
    float[] values = {1.2f, 0, 0};
    AttnBm model = AttnBm.of(N, P, xi, 1);
    AttnBm conditional = model.conditional(known, new double[] {1.2f, 0, 0});
    CompleteResult r = sample(id, 1, known, values, 9);
    assertEquals(1.2f, r.getUnitMeans(0), 0, "the known unit stays clamped");
    assertMeans(conditional.mean(), diagonal(conditional.covariance(), N - 1), r.getUnitMeansList(),
        new int[] {1, 2}, "conditional");
    // and that conditional mean is what Reconstruct answers
    var reconstructed = server.sim.reconstruct(org.ebmsim.proto.v1.ReconstructRequest.newBuilder().setModelId(id)
        .setRows(matrix(1, N, 1.2f, 0, 0)).addKnown(true).addKnown(false).addKnown(false).build()).getRows();
    assertEquals(conditional.mean()[0], reconstructed.getValues(1), 1e-9);
    assertEquals(conditional.mean()[1], reconstructed.getValues(2), 1e-9);
  }

  @Test
  void temperaturesWithoutAnExactSampler_areRefused_forSessionsAndSteering() {
    String id = create();
    expect(Status.Code.INVALID_ARGUMENT, "positive integer", () -> sample(id, 0.7, new boolean[N], new float[N], 1));
    Iterator<AnnealEvent> it = server.sim.anneal(AnnealRequest.newBuilder().setModelId(id).setChains(2)
        .setDetached(true).setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1)
            .setTEnd(1).setSteps(100)).setSweepsPerTemperature(1_000_000)).build());
    String session = it.next().getStarted().getSessionId();
    it.forEachRemaining(e -> { });
    var sessions = SessionServiceGrpc.newBlockingStub(server.channel)
        .withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);
    expect(Status.Code.INVALID_ARGUMENT, "positive integer", () -> sessions.steerSession(SteerSessionRequest
        .newBuilder().setSessionId(session).setAction(SteerAction.newBuilder().setTemperature(0.7)).build()));
    sessions.steerSession(SteerSessionRequest.newBuilder().setSessionId(session)
        .setAction(SteerAction.newBuilder().setTemperature(0.5)).build()); // β/T = 2: fine
    sessions.stopSession(StopSessionRequest.newBuilder().setSessionId(session).build());
  }
}
