package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.ObservableDiagnostics;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored-pattern overlaps in the live diagnostics, through gRPC. A Hebbian Hopfield network of two
 * orthogonal patterns (N = 32, T_c = 1): ξ⁰ all +1, ξ¹ +1 on the first half and −1 on the second.
 * The gauge {@code s_i → s_i ξ⁰_i ξ¹_i} swaps m₀ and m₁ and keeps E = −(N/2)(m₀² + m₁²), so chains
 * held at ξ⁰ and chains held at ξ¹ have the same energy law: below retrieval (T = 0.4; the path
 * between the two patterns climbs 8 in energy, e^{−20} per attempt) the energy's R̂ stays near 1
 * while the overlap's is far above it; in the paramagnetic phase (T = 3) the same starts mix and
 * R̂ ≈ 1 for both.
 */
class OverlapDiagnosticsServiceTest {
  private static final int N = 32;
  private static final int CHAINS = 16;

  @TempDir Path dataDir;
  private RbmTestServer server;
  private String modelId;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(2).setCols(N);
    for (int mu = 0; mu < 2; mu++) {
      for (int i = 0; i < N; i++) {
        xi.addSpins(pattern(mu, i));
      }
    }
    modelId = server.models.createModel(CreateModelRequest.newBuilder().setName("two-patterns")
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(xi)).build()).getId();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static int pattern(int mu, int i) {
    return mu == 0 || i < N / 2 ? 1 : -1;
  }

  private AnnealRequest.Builder anneal(double temperature, boolean sampleAll) {
    byte[] starts = new byte[CHAINS * N];
    for (int c = 0; c < CHAINS; c++) {
      for (int i = 0; i < N; i++) {
        starts[c * N + i] = (byte) pattern(c % 2, i); // even chains at ξ⁰, odd chains at ξ¹
      }
    }
    AnnealRequest.Builder b = AnnealRequest.newBuilder().setModelId(modelId).setChains(CHAINS).setSeed(5)
        .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder().addTemperatures(temperature))
            .setSweepsPerTemperature(400)).setReportEverySweeps(4).setDiagnostics(true)
        .addInitialStates(Wire.visibleSpins(CHAINS, N, starts));
    if (sampleAll) {
      b.setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(CHAINS));
    }
    return b;
  }

  private List<AnnealProgress> run(AnnealRequest request) {
    Iterator<AnnealEvent> events = server.sim.anneal(request);
    List<AnnealProgress> progress = new ArrayList<>();
    while (events.hasNext()) {
      AnnealEvent e = events.next();
      if (e.hasProgress()) {
        progress.add(e.getProgress());
      }
    }
    return progress;
  }

  private static ConvergenceDiagnostics last(List<AnnealProgress> progress) {
    return progress.get(progress.size() - 1).getDiagnostics();
  }

  @Test
  void chainsHeldAtDifferentPatterns_overlapRHatFarAboveOne_energyRHatNearOne() {
    ConvergenceDiagnostics d = last(run(anneal(0.4, false).build()));
    assertTrue(d.getSplitRHat() < 1.1, "the energies agree: R̂ = " + d.getSplitRHat());
    assertEquals(2, d.getObservablesCount(), "both patterns traced by default: " + d);
    for (ObservableDiagnostics o : d.getObservablesList()) {
      assertEquals("overlap", o.getName());
      assertTrue(o.getSplitRHat() > 3, "pattern " + o.getPattern() + ": R̂ = " + o.getSplitRHat());
      assertEquals(0.5, o.getMean(), 0.1, "half the chains at each pattern: " + o);
    }
  }

  @Test
  void mixingChains_overlapRHatNearOne() {
    ConvergenceDiagnostics d = last(run(anneal(3.0, false).build()));
    assertEquals(2, d.getObservablesCount(), d.toString());
    for (ObservableDiagnostics o : d.getObservablesList()) {
      assertTrue(o.getSplitRHat() < 1.05, "pattern " + o.getPattern() + ": R̂ = " + o.getSplitRHat());
      assertTrue(o.getAutocorrelationSweeps() > 0 && o.getAutocorrelationSweeps() < 40, o.toString());
      assertTrue(o.getEffectiveSampleSize() > 200, o.toString());
    }
  }

  /** Each event's mean overlap is the mean over the chains of m_μ computed here from the states it carries. */
  @Test
  void overlapMeans_equalADirectComputationFromTheStreamedStates() {
    List<AnnealProgress> progress = run(anneal(0.8, true).addDiagnosticPatterns(1).build());
    int checked = 0;
    for (AnnealProgress p : progress) {
      if (!p.hasDiagnostics()) {
        continue;
      }
      assertEquals(CHAINS, p.getSamplesCount());
      assertEquals(1, p.getDiagnostics().getObservablesCount(), "only the named pattern");
      ObservableDiagnostics o = p.getDiagnostics().getObservables(0);
      assertEquals(1, o.getPattern());
      double mean = 0;
      for (ChainState c : p.getSamplesList()) {
        byte[] s = Wire.spins(c);
        double m = 0;
        for (int i = 0; i < N; i++) {
          m += pattern(1, i) * s[i];
        }
        mean += m / N / CHAINS;
      }
      assertEquals(mean, o.getMean(), 1e-12, "sweep " + p.getSweep());
      checked++;
    }
    assertTrue(checked > 80, "events with diagnostics: " + checked);
  }

  private List<CompleteProgress> complete(int chains, long seed, Integer... patterns) {
    CompleteRequest.Builder b = CompleteRequest.newBuilder().setModelId(modelId).setMode(CompletionMode.STOCHASTIC)
        .setTemperature(0.4).setSweeps(200).setChains(chains).setSeed(seed).setReportEverySweeps(2)
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(1).setFlipFraction(0.15)).setDiagnostics(true);
    for (int mu : patterns) {
      b.addDiagnosticPatterns(mu);
    }
    Iterator<CompleteEvent> events = server.sim.complete(b.build());
    List<CompleteProgress> progress = new ArrayList<>();
    while (events.hasNext()) {
      CompleteEvent e = events.next();
      if (e.hasProgress()) {
        progress.add(e.getProgress());
      }
    }
    return progress;
  }

  /**
   * Completion from a noisy ξ¹ below retrieval: every chain retrieves ξ¹, so the overlap with ξ¹ has
   * R̂ near 1 and a mean near 1; seeded runs repeat exactly.
   */
  @Test
  void complete_streamsDiagnosticsOfTheRetrievedPatternsOverlap() {
    List<CompleteProgress> progress = complete(8, 9);
    assertFalse(progress.get(0).hasDiagnostics(), "undefined before 8 reports");
    ConvergenceDiagnostics d = progress.get(progress.size() - 1).getDiagnostics();
    assertEquals(8, d.getChains());
    assertEquals(100, d.getPoints());
    ObservableDiagnostics retrieved = d.getObservablesList().stream().filter(o -> o.getPattern() == 1).findFirst()
        .orElseThrow(() -> new AssertionError("no overlap with pattern 1: " + d));
    assertTrue(retrieved.getMean() > 0.8, retrieved.toString());
    assertTrue(retrieved.getSplitRHat() < 1.1, retrieved.toString());
    assertEquals(d, complete(8, 9).get(progress.size() - 1).getDiagnostics(), "same seed, same diagnostics");
  }

  /** With one chain, the traced mean overlap is chain 0's overlap, which the coordinator computes from its state. */
  @Test
  void complete_oneChain_tracedOverlapEqualsTheProgressOverlap() {
    int checked = 0;
    for (CompleteProgress p : complete(1, 4, 0, 1)) {
      if (!p.hasDiagnostics()) {
        continue;
      }
      for (ObservableDiagnostics o : p.getDiagnostics().getObservablesList()) {
        assertEquals(p.getOverlaps(o.getPattern()), o.getMean(), 1e-12, "sweep " + p.getSweep());
        checked++;
      }
    }
    assertTrue(checked > 50, "overlaps checked: " + checked);
  }

  @Test
  void badDiagnosticPatterns_areInvalidArguments() {
    expect(Status.Code.INVALID_ARGUMENT, "diagnostic_patterns[1] must be in [0, 1]",
        () -> run(anneal(1, false).addDiagnosticPatterns(0).addDiagnosticPatterns(2).build()));
    expect(Status.Code.INVALID_ARGUMENT, "diagnostic_patterns[1] repeats pattern 0",
        () -> run(anneal(1, false).addDiagnosticPatterns(0).addDiagnosticPatterns(0).build()));
    expect(Status.Code.INVALID_ARGUMENT, "diagnostic_patterns needs diagnostics",
        () -> run(anneal(1, false).setDiagnostics(false).addDiagnosticPatterns(0).build()));
    AnnealRequest.Builder nine = anneal(1, false);
    for (int k = 0; k < 9; k++) {
      nine.addDiagnosticPatterns(k);
    }
    expect(Status.Code.INVALID_ARGUMENT, "at most 8", () -> run(nine.build()));
    expect(Status.Code.INVALID_ARGUMENT, "diagnostic_patterns[0] must be in [0, 1] (got 4294967295)",
        () -> complete(1, 1, -1));
  }
}
