package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.ebmsim.proto.v1.AdaptiveLadder;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitLadder;
import org.ebmsim.proto.v1.GeometricLadder;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.SwapScheme;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperLadder;
import org.ebmsim.proto.v1.TemperProgress;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimulationService.Temper over Netty: a Hopfield network of one pattern ξ (N = 24), whose modes
 * ±ξ are separated by a barrier Gibbs sampling at T = 0.3 does not cross; the session runs end to
 * end, shows in the session registry with kind "temper", refuses set-temperature steering, and
 * bad requests are refused naming the field.
 */
class TemperServiceTest {
  private static final int N = 24;

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
    for (int i = 0; i < N; i++) {
      xi.addSpins(i % 3 == 0 ? -1 : 1);
    }
    modelId = models().createModel(CreateModelRequest.newBuilder().setName("one-pattern")
        .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(xi)).build()).getId();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.close();
  }

  private ModelServiceGrpc.ModelServiceBlockingStub models() {
    return ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private SimulationServiceGrpc.SimulationServiceBlockingStub simulation() {
    return SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private TemperRequest.Builder request() {
    return TemperRequest.newBuilder().setModelId(modelId).setSeed(11).setSweeps(1000).setLadders(4)
        .setLadder(TemperLadder.newBuilder().setGeometric(GeometricLadder.newBuilder().setTMin(0.3).setTMax(3)
            .setLevels(8))).setReportEverySweeps(50).setSampleLadders(1).setResultLadders(4);
  }

  private static double overlap(ChainState s) {
    double m = 0;
    byte[] spins = Wire.spins(s);
    for (int i = 0; i < N; i++) {
      m += spins[i] * (i % 3 == 0 ? -1 : 1);
    }
    return m / N;
  }

  @Test
  void temper_runsEndToEnd_bothModesAtTheColdestLevel() {
    Iterator<TemperEvent> it = simulation().temper(request().build());
    TemperEvent first = it.next();
    assertTrue(first.hasStarted());
    assertEquals("temper", first.getStarted().getKind());
    assertEquals(32, first.getStarted().getChains());
    List<TemperProgress> progress = new ArrayList<>();
    TemperResult result = null;
    while (it.hasNext()) {
      TemperEvent e = it.next();
      if (e.hasProgress()) {
        progress.add(e.getProgress());
      } else if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertEquals(20, progress.size());
    int plus = 0;
    int minus = 0;
    for (TemperProgress p : progress) {
      assertEquals(8, p.getTemperaturesCount());
      assertEquals(7, p.getAcceptanceCount());
      assertEquals(8, p.getEnergyPerTemperatureCount());
      assertEquals(8, p.getSamplesCount());
      for (int k = 0; k < p.getSamplesCount(); k++) {
        if (p.getSampleLevels(k) == 0) {
          double m = overlap(p.getSamples(k));
          plus += m > 0.5 ? 1 : 0;
          minus += m < -0.5 ? 1 : 0;
        }
      }
    }
    assertTrue(plus >= 3 && minus >= 3, "the coldest level of ladder 0 visits +ξ (" + plus + ") and −ξ (" + minus
        + ")");
    assertTrue(result != null && result.getSweeps() == 1000 && result.getStatesCount() == 32
        && result.getStateLevelsCount() == 32, "result " + result);
    assertTrue(result.getRoundTrips() > 0 && result.getRoundTripRate() > 0, "round trips " + result.getRoundTrips());
    double sum = result.getRejectionList().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(sum, result.getBarrier(), 1e-12);
    assertTrue(result.getEnergyPerTemperature(0).getMean() < result.getEnergyPerTemperature(7).getMean(),
        "colder levels hold lower energies");
  }

  @Test
  void detachedSession_isInTheRegistry_watchable_andRefusesSetTemperature() throws Exception {
    TemperRequest r = request().setSweeps(200_000).setReportEverySweeps(100).setDetached(true)
        .setLadder(TemperLadder.newBuilder().setAdaptive(AdaptiveLadder.newBuilder().setTMin(0.3).setTMax(3)
            .setLevels(8).setBurnInSweeps(1000).setTuningRounds(3))).setScheme(SwapScheme.REVERSIBLE).build();
    String id = simulation().temper(r).next().getStarted().getSessionId();
    Iterator<org.ebmsim.proto.v1.SessionEvent> watch = SessionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS).watchSession(WatchSessionRequest.newBuilder().setSessionId(id).build());
    TemperProgress seen = null;
    while (seen == null && watch.hasNext()) {
      org.ebmsim.proto.v1.SessionEvent e = watch.next();
      if (e.hasTemperProgress()) {
        seen = e.getTemperProgress();
      }
    }
    assertTrue(seen != null && seen.getTemperaturesCount() == 8, "a watcher sees tempering progress");
    Session s = sessions().getSession(GetSessionRequest.newBuilder().setSessionId(id).build());
    assertEquals("temper", s.getKind());
    assertEquals(0.3, s.getTemperature(), 1e-12, "the registry shows the coldest temperature");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> sessions().steerSession(
        SteerSessionRequest.newBuilder().setSessionId(id).setAction(SteerAction.newBuilder().setTemperature(1))
            .build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("ladder"), e.getStatus().getDescription());
    sessions().stopSession(org.ebmsim.proto.v1.StopSessionRequest.newBuilder().setSessionId(id).build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sessions().getSession(GetSessionRequest.newBuilder().setSessionId(id).build()).getState()
        == org.ebmsim.proto.v1.SessionState.RUNNING) {
      assertTrue(System.nanoTime() < deadline, "the session stops");
      Thread.onSpinWait();
    }
  }

  private void assertRefused(Status.Code code, String field, UnaryOperator<TemperRequest.Builder> change) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
      Iterator<TemperEvent> it = simulation().temper(change.apply(request()).build());
      while (it.hasNext()) {
        it.next();
      }
    });
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(field), field + " in: " + e.getStatus().getDescription());
  }

  @Test
  void badRequests_areRefusedNamingTheField() {
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder is required", b -> b.clearLadder());
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.geometric.levels", b -> b.setLadder(TemperLadder.newBuilder()
        .setGeometric(GeometricLadder.newBuilder().setTMin(0.3).setTMax(3).setLevels(1))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.geometric.t_max", b -> b.setLadder(TemperLadder.newBuilder()
        .setGeometric(GeometricLadder.newBuilder().setTMin(3).setTMax(0.3).setLevels(4))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.geometric.t_min", b -> b.setLadder(TemperLadder.newBuilder()
        .setGeometric(GeometricLadder.newBuilder().setTMin(Double.NaN).setTMax(3).setLevels(4))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.explicit.temperatures", b -> b.setLadder(TemperLadder
        .newBuilder().setExplicit(ExplicitLadder.newBuilder().addTemperatures(1).addTemperatures(0.5))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.explicit.temperatures[1]", b -> b.setLadder(TemperLadder
        .newBuilder().setExplicit(ExplicitLadder.newBuilder().addTemperatures(1).addTemperatures(-2))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "ladder.adaptive.burn_in_sweeps", b -> b.setLadder(TemperLadder
        .newBuilder().setAdaptive(AdaptiveLadder.newBuilder().setTMin(0.3).setTMax(3).setLevels(4)
            .setBurnInSweeps(1000))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "sweeps", b -> b.setSweeps(0));
    assertRefused(Status.Code.INVALID_ARGUMENT, "swap_interval_sweeps", b -> b.setSwapIntervalSweeps(5000));
    assertRefused(Status.Code.INVALID_ARGUMENT, "sample_ladders", b -> b.setSampleLadders(5));
    assertRefused(Status.Code.INVALID_ARGUMENT, "result_ladders", b -> b.setResultLadders(5));
    assertRefused(Status.Code.RESOURCE_EXHAUSTED, "ebmsim.limits.max-chains", b -> b.setLadders(1_000_000));
    assertRefused(Status.Code.NOT_FOUND, "m-0000000000000000", b -> b.setModelId("m-0000000000000000"));
    Matrix.Builder xi = Matrix.newBuilder().setRows(2).setCols(4);
    for (int k = 0; k < 8; k++) {
      xi.addValues(k % 3 - 1);
    }
    String attn = models().createModel(CreateModelRequest.newBuilder().setName("attn").setAttnbm(AttnBmSpec
        .newBuilder().setPatterns(xi).setInverseTemperature(1)).build()).getId();
    assertRefused(Status.Code.FAILED_PRECONDITION, "parallel tempering", b -> b.setModelId(attn)
        .setSampleLadders(0));
  }
}
