package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.HopfieldPlanted;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted-solution instances over gRPC: on a 4 × 4 instance exact enumeration (ExactSummary)
 * finds the planted state's energy as the ground energy; on a 32 × 32 instance (N = 1 024, far
 * beyond enumeration) an annealing session reaches the planted ground energy, and no chain ever
 * reports an energy below it. The planted energy is computed here from the returned weights and
 * the stored pattern 0 (the planted state).
 */
class PlantedInstanceEndToEndTest {
  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;

  @BeforeEach
  void start() {
    String name = "planted-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dir.toString()))
        .withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    sim = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private Model planted(int dimensions, int side, double density, long seed) {
    return models.createModel(CreateModelRequest.newBuilder().setName("planted").setHopfieldPlanted(HopfieldPlanted
        .newBuilder().setDimensions(dimensions).setSide(side).setLoopDensity(density).setSeed(seed)).build());
  }

  /** E(g) = −½ gᵀWg of the stored pattern 0, from the model's own parameters. */
  private double plantedEnergy(String id) {
    HopfieldParameters p = models.getModel(GetModelRequest.newBuilder().setId(id).setIncludeParameters(true).build())
        .getHopfield();
    int n = p.getWeights().getRows();
    List<Integer> g = p.getPatterns().getSpinsList();
    double e = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        e -= 0.5 * p.getWeights().getValues(i * n + j) * g.get(i) * g.get(j);
      }
    }
    return e;
  }

  @Test
  void smallInstance_enumerationFindsThePlantedEnergyAsTheGround() {
    Model m = planted(2, 4, 1.5, 3);
    assertEquals(16, m.getUnits());
    assertEquals(1, m.getStoredPatterns());
    ExactSummaryResponse exact = sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(1).build());
    assertEquals(plantedEnergy(m.getId()), exact.getGroundEnergy(), 1e-9);
  }

  @Test
  void thousandSpins_annealingReachesThePlantedGroundEnergy_andNeverGoesBelow() {
    Model m = planted(2, 32, 0.5, 11);
    assertEquals(1024, m.getUnits());
    double e0 = plantedEnergy(m.getId());
    Iterator<AnnealEvent> it = sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(16).setSeed(5)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.05)
            .setSteps(500)).setSweepsPerTemperature(40)).setReportEverySweeps(5000).build());
    AnnealResult result = null;
    while (it.hasNext()) {
      AnnealEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    int reached = 0;
    for (var chain : result.getBestPerChainList()) {
      assertTrue(chain.getEnergy() >= e0 - 1e-9, "a chain below the planted ground energy: " + chain.getEnergy()
          + " < " + e0);
      reached += Math.abs(chain.getEnergy() - e0) < 1e-9 ? 1 : 0;
    }
    assertTrue(reached >= 1, "no chain of 16 reached the planted ground energy " + e0 + " (best "
        + result.getBest().getEnergy() + ")");
    assertEquals(e0, result.getBest().getEnergy(), 1e-9);
  }

  @Test
  void settingsOutOfRange_getInvalidArgument_namingTheField() {
    for (HopfieldPlanted bad : new HopfieldPlanted[] {
        HopfieldPlanted.newBuilder().setDimensions(4).setSide(3).setLoopDensity(1).build(),
        HopfieldPlanted.newBuilder().setDimensions(2).setSide(2).setLoopDensity(1).build(),
        HopfieldPlanted.newBuilder().setDimensions(2).setSide(8).setLoopDensity(0).build()}) {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> models.createModel(CreateModelRequest.newBuilder().setHopfieldPlanted(bad).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
      assertTrue(e.getStatus().getDescription().contains("hopfield_planted"), e.getStatus().toString());
    }
    // 17³ = 4913 units: above the server's units limit, like any other model that large
    StatusRuntimeException big = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
        () -> models.createModel(CreateModelRequest.newBuilder().setHopfieldPlanted(HopfieldPlanted.newBuilder()
            .setDimensions(3).setSide(17).setLoopDensity(1)).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode(), big.getStatus().toString());
    assertTrue(big.getStatus().getDescription().contains("max-units"), big.getStatus().toString());
  }
}
