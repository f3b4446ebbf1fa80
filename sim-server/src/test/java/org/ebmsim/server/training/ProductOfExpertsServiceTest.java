package org.ebmsim.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.FitProductOfExpertsRequest;
import org.ebmsim.proto.v1.FitProductOfExpertsResponse;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product-of-experts classifier over gRPC, on synthetic classes and on sklearn's 8×8 digits. */
class ProductOfExpertsServiceTest {
  static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private TrainingServiceGrpc.TrainingServiceBlockingStub training;

  @BeforeEach
  void start() {
    String name = "poe-test-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir",
        dir.resolve("data").toString())).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    training = TrainingServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private FitProductOfExpertsResponse fit(FitProductOfExpertsRequest r) {
    return training.withDeadlineAfter(120, TimeUnit.SECONDS).fitProductOfExperts(r);
  }

  @Test
  void syntheticClasses_areSeparated_withAndWithoutCdTraining_andTheConfusionAddsUp() throws Exception {
    Dataset data = TrainingWire.upload(channel, "prototypes", TrainingWire.prototypes(800, 32, 7), 0.25);
    for (int epochs : new int[] {0, 2}) {
      FitProductOfExpertsResponse r = fit(FitProductOfExpertsRequest.newBuilder().setDatasetId(data.getId())
          .setEpochs(epochs).setSeed(1).build());
      assertEquals(4, r.getClasses());
      assertEquals(600, r.getTrainRows());
      assertEquals(200, r.getHeldOutRows());
      // prototypes with 10% of 32 bits flipped are far apart: the experts must separate them
      assertTrue(r.getHeldOutError() < 0.05, "held-out error " + r.getHeldOutError() + " after " + epochs);
      int total = r.getConfusionList().stream().mapToInt(Integer::intValue).sum();
      assertEquals(200, total);
      int wrong = 0;
      for (int t = 0; t < 4; t++) {
        for (int p = 0; p < 4; p++) {
          wrong += t == p ? 0 : r.getConfusion(t * 4 + p);
        }
      }
      assertEquals(r.getHeldOutError(), wrong / 200.0, 1e-12);
    }
    // same request, same answer
    FitProductOfExpertsRequest again = FitProductOfExpertsRequest.newBuilder().setDatasetId(data.getId())
        .setEpochs(1).setStart(FitProductOfExpertsRequest.Start.PCA).setHiddenUnits(2).setSeed(3).build();
    FitProductOfExpertsResponse a = fit(again).toBuilder().clearSeconds().build();
    FitProductOfExpertsResponse b = fit(again).toBuilder().clearSeconds().build();
    assertEquals(a, b);
  }

  @Test
  void digits_heldOutErrorIsFarBelowChance() throws Exception {
    Assumptions.assumeTrue(Files.exists(DIGITS), DIGITS + " is absent (Debian package python3-sklearn)");
    DatasetFile.Builder f = DatasetFile.newBuilder().setCols(64);
    int rows = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(DIGITS)),
        StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cells = line.split(",");
        if (cells.length != 65) {
          continue;
        }
        for (int i = 0; i < 64; i++) {
          f.addValues(Double.parseDouble(cells[i]) >= 8 ? 1f : 0f);
        }
        f.addLabels((int) Double.parseDouble(cells[64]));
        rows++;
      }
    }
    Dataset data = TrainingWire.upload(channel, "digits", f.setRows(rows).build(), 0.2);
    FitProductOfExpertsResponse r = fit(FitProductOfExpertsRequest.newBuilder().setDatasetId(data.getId())
        .setHiddenUnits(3).setEpochs(3).setSeed(1).build());
    assertEquals(10, r.getClasses());
    assertEquals(1797, r.getTrainRows() + r.getHeldOutRows());
    // chance is 90%; the projection-initialised, CD-trained experts do far better
    assertTrue(r.getHeldOutError() < 0.15, "held-out error " + r.getHeldOutError());
  }

  @Test
  void badRequests_andCancellation_getPreciseStatuses() throws Exception {
    DatasetFile unlabelled = TrainingWire.prototypes(100, 16, 5).toBuilder().clearLabels().build();
    Dataset plain = TrainingWire.upload(channel, "plain", unlabelled, 0);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> fit(FitProductOfExpertsRequest
        .newBuilder().setDatasetId(plain.getId()).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("no labels"));
    Dataset data = TrainingWire.upload(channel, "prototypes", TrainingWire.prototypes(2000, 64, 5), 0.1);
    e = assertThrows(StatusRuntimeException.class, () -> fit(FitProductOfExpertsRequest.newBuilder()
        .setDatasetId(data.getId()).setHiddenUnits(65).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    e = assertThrows(StatusRuntimeException.class, () -> fit(FitProductOfExpertsRequest.newBuilder()
        .setDatasetId(data.getId()).setLearningRate(Double.NaN).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    // a long fit (1000 epochs of CD-100) stopped by its deadline, then the server still answers
    e = assertThrows(StatusRuntimeException.class, () -> training.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
        .fitProductOfExperts(FitProductOfExpertsRequest.newBuilder().setDatasetId(data.getId()).setEpochs(1000)
            .setGibbsSteps(100).build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertEquals(4, fit(FitProductOfExpertsRequest.newBuilder().setDatasetId(data.getId()).build()).getClasses());
  }
}
