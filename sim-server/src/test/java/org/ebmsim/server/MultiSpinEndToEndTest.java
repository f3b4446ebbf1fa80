package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.GeometricLadder;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperLadder;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SparseCouplingLaw;
import org.ebmsim.proto.v1.SparseLattice;
import org.ebmsim.proto.v1.SparseSpec;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamics METROPOLIS_MULTISPIN over gRPC: a sparse ±J lattice offers it and anneals with it (the
 * returned states' energies are E of the states under the lattice regenerated here, and annealing
 * lowers the energy); the same seeded session gives identical per-chain results on servers that
 * group its chains differently (word-aligned groups of 64, and 67 + 67 + 66); a Gaussian-coupling
 * sparse model and a dense Hopfield model refuse it with INVALID_ARGUMENT naming the field and why.
 */
class MultiSpinEndToEndTest {
  @TempDir Path dir;
  private final java.util.List<EbmsimServer> servers = new java.util.ArrayList<>();
  private final java.util.List<ManagedChannel> channels = new java.util.ArrayList<>();

  private record Stubs(ModelServiceGrpc.ModelServiceBlockingStub models,
      SimulationServiceGrpc.SimulationServiceBlockingStub sim) {}

  private Stubs start(Map<String, Object> settings) {
    String name = "msc-" + UUID.randomUUID();
    Map<String, Object> all = new HashMap<>(settings);
    all.put("ebmsim.server.data-dir", dir.resolve(name).toString());
    EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(all).withFallback(ConfigFactory.load()), name);
    servers.add(server);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    channels.add(channel);
    return new Stubs(ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS),
        SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS));
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (EbmsimServer s : servers) {
      s.close();
    }
  }

  private static Model lattice(Stubs s, SparseCouplingLaw law) {
    return s.models.createModel(CreateModelRequest.newBuilder().setName("lattice").setSparse(SparseSpec.newBuilder()
        .setLattice(SparseLattice.newBuilder().setDimensions(3).setSide(6).setLaw(law).setSeed(12))).build());
  }

  private static AnnealRequest.Builder anneal(Model m) {
    return AnnealRequest.newBuilder().setModelId(m.getId()).setChains(200).setSeed(31)
        .setDynamics(Dynamics.METROPOLIS_MULTISPIN).setResultStates(3)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.3)
            .setSteps(10)).setSweepsPerTemperature(5));
  }

  private static AnnealResult run(Stubs s, AnnealRequest request) {
    Iterator<AnnealEvent> it = s.sim.anneal(request);
    AnnealResult result = null;
    while (it.hasNext()) {
      AnnealEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertNotNull(result);
    return result;
  }

  @Test
  void plusMinusJLattice_annealsWithIt_identicallyHoweverTheChainsAreGrouped() {
    Stubs aligned = start(Map.of());
    Model m = lattice(aligned, SparseCouplingLaw.PLUS_MINUS_ONE);
    assertTrue(m.getCapabilities().getDynamicsList().contains(Dynamics.METROPOLIS_MULTISPIN),
        m.getCapabilities().toString());
    AnnealResult a = run(aligned, anneal(m).build());
    assertEquals(50, a.getSweeps());
    assertEquals(200, a.getChains());
    SparseNetwork net = new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(3, 6), CouplingLaw.PLUS_MINUS_ONE,
        12), new double[216], ValueType.SPIN, 216);
    for (ChainState c : a.getBestPerChainList()) {
      assertEquals(net.energy(Wire.spins(c), 0), c.getEnergy(), 1e-9);
    }
    assertEquals(net.energy(Wire.spins(a.getBest()), 0), a.getBest().getEnergy(), 1e-9);
    // 3D ±J ground states lie near −1.7 per spin; a random state near 0: 50 sweeps down to T = 0.3 get well below
    assertTrue(a.getBest().getEnergy() < -1.4 * 216, "best energy " + a.getBest().getEnergy());

    // 1 chain per group configured, at most 3 groups: 64 per group, hence 67 + 67 + 66 for 200 chains
    Stubs spread = start(Map.of("ebmsim.engine.single-site-chains-per-group", 1, "ebmsim.engine.max-groups", 3));
    Model again = lattice(spread, SparseCouplingLaw.PLUS_MINUS_ONE);
    AnnealResult b = run(spread, anneal(again).build());
    assertArrayEquals(a.getBestEnergiesList().stream().mapToDouble(Double::doubleValue).toArray(),
        b.getBestEnergiesList().stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(a.getFinalEnergy(), b.getFinalEnergy());
    assertEquals(a.getBest().getEnergy(), b.getBest().getEnergy());
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(Wire.spins(a.getBestPerChain(c)), Wire.spins(b.getBestPerChain(c)), "chain " + c);
    }
  }

  private static TemperResult temper(Stubs s, Model m) {
    Iterator<TemperEvent> it = s.sim.temper(TemperRequest.newBuilder().setModelId(m.getId())
        .setLadder(TemperLadder.newBuilder().setGeometric(GeometricLadder.newBuilder().setTMin(0.5).setTMax(3)
            .setLevels(4))).setLadders(20).setSweeps(40).setSwapIntervalSweeps(2).setSeed(5)
        .setDynamics(Dynamics.METROPOLIS_MULTISPIN).setResultLadders(2).build());
    TemperResult result = null;
    while (it.hasNext()) {
      TemperEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertNotNull(result);
    return result;
  }

  /** 4 levels × 20 ladders = 80 chains, each run of equal temperature updated on its own. */
  @Test
  void temper_runsWithIt_identicallyHoweverTheChainsAreGrouped() {
    Stubs aligned = start(Map.of());
    TemperResult a = temper(aligned, lattice(aligned, SparseCouplingLaw.PLUS_MINUS_ONE));
    assertEquals(40, a.getSweeps());
    assertEquals(8, a.getStatesCount());
    SparseNetwork net = new SparseNetwork(SparseGraphs.withLaw(SparseGraphs.lattice(3, 6), CouplingLaw.PLUS_MINUS_ONE,
        12), new double[216], ValueType.SPIN, 216);
    for (ChainState c : a.getStatesList()) {
      assertEquals(net.energy(Wire.spins(c), 0), c.getEnergy(), 1e-9);
    }
    // colder levels sit lower
    assertTrue(a.getEnergyPerTemperature(0).getMean() < a.getEnergyPerTemperature(3).getMean(), a.toString());
    Stubs spread = start(Map.of("ebmsim.engine.single-site-chains-per-group", 1, "ebmsim.engine.max-groups", 3));
    TemperResult b = temper(spread, lattice(spread, SparseCouplingLaw.PLUS_MINUS_ONE));
    assertEquals(a, b);
  }

  /**
   * Completion on a 3D ferromagnet (T_c ≈ 4.5) at T = 1 with the first half of the units clamped
   * at +1: the clamped units stay +1 in every averaged state, and the free ones align with them.
   */
  @Test
  void complete_clampsTheKnownUnits() {
    Stubs s = start(Map.of());
    Model m = lattice(s, SparseCouplingLaw.FERROMAGNETIC);
    MaskedCue.Builder cue = MaskedCue.newBuilder();
    for (int i = 0; i < 216; i++) {
      cue.addValues(i < 108 ? 1 : 0).addKnown(i < 108);
    }
    Iterator<CompleteEvent> it = s.sim.complete(CompleteRequest.newBuilder().setModelId(m.getId()).setMasked(cue)
        .setMode(CompletionMode.STOCHASTIC).setTemperature(1.0).setSweeps(60).setAverageLast(20).setChains(70)
        .setSeed(3).setDynamics(Dynamics.METROPOLIS_MULTISPIN).build());
    CompleteResult result = null;
    while (it.hasNext()) {
      CompleteEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertNotNull(result);
    double free = 0;
    for (int i = 0; i < 216; i++) {
      if (i < 108) {
        assertEquals(1.0, result.getUnitMeans(i), 0.0, "unit " + i);
      } else {
        free += result.getUnitMeans(i) / 108;
      }
    }
    assertTrue(free > 0.95, "mean of the free units " + free);
  }

  @Test
  void otherModels_refuseIt_withInvalidArgumentNamingTheFieldAndWhy() {
    Stubs s = start(Map.of());
    Model gaussian = lattice(s, SparseCouplingLaw.GAUSSIAN);
    assertTrue(!gaussian.getCapabilities().getDynamicsList().contains(Dynamics.METROPOLIS_MULTISPIN));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run(s, anneal(gaussian).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains("dynamics METROPOLIS_MULTISPIN is not available"), e.toString());
    assertTrue(e.getStatus().getDescription().contains("+J or -J with one magnitude"), e.toString());

    Model hopfield = s.models.createModel(CreateModelRequest.newBuilder().setName("dense").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setPatterns(SpinMatrix.newBuilder().setRows(1).setCols(4).addSpins(1)
            .addSpins(-1).addSpins(1).addSpins(1))).build());
    assertTrue(!hopfield.getCapabilities().getDynamicsList().contains(Dynamics.METROPOLIS_MULTISPIN));
    StatusRuntimeException d = assertThrows(StatusRuntimeException.class, () -> run(s, anneal(hopfield).setChains(4)
        .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, d.getStatus().getCode(), d.getStatus().toString());
    assertTrue(d.getStatus().getDescription().contains("dynamics METROPOLIS_MULTISPIN"), d.toString());
    assertTrue(d.getStatus().getDescription().contains("only the sparse family"), d.toString());
  }
}
