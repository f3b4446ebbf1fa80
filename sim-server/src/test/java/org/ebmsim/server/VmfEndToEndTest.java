package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.VmfSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model C over gRPC against closed forms written here: on the 2-sphere (N = 3) the von
 * Mises–Fisher law has Z = 4π sinh κ / κ and ⟨μᵀv⟩ = coth κ − 1/κ; on the circle (N = 2)
 * Z = 2π I₀(κ) with I₀ summed as its power series. ExactSummary's ⟨E⟩ also equals T²/β ·
 * d log Z/dT by central differences of its own log Z, and its heat capacity d⟨E⟩/dT likewise.
 * Anneal's exact draws average to ⟨E⟩ within 4 standard errors (seeded), and bad requests get
 * precise statuses.
 */
class VmfEndToEndTest {
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

  /** Patterns whose sum η = (1, 2, 2): ‖η‖ = 3. */
  private Model threeD(double beta) {
    return server.models.createModel(CreateModelRequest.newBuilder().setName("c3").setVmf(VmfSpec.newBuilder()
        .setPatterns(matrix(2, 3, 0.5, 2.5, 1, 0.5, -0.5, 1)).setInverseTemperature(beta)).build());
  }

  private ExactSummaryResponse exact(String id, double t) {
    return server.sim.exactSummary(ExactSummaryRequest.newBuilder().setModelId(id).setTemperature(t).build());
  }

  @Test
  void exactSummary_onTheTwoSphere_matchesTheClosedForms() {
    double beta = 0.8;
    Model m = threeD(beta);
    assertEquals("vmf", m.getFamily());
    for (double t : new double[] {0.5, 1, 3}) {
      ExactSummaryResponse r = exact(m.getId(), t);
      double kappa = beta * 3 / t;
      assertEquals(Math.log(4 * Math.PI * Math.sinh(kappa) / kappa), r.getLogZ(), 1e-10, "log Z at T = " + t);
      double a = 1 / Math.tanh(kappa) - 1 / kappa;
      assertEquals(-3 * a, r.getMeanEnergy(), 1e-10, "⟨E⟩ at T = " + t);
      assertEquals(r.getLogZ() + beta / t * r.getMeanEnergy(), r.getEntropy(), 1e-10);
      // ⟨E⟩ = (T²/β) d log Z/dT and C = d⟨E⟩/dT, by central differences of the server's own answers
      double h = 1e-4 * t;
      double dLogZ = (exact(m.getId(), t + h).getLogZ() - exact(m.getId(), t - h).getLogZ()) / (2 * h);
      assertEquals(r.getMeanEnergy(), t * t / beta * dLogZ, 1e-6);
      double dE = (exact(m.getId(), t + h).getMeanEnergy() - exact(m.getId(), t - h).getMeanEnergy()) / (2 * h);
      assertEquals(dE, r.getHeatCapacity(), 1e-6);
      // the mean state is A·η/‖η‖
      List<Double> mean = r.getMarginals(0).getValuesList();
      assertEquals(a / 3, mean.get(0), 1e-10);
      assertEquals(2 * a / 3, mean.get(1), 1e-10);
    }
  }

  @Test
  void exactSummary_onTheCircle_isTwoPiBesselI0() {
    Model m = server.models.createModel(CreateModelRequest.newBuilder().setVmf(VmfSpec.newBuilder()
        .setPatterns(matrix(1, 2, 3, 4)).setInverseTemperature(1.5)).build());
    double kappa = 1.5 * 5;
    double i0 = 0;
    double term = 1;
    for (int k = 0; k < 200; k++) { // Σ (κ/2)^{2k} / (k!)²
      i0 += term;
      term *= (kappa / 2) * (kappa / 2) / ((k + 1.0) * (k + 1.0));
    }
    assertEquals(Math.log(2 * Math.PI * i0), exact(m.getId(), 1).getLogZ(), 1e-10);
    // β = 0: the uniform law, Z = the circle's length
    Model flat = server.models.createModel(CreateModelRequest.newBuilder().setVmf(VmfSpec.newBuilder()
        .setPatterns(matrix(1, 2, 3, 4))).build());
    assertEquals(Math.log(2 * Math.PI), exact(flat.getId(), 1).getLogZ(), 1e-12);
  }

  @Test
  void anneal_drawsExactSamples_whoseEnergyAveragesToTheClosedForm() {
    double beta = 0.8;
    Model m = threeD(beta);
    int chains = 200;
    int sweeps = 50;
    List<AnnealEvent> events = new ArrayList<>();
    server.sim.anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(chains).setSeed(17)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(1).setSteps(1))
            .setSweepsPerTemperature(sweeps)).setReportEverySweeps(1).build()).forEachRemaining(events::add);
    double sum = 0;
    int reports = 0;
    for (AnnealEvent e : events) {
      if (e.hasProgress()) {
        sum += e.getProgress().getEnergy().getMean();
        reports++;
      }
    }
    assertEquals(sweeps, reports);
    double kappa = beta * 3;
    double a = 1 / Math.tanh(kappa) - 1 / kappa;
    double varW = 1 - a * a - 2 * a / kappa;
    double se = 3 * Math.sqrt(varW / ((double) chains * reports)); // every draw independent
    double mean = sum / reports;
    assertTrue(Math.abs(mean - (-3 * a)) < 4 * se, "sample mean energy " + mean + " vs exact " + (-3 * a) + " ± "
        + se);
  }

  @Test
  void badRequests_getPreciseStatuses() {
    expect(Status.Code.INVALID_ARGUMENT, "N >= 2", () -> server.models.createModel(CreateModelRequest.newBuilder()
        .setVmf(VmfSpec.newBuilder().setPatterns(matrix(2, 1, 1, 2)).setInverseTemperature(1)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "inverse_temperature", () -> server.models.createModel(
        CreateModelRequest.newBuilder().setVmf(VmfSpec.newBuilder().setPatterns(matrix(1, 2, 1, 2))
            .setInverseTemperature(-1)).build()));
    expect(Status.Code.INVALID_ARGUMENT, "patterns is required", () -> server.models.createModel(
        CreateModelRequest.newBuilder().setVmf(VmfSpec.newBuilder().setInverseTemperature(1)).build()));
    Model m = threeD(1);
    expect(Status.Code.INVALID_ARGUMENT, "temperature", () -> exact(m.getId(), -1));
    expect(Status.Code.FAILED_PRECONDITION, "dynamics METROPOLIS is not available", () -> server.sim.anneal(
        AnnealRequest.newBuilder().setModelId(m.getId()).setChains(1).setDynamics(Dynamics.METROPOLIS)
            .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(1).setTEnd(1)
                .setSteps(2))).build()).hasNext());
    expect(Status.Code.FAILED_PRECONDITION, "", () -> server.sim.estimatePartitionFunction(
        EstimatePartitionFunctionRequest.newBuilder().setModelId(m.getId()).setChains(10).build()).hasNext());
  }
}
