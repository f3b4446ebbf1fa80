package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EbmsimClient#connect} channels receive messages above gRPC's 4 MiB default. (An SDK test
 * that lives in the CLI module, which has the server on its classpath.)
 */
class LargeMessagesTest {
  @TempDir Path dir;

  @Test
  void connect_getModelWithParametersAbove4MiB_isReceived() {
    int v = 1100;
    int h = 512; // 563 200 doubles: about 4.5 MB of weights
    double[][] w = new double[v][h];
    for (int i = 0; i < v; i++) {
      w[i][(i * 7) % h] = 0.01 * (i % 5 + 1);
    }
    try (EbmsimServer server = startServer();
        EbmsimClient client = EbmsimClient.connect("127.0.0.1", server.port()).withDeadline(Duration.ofSeconds(60))) {
      String id = client.createModel(ModelRequests.rbm("large", RbmVariant.BINARY, w, null, null)).getId();

      Model m = client.getModel(id, true);

      assertTrue(m.getSerializedSize() > 4 * 1024 * 1024, "the reply is " + m.getSerializedSize() + " bytes");
      assertEquals(v * h, m.getRbm().getWeights().getValuesCount());
      assertEquals(0.02, m.getRbm().getWeights().getValues(h + 7), 0.0);
    }
  }

  private EbmsimServer startServer() {
    return EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.port", 0,
        "ebmsim.server.data-dir", dir.resolve("data").toString())).withFallback(ConfigFactory.load()));
  }
}
