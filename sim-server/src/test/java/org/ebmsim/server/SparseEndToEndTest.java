package org.ebmsim.server;

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
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.PegasusGraph;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SparseCouplingLaw;
import org.ebmsim.proto.v1.SparseCsr;
import org.ebmsim.proto.v1.SparseLattice;
import org.ebmsim.proto.v1.SparsePegasus;
import org.ebmsim.proto.v1.SparsePlanted;
import org.ebmsim.proto.v1.SparseRandomGraph;
import org.ebmsim.proto.v1.SparseSpec;
import org.ebmsim.proto.v1.SparseUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse family over gRPC: a small CSR Boltzmann machine with hidden units is enumerated
 * exactly (log Z checked against a brute-force sum written here from the CSR arrays); a 10⁶-unit
 * 3D ±J lattice (L = 100) is created within the limits and annealed for a few sweeps, its
 * reported best energy equal to E of the returned state under the lattice regenerated here;
 * planted instances report E₀ in their description; Pegasus P(16) has its published size and anneals
 * to states whose energy the client can recompute; bad specs get INVALID_ARGUMENT naming the field
 * and oversized ones RESOURCE_EXHAUSTED naming the limit, before anything is allocated.
 */
class SparseEndToEndTest {
  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private ModelServiceGrpc.ModelServiceBlockingStub models;
  private SimulationServiceGrpc.SimulationServiceBlockingStub sim;

  @BeforeEach
  void start() {
    String name = "sparse-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dir.toString()))
        .withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    sim = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private Model create(SparseSpec spec) {
    return models.createModel(CreateModelRequest.newBuilder().setName("sparse").setSparse(spec).build());
  }

  /** A ring 0-1-…-7-0 plus chords 0-4 and 2-6, values (i+1)/4 − 1 … written out as CSR. */
  private static SparseCsr ringWithChords() {
    int n = 8;
    double[][] w = new double[n][n];
    int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 0}, {0, 4}, {2, 6}};
    for (int e = 0; e < edges.length; e++) {
      double v = 0.3 * (e + 1) - 1.4;
      w[edges[e][0]][edges[e][1]] = v;
      w[edges[e][1]][edges[e][0]] = v;
    }
    SparseCsr.Builder b = SparseCsr.newBuilder().setUnits(n).addRowPointers(0);
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (w[i][j] != 0) {
          b.addColumnIndices(j).addValues(w[i][j]);
          count++;
        }
      }
      b.addRowPointers(count);
    }
    return b.build();
  }

  @Test
  void csrBoltzmannMachineWithHiddenUnits_exactSummaryMatchesBruteForce() {
    SparseCsr csr = ringWithChords();
    double[] bias = {0.2, -0.1, 0.4, 0, -0.3, 0.1, 0.25, -0.2};
    Model m = create(SparseSpec.newBuilder().setCsr(csr).addAllBias(java.util.Arrays.stream(bias).boxed().toList())
        .setUnitValues(SparseUnits.SPARSE_BINARY).setVisibleUnits(5).build());
    assertEquals("sparse", m.getFamily());
    assertEquals(5, m.getVisibleUnits());
    assertEquals(3, m.getHiddenUnits());
    assertTrue(m.getCapabilities().getExact());
    double t = 0.7;
    ExactSummaryResponse exact = sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(t).build());
    // brute force from the CSR arrays: Z = Σ_s exp(−E(s)/T), s ∈ {0,1}^8
    double z = 0;
    double ground = Double.POSITIVE_INFINITY;
    for (int index = 0; index < 256; index++) {
      double e = 0;
      for (int i = 0; i < 8; i++) {
        int si = index >> i & 1;
        e -= bias[i] * si;
        for (int k = csr.getRowPointers(i); k < csr.getRowPointers(i + 1); k++) {
          e -= 0.5 * csr.getValues(k) * si * (index >> csr.getColumnIndices(k) & 1);
        }
      }
      z += Math.exp(-e / t);
      ground = Math.min(ground, e);
    }
    assertEquals(Math.log(z), exact.getLogZ(), 1e-9);
    assertEquals(ground, exact.getGroundEnergy(), 1e-9);
  }

  @Test
  void millionUnitLattice_isCreatedWithinTheLimits_andSwept() {
    long seed = 9;
    Model m = create(SparseSpec.newBuilder().setLattice(SparseLattice.newBuilder().setDimensions(3).setSide(100)
        .setLaw(SparseCouplingLaw.PLUS_MINUS_ONE).setSeed(seed)).build());
    assertEquals(1_000_000, m.getUnits());
    assertTrue(m.getDescription().contains("3000000 couplings"), m.getDescription());
    assertTrue(m.getHeldBytes() < 400L << 20, "held " + m.getHeldBytes() + " bytes: charged by nnz, not N²");
    Iterator<AnnealEvent> it = sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(1).setSeed(3)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(2).setTEnd(1)
            .setSteps(2)).setSweepsPerTemperature(2)).setResultStates(1).build());
    AnnealResult result = null;
    while (it.hasNext()) {
      AnnealEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertNotNull(result);
    assertEquals(4, result.getSweeps());
    SparseCouplings j = SparseGraphs.withLaw(SparseGraphs.lattice(3, 100), CouplingLaw.PLUS_MINUS_ONE, seed);
    SparseNetwork net = new SparseNetwork(j, new double[1_000_000], ValueType.SPIN, 1_000_000);
    byte[] best = Wire.spins(result.getBest());
    assertEquals(net.energy(best, 0), result.getBest().getEnergy(), 1e-6);
    // four sweeps at T ≤ 2 take a random state (E ≈ 0 ± 1700) well below zero
    assertTrue(result.getBest().getEnergy() < -500_000, "energy " + result.getBest().getEnergy());
  }

  @Test
  void plantedInstance_statesItsGroundEnergy_andItsStoredPatternHasIt() {
    Model m = create(SparseSpec.newBuilder().setPlanted(SparsePlanted.newBuilder().setLattice(SparseLattice
        .newBuilder().setDimensions(3).setSide(6)).setLoopDensity(0.8).setSeed(4)).build());
    assertEquals(216, m.getUnits());
    assertEquals("planted", m.getVariant());
    assertTrue(m.getDescription().contains("planted ground energy E0 = -"), m.getDescription());
    // the stored parameters are the spec: GetModel gives it back, and the family rebuilds it
    Model full = models.getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true).build());
    assertEquals(0.8, full.getSparse().getPlanted().getLoopDensity());
  }

  /**
   * P(16), the Advantage graph: 5 640 units and 40 484 couplings in the fabric, 5 760 in full; a few
   * annealing sweeps report a best energy equal to E of the returned state under P(16) regenerated
   * here; a planted instance on P(4) states E₀ and its stored pattern 0 has it.
   */
  @Test
  void pegasus_isCreatedWithItsPublishedSize_annealed_andPlanted() {
    long seed = 12;
    Model m = create(SparseSpec.newBuilder().setPegasus(SparsePegasus.newBuilder().setSize(16)
        .setLaw(SparseCouplingLaw.GAUSSIAN).setSeed(seed)).build());
    assertEquals(5640, m.getUnits());
    assertEquals("pegasus", m.getVariant());
    assertTrue(m.getDescription().contains("40484 couplings"), m.getDescription());
    Model full = create(SparseSpec.newBuilder().setPegasus(SparsePegasus.newBuilder().setSize(16).setFullGraph(true)
        .setLaw(SparseCouplingLaw.FERROMAGNETIC)).build());
    assertEquals(5760, full.getUnits());
    assertTrue(full.getDescription().contains("40656 couplings"), full.getDescription());
    Iterator<AnnealEvent> it = sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(2).setSeed(3)
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.5)
            .setSteps(5)).setSweepsPerTemperature(4)).setResultStates(1).build());
    AnnealResult result = null;
    while (it.hasNext()) {
      AnnealEvent e = it.next();
      if (e.hasResult()) {
        result = e.getResult();
      }
    }
    assertNotNull(result);
    SparseCouplings j = SparseGraphs.withLaw(PegasusGraph.of(16, true).couplings(), CouplingLaw.GAUSSIAN, seed);
    SparseNetwork net = new SparseNetwork(j, new double[5640], ValueType.SPIN, 5640);
    assertEquals(net.energy(Wire.spins(result.getBest()), 0), result.getBest().getEnergy(), 1e-6);
    assertTrue(result.getBest().getEnergy() < -1000, "energy " + result.getBest().getEnergy());

    Model planted = create(SparseSpec.newBuilder().setPlanted(SparsePlanted.newBuilder().setPegasus(SparsePegasus
        .newBuilder().setSize(4)).setLoopDensity(0.5).setSeed(2)).build());
    assertEquals(264, planted.getUnits());
    assertTrue(planted.getDescription().contains("Pegasus P(4) fabric")
        && planted.getDescription().contains("planted ground energy E0 = -"), planted.getDescription());
  }

  private StatusRuntimeException refused(SparseSpec spec) {
    return assertThrows(StatusRuntimeException.class, () -> create(spec));
  }

  @Test
  void badSpecs_getInvalidArgumentNamingTheField() {
    SparseCsr good = ringWithChords();
    SparseCsr asymmetric = good.toBuilder().setValues(0, good.getValues(0) + 1).build();
    SparseCsr outOfRange = good.toBuilder().setColumnIndices(1, 8).build();
    SparseCsr nonFinite = good.toBuilder().setValues(2, Double.NaN).build();
    SparseCsr shortPointers = good.toBuilder().clearRowPointers().addRowPointers(0).build();
    Object[][] cases = {
        {SparseSpec.newBuilder().setCsr(asymmetric).build(), "sparse.csr is not symmetric"},
        {SparseSpec.newBuilder().setCsr(outOfRange).build(), "sparse.csr.column_indices[1]"},
        {SparseSpec.newBuilder().setCsr(nonFinite).build(), "sparse.csr.values[2]"},
        {SparseSpec.newBuilder().setCsr(shortPointers).build(), "sparse.csr.row_pointers"},
        {SparseSpec.newBuilder().setCsr(good).addBias(1).build(), "sparse.bias"},
        {SparseSpec.newBuilder().setCsr(good).setVisibleUnits(9).build(), "sparse.visible_units"},
        {SparseSpec.newBuilder().setLattice(SparseLattice.newBuilder().setDimensions(3).setSide(5)).build(),
            "sparse.lattice.law"},
        {SparseSpec.newBuilder().setLattice(SparseLattice.newBuilder().setDimensions(4).setSide(5)
            .setLaw(SparseCouplingLaw.GAUSSIAN)).build(), "sparse.lattice.dimensions"},
        {SparseSpec.newBuilder().setPlanted(SparsePlanted.newBuilder().setLattice(SparseLattice.newBuilder()
            .setDimensions(3).setSide(5).setLaw(SparseCouplingLaw.GAUSSIAN)).setLoopDensity(1)).build(),
            "sparse.planted.lattice.law"},
        {SparseSpec.newBuilder().setPegasus(SparsePegasus.newBuilder().setSize(1)
            .setLaw(SparseCouplingLaw.GAUSSIAN)).build(), "sparse.pegasus.size must be in [2, 4096]"},
        {SparseSpec.newBuilder().setPegasus(SparsePegasus.newBuilder().setSize(3)).build(), "sparse.pegasus.law"},
        {SparseSpec.newBuilder().setPlanted(SparsePlanted.newBuilder().setPegasus(SparsePegasus.newBuilder()
            .setSize(3).setSeed(1)).setLoopDensity(1)).build(), "sparse.planted.pegasus.law"},
        {SparseSpec.newBuilder().build(), "sparse.graph is required"}};
    for (Object[] c : cases) {
      StatusRuntimeException e = refused((SparseSpec) c[0]);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
      assertTrue(e.getStatus().getDescription().contains((String) c[1]), c[1] + " vs " + e.getStatus());
    }
  }

  @Test
  void oversizedSpecs_getResourceExhaustedNamingTheLimit() {
    StatusRuntimeException units = refused(SparseSpec.newBuilder().setLattice(SparseLattice.newBuilder()
        .setDimensions(3).setSide(200).setLaw(SparseCouplingLaw.PLUS_MINUS_ONE)).build());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, units.getStatus().getCode(), units.getStatus().toString());
    assertTrue(units.getStatus().getDescription().contains("max-sparse-units"), units.getStatus().toString());
    StatusRuntimeException couplings = refused(SparseSpec.newBuilder().setRandomGraph(SparseRandomGraph.newBuilder()
        .setUnits(1_500_000).setDegree(64).setLaw(SparseCouplingLaw.GAUSSIAN)).build());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, couplings.getStatus().getCode(), couplings.getStatus().toString());
    assertTrue(couplings.getStatus().getDescription().contains("max-sparse-couplings"),
        couplings.getStatus().toString());
    StatusRuntimeException pegasus = refused(SparseSpec.newBuilder().setPegasus(SparsePegasus.newBuilder()
        .setSize(300).setLaw(SparseCouplingLaw.PLUS_MINUS_ONE)).build());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, pegasus.getStatus().getCode(), pegasus.getStatus().toString());
    assertTrue(pegasus.getStatus().getDescription().contains("max-sparse-units"), pegasus.getStatus().toString());
    StatusRuntimeException csrUnits = refused(SparseSpec.newBuilder().setCsr(SparseCsr.newBuilder()
        .setUnits(3_000_000)).build());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, csrUnits.getStatus().getCode(), csrUnits.getStatus().toString());
    assertTrue(csrUnits.getStatus().getDescription().contains("sparse.csr"), csrUnits.getStatus().toString());
  }
}
