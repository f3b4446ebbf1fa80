package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModernHopfieldSpec;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.Schedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modern continuous Hopfield family over gRPC (in-process server, real stubs): Complete runs
 * Ramsauer's update v ← ξᵀ softmax(β ξ v). Every answer is checked against the update, the
 * weights and the energy computed here in plain double loops from the patterns as stored
 * (float32): one update retrieves well-separated patterns, a run stops at a fixed point with a
 * non-increasing energy, a tiny β averages instead of retrieving, a clamped half-cue fills in the
 * other half, and bad requests get INVALID_ARGUMENT naming the field.
 */
class ModernHopfieldEndToEndTest {
  private static final int P = 10;
  private static final int N = 64;

  @TempDir Path dataDir;
  private RbmTestServer server;
  private double[] xi; // the patterns as the server holds them (rounded to float32)

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
    xi = gaussian(P * N, 1, 11);
    for (int k = 0; k < xi.length; k++) {
      xi[k] = (float) xi[k];
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private Model create(double beta) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("mhn").setModernHopfield(
        ModernHopfieldSpec.newBuilder().setPatterns(matrix(P, N, xi)).setInverseTemperature(beta)).build());
  }

  private List<CompleteEvent> complete(CompleteRequest r) {
    List<CompleteEvent> events = new ArrayList<>();
    server.sim.complete(r).forEachRemaining(events::add);
    return events;
  }

  /** softmax(β ξ v) in double. */
  private double[] weights(double beta, double[] v) {
    double[] z = new double[P];
    double max = Double.NEGATIVE_INFINITY;
    for (int mu = 0; mu < P; mu++) {
      for (int i = 0; i < N; i++) {
        z[mu] += xi[mu * N + i] * v[i];
      }
      z[mu] *= beta;
      max = Math.max(max, z[mu]);
    }
    double sum = 0;
    for (int mu = 0; mu < P; mu++) {
      z[mu] = Math.exp(z[mu] - max);
      sum += z[mu];
    }
    for (int mu = 0; mu < P; mu++) {
      z[mu] /= sum;
    }
    return z;
  }

  /** ξᵀ softmax(β ξ v). */
  private double[] update(double beta, double[] v) {
    double[] w = weights(beta, v);
    double[] out = new double[N];
    for (int mu = 0; mu < P; mu++) {
      for (int i = 0; i < N; i++) {
        out[i] += w[mu] * xi[mu * N + i];
      }
    }
    return out;
  }

  /** E(v) = −β⁻¹ lse(β ξ v) + ½ vᵀv + β⁻¹ log p + ½ M². */
  private double energy(double beta, double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    double[] z = new double[P];
    double m2 = 0;
    for (int mu = 0; mu < P; mu++) {
      double sq = 0;
      for (int i = 0; i < N; i++) {
        z[mu] += beta * xi[mu * N + i] * v[i];
        sq += xi[mu * N + i] * xi[mu * N + i];
      }
      m2 = Math.max(m2, sq);
      max = Math.max(max, z[mu]);
    }
    double sum = 0;
    for (double x : z) {
      sum += Math.exp(x - max);
    }
    double vv = 0;
    for (double x : v) {
      vv += x * x;
    }
    return -(max + Math.log(sum)) / beta + 0.5 * vv + Math.log(P) / beta + 0.5 * m2;
  }

  private double[] pattern(int mu) {
    return java.util.Arrays.copyOfRange(xi, mu * N, (mu + 1) * N);
  }

  private static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void create_describesTheModel_andReturnsItsFloat32Patterns() {
    Model m = create(2);
    assertEquals("modern_hopfield", m.getFamily());
    assertEquals(N, m.getUnits());
    assertTrue(m.getDescription().contains("10 patterns"), m.getDescription());
    Model full = server.models.getModel(GetModelRequest.newBuilder().setId(m.getId())
        .setIncludeParameters(true).build());
    assertEquals(2, full.getModernHopfield().getInverseTemperature());
    assertArrayEquals(xi, array(full.getModernHopfield().getPatterns().getValuesList()), 0);
  }

  @Test
  void complete_oneUpdate_retrievesAWellSeparatedPattern_exactlyAsTheUpdateRule() {
    // Gaussian patterns of 64 units: ‖ξ‖² ≈ 64, cross dot products ≈ ±8, so at β = 1 the gaps
    // βΔ ≈ 40 make every pattern well separated: one update lands on it
    double beta = 1;
    Model m = create(beta);
    for (int mu : new int[] {0, 4, 9}) {
      List<CompleteEvent> events = complete(CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(3 + mu)
          .setSweeps(1).setNoisy(NoisyCue.newBuilder().setStoredIndex(mu).setFlipFraction(0.3).setNoiseSd(1)).build());
      CompleteResult r = events.get(events.size() - 1).getResult();
      double[] cue = Wire.values(r.getCue());
      double[] expected = update(beta, cue);
      double[] completed = Wire.values(r.getCompleted());
      for (int i = 0; i < N; i++) {
        assertEquals(expected[i], completed[i], 1e-5, "unit " + i + " after one update of pattern " + mu);
      }
      assertTrue(cosine(completed, pattern(mu)) > 0.9999, "pattern " + mu + " retrieved by one update");
      assertTrue(cosine(cue, pattern(mu)) < 0.95, "the cue was visibly corrupted");
      assertEquals(mu, r.getBestPattern());
      assertEquals(cosine(completed, pattern(mu)), r.getBestOverlap(), 1e-9);
      double[] w = array(r.getPatternWeightsList());
      assertArrayEquals(weights(beta, completed), w, 1e-9);
      assertTrue(w[mu] > 0.999, "weight of the retrieved pattern " + w[mu]);
      assertEquals(energy(beta, completed), r.getEnergy(), 1e-9 * Math.max(1, Math.abs(r.getEnergy())));
      assertTrue(r.getEnergy() <= energy(beta, cue), "the update never raises the energy");
      CompleteProgress progress = events.stream().filter(CompleteEvent::hasProgress).reduce((a, b) -> b)
          .orElseThrow().getProgress();
      assertEquals(P, progress.getPatternWeightsCount(), "progress carries the attention weights");
      assertEquals(1, java.util.Arrays.stream(array(progress.getPatternWeightsList())).sum(), 1e-12);
    }
  }

  @Test
  void complete_untilFixedPoint_stopsEarly_withNonIncreasingEnergy() {
    double beta = 0.08; // moderate: several updates before the fixed point
    Model m = create(beta);
    List<CompleteEvent> events = complete(CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(21)
        .setSweeps(500).setNoisy(NoisyCue.newBuilder().setStoredIndex(2).setFlipFraction(0.5).setNoiseSd(2)).build());
    CompleteResult r = events.get(events.size() - 1).getResult();
    assertTrue(r.getConverged(), "a fixed point is reached");
    assertTrue(r.getSweeps() < 500 && r.getSweeps() >= 2, "stopped early after " + r.getSweeps() + " updates");
    double previous = Double.POSITIVE_INFINITY;
    for (CompleteEvent e : events) {
      if (e.hasProgress()) {
        assertTrue(e.getProgress().getEnergy() <= previous + 1e-9, "energy rose to " + e.getProgress().getEnergy());
        previous = e.getProgress().getEnergy();
      }
    }
    double[] completed = Wire.values(r.getCompleted());
    double[] again = update(beta, completed);
    for (int i = 0; i < N; i++) {
      assertEquals(completed[i], again[i], 1e-4, "a fixed point of the update at unit " + i);
    }
  }

  @Test
  void complete_tinyBeta_averagesThePatterns_insteadOfRetrievingOne() {
    double beta = 1e-4;
    Model m = create(beta);
    CompleteResult r = complete(CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(5).setSweeps(1)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(1).setFlipFraction(0)).build()).stream()
        .filter(CompleteEvent::hasResult).findFirst().orElseThrow().getResult();
    double[] w = array(r.getPatternWeightsList());
    double[] mean = new double[N];
    for (int mu = 0; mu < P; mu++) {
      assertTrue(w[mu] < 1.5 / P, "weight " + w[mu] + " of pattern " + mu + " is near uniform");
      for (int i = 0; i < N; i++) {
        mean[i] += xi[mu * N + i] / P;
      }
    }
    assertTrue(cosine(Wire.values(r.getCompleted()), mean) > 0.999, "a metastable average of all patterns");
    assertTrue(Math.abs(r.getBestOverlap()) < 0.9, "no pattern retrieved");
  }

  @Test
  void complete_clampedHalfCue_fillsInTheOtherHalf_andIsReproducible() {
    double beta = 2;
    Model m = create(beta);
    double[] target = pattern(6);
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < N; i++) {
      boolean known = i < N / 2;
      cue.addKnown(known).addRealValues(known ? (float) target[i] : 0f);
    }
    CompleteRequest request = CompleteRequest.newBuilder().setModelId(m.getId()).setSeed(8).setChains(3)
        .setSweeps(20).setMasked(cue).build();
    CompleteResult r = complete(request).stream().filter(CompleteEvent::hasResult).findFirst().orElseThrow()
        .getResult();
    double[] completed = Wire.values(r.getCompleted());
    for (int i = 0; i < N; i++) {
      if (i < N / 2) {
        assertEquals(target[i], completed[i], 0, "known unit " + i + " stays clamped");
      } else {
        assertEquals(target[i], completed[i], 1e-3, "unknown unit " + i + " filled in from the pattern");
      }
    }
    assertEquals(6, r.getBestPattern());
    CompleteResult again = complete(request).stream().filter(CompleteEvent::hasResult).findFirst().orElseThrow()
        .getResult();
    assertEquals(r, again, "same request and seed, same answer");
  }

  @Test
  void badRequests_getInvalidArgument_namingTheField() {
    expect(Status.Code.INVALID_ARGUMENT, "inverse_temperature", () -> create(0));
    expect(Status.Code.INVALID_ARGUMENT, "inverse_temperature", () -> create(Double.NaN));
    double[] huge = xi.clone();
    huge[5] = 1e16;
    expect(Status.Code.INVALID_ARGUMENT, "modern_hopfield.patterns[0][5]", () -> server.models.createModel(
        CreateModelRequest.newBuilder().setModernHopfield(ModernHopfieldSpec.newBuilder()
            .setPatterns(matrix(P, N, huge)).setInverseTemperature(1)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "patterns is required", () -> server.models.createModel(
        CreateModelRequest.newBuilder().setModernHopfield(ModernHopfieldSpec.newBuilder()
            .setInverseTemperature(1)).build()));
    Model m = create(1);
    expect(Status.Code.INVALID_ARGUMENT, "stored_index", () -> complete(CompleteRequest.newBuilder()
        .setModelId(m.getId()).setNoisy(NoisyCue.newBuilder().setStoredIndex(P).setFlipFraction(0.1)).build()));
    expect(Status.Code.FAILED_PRECONDITION, "deterministic dynamics only", () -> complete(CompleteRequest.newBuilder().setModelId(m.getId())
        .setMode(CompletionMode.STOCHASTIC).setTemperature(1)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(0).setFlipFraction(0.1)).build()));
    expect(Status.Code.FAILED_PRECONDITION, "deterministic dynamics only", () -> server.sim.anneal(AnnealRequest.newBuilder().setChains(1)
        .setModelId(m.getId()).setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder()
            .setTStart(2).setTEnd(0.1).setSteps(10))).build()).hasNext());
    assertFalse(server.models.getModel(GetModelRequest.newBuilder().setId(m.getId()).build()).getId().isEmpty());
  }
}
