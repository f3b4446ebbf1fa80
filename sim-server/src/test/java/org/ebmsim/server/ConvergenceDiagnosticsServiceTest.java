package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anneal sessions with {@code diagnostics}: a Hopfield network of one pattern ξ (N = 32) with a
 * bias along ξ, sampled at T = 0.5 (below the single pattern's T_c = 1), where a chain never leaves
 * its basin in 400 sweeps (the barrier is ~8/T) but flips single spins now and then (ΔE ≈ 2).
 * Chains all started at +ξ agree (R̂ near 1); half started at +ξ and half at −ξ sit at energies
 * about 6.4 apart, and R̂ says so.
 */
class ConvergenceDiagnosticsServiceTest {
  private static final int N = 32;
  private static final int CHAINS = 16;

  @TempDir Path dataDir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private String modelId;

  @BeforeEach
  void start() {
    server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir",
        dataDir.toString())).withFallback(ConfigFactory.load()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(1).setCols(N);
    HopfieldFromPatterns.Builder spec = HopfieldFromPatterns.newBuilder();
    for (int i = 0; i < N; i++) {
      int s = pattern(i);
      xi.addSpins(s);
      spec.addBias(0.1 * s);
    }
    modelId = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).createModel(
        CreateModelRequest.newBuilder().setName("one-pattern").setHopfieldPatterns(spec.setPatterns(xi)).build())
        .getId();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.close();
  }

  private static int pattern(int i) {
    return (i * 7) % 3 == 0 ? -1 : 1;
  }

  /** Progress events of a 400-sweep run at T = 0.5, reports every 4 sweeps, chains from the given starts. */
  private List<AnnealProgress> run(boolean diagnostics, boolean twoModes) {
    byte[] starts = new byte[CHAINS * N];
    for (int c = 0; c < CHAINS; c++) {
      int sign = twoModes && c % 2 == 1 ? -1 : 1;
      for (int i = 0; i < N; i++) {
        starts[c * N + i] = (byte) (sign * pattern(i));
      }
    }
    AnnealRequest request = AnnealRequest.newBuilder().setModelId(modelId).setChains(CHAINS).setSeed(3)
        .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder().addTemperatures(0.5))
            .setSweepsPerTemperature(400)).setReportEverySweeps(4).setDiagnostics(diagnostics)
        .addInitialStates(Wire.visibleSpins(CHAINS, N, starts)).build();
    Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60,
        TimeUnit.SECONDS).anneal(request);
    List<AnnealProgress> progress = new ArrayList<>();
    while (events.hasNext()) {
      AnnealEvent e = events.next();
      if (e.hasProgress()) {
        progress.add(e.getProgress());
      }
    }
    return progress;
  }

  @Test
  void oneMode_rHatNearOne_withAnAutocorrelationTimeAndEss() {
    List<AnnealProgress> progress = run(true, false);
    assertFalse(progress.get(0).hasDiagnostics(), "undefined before 8 reports");
    ConvergenceDiagnostics d = progress.get(progress.size() - 1).getDiagnostics();
    assertTrue(d.getSplitRHat() > 0.98 && d.getSplitRHat() < 1.05, "R̂ = " + d.getSplitRHat());
    assertTrue(d.getAutocorrelationSweeps() > 0 && d.getAutocorrelationSweeps() < 50, "τ = " + d);
    assertTrue(d.getEffectiveSampleSize() > 100 && d.getEffectiveSampleSize() <= 16 * 100 * 4, "ESS = " + d);
    assertTrue(d.getChains() == CHAINS && d.getPoints() == 100, "chains " + d.getChains() + ", points " + d.getPoints());
  }

  @Test
  void twoModes_rHatFarAboveOne() {
    List<AnnealProgress> progress = run(true, true);
    ConvergenceDiagnostics d = progress.get(progress.size() - 1).getDiagnostics();
    assertTrue(d.getSplitRHat() > 1.5, "R̂ = " + d.getSplitRHat() + ", energies " + progress.get(progress.size() - 1).getEnergy());
  }

  @Test
  void withoutTheFlag_noDiagnostics() {
    assertTrue(run(false, false).stream().noneMatch(AnnealProgress::hasDiagnostics));
  }
}
