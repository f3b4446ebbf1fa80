package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.gaussian;
import static org.ebmsim.server.RbmTestServer.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Iterator;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AIS chains are not a stationary sampler, so their live diagnostic is the effective sample size
 * of the importance weights, {@code (Σw)²/Σw²}, which every progress event carries: checked here
 * against the same formula evaluated on the log-weights the events stream.
 */
class AisWeightDiagnosticsServiceTest {
  @TempDir Path dataDir;
  private RbmTestServer server;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void progressEss_isTheWeightsEss() {
    String id = server.models.createModel(CreateModelRequest.newBuilder().setName("b").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setWeights(matrix(12, 6, gaussian(72, 0.8, 3)))).build()).getId();
    Iterator<PartitionFunctionEvent> events = server.sim.estimatePartitionFunction(EstimatePartitionFunctionRequest
        .newBuilder().setModelId(id).setChains(40).setSeed(2).setSchedule(AisSchedule.newBuilder().setUniformSteps(60))
        .setReportEvery(20).setIncludeLogWeights(true).build());
    int checked = 0;
    while (events.hasNext()) {
      PartitionFunctionEvent e = events.next();
      if (!e.hasProgress()) {
        continue;
      }
      AisProgress p = e.getProgress();
      assertEquals(40, p.getLogWeightsCount());
      double max = Double.NEGATIVE_INFINITY;
      for (double lw : p.getLogWeightsList()) {
        max = Math.max(max, lw);
      }
      double sum = 0;
      double squares = 0;
      for (double lw : p.getLogWeightsList()) {
        double w = Math.exp(lw - max);
        sum += w;
        squares += w * w;
      }
      double ess = sum * sum / squares;
      assertEquals(ess, p.getEffectiveSampleSize(), 1e-9 * ess, "step " + p.getStep());
      assertTrue(ess >= 1 && ess <= 40);
      checked++;
    }
    assertEquals(3, checked, "reports at steps 20, 40 and 60");
  }
}
