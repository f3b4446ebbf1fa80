package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LayerStates} against the real server: states it encodes are accepted as they are meant
 * and states the server sends decode to what they are. (An SDK test that lives in the CLI
 * module, which has the server on its classpath.)
 */
class LayerStatesAgainstRealServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Three 4×4 letters T, L, X: fixed points of their projection network. */
  private static final int[][] LETTERS = {
    {1, 1, 1, 1, -1, 1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1},
    {1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1, -1, 1, 1, 1, 1},
    {1, -1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1, -1, -1, 1}
  };

  @TempDir static Path dir;
  private static EbmsimServer server;
  private static EbmsimClient client;
  private static Model letters;

  @BeforeAll
  static void start() {
    String name = "layer-states-test";
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dir.toString()))
        .withFallback(ConfigFactory.load()), name);
    client = EbmsimClient.create(InProcessChannelBuilder.forName(name).build()).withDeadline(WAIT);
    letters = client.createModel(ModelRequests.hopfieldFromPatterns("letters", LETTERS, StorageRule.PROJECTION));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void anneal_initialStateEncodedByLayerStates_nearZeroTemperature_staysAtTheStoredPattern() {
    LayerInfo visible = LayerStates.visible(letters.getLayersList());
    AnnealRequest request = AnnealRequest.newBuilder().setModelId(letters.getId()).setChains(3).setSeed(9)
        .setSchedule(Schedules.withSweepsPerTemperature(Schedules.explicit(1e-6), 2))
        .addInitialStates(LayerStates.encode(visible, LETTERS[1]))
        .build();

    AnnealResult result = null;
    try (EventStream<AnnealEvent> events = client.anneal(request)) {
      while (events.hasNext()) {
        AnnealEvent e = events.next();
        if (e.hasResult()) {
          result = e.getResult();
        }
      }
    }

    assertEquals(3, result.getChains());
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(LETTERS[1], LayerStates.row(LayerStates.layer(result.getBestPerChain(c), "visible")
          .orElseThrow(), 0), "chain " + c + " left the fixed point it started in");
    }
  }

  @Test
  void exactSummary_groundStatesDecodeToStatesOfTheGroundEnergy() {
    ExactSummaryResponse r = client.exactSummary(letters.getId());

    int[][] ground = LayerStates.decode(r.getGroundStates(0));
    assertEquals(r.getGroundStates(0).getRows(), ground.length);
    for (int[] s : ground) {
      assertEquals(r.getGroundEnergy(), energy(s), 1e-9, "a decoded ground state has the ground energy");
    }
  }

  /** E(s) = -½ sᵀWs of the projection network of LETTERS with zero diagonal, W = ξ(ξᵀξ)⁻¹ξᵀ. */
  private static double energy(int[] s) {
    int p = LETTERS.length;
    int n = s.length;
    double[][] c = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        for (int i = 0; i < n; i++) {
          c[a][b] += LETTERS[a][i] * LETTERS[b][i];
        }
      }
    }
    double[][] inv = invert(c);
    double e = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double w = 0;
        for (int a = 0; a < p; a++) {
          for (int b = 0; b < p; b++) {
            w += LETTERS[a][i] * inv[a][b] * LETTERS[b][j];
          }
        }
        e -= 0.5 * s[i] * w * s[j];
      }
    }
    return e;
  }

  /** Gauss–Jordan inverse of a small well-conditioned matrix. */
  private static double[][] invert(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double d = a[col][col];
      for (int k = 0; k < 2 * n; k++) {
        a[col][k] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = a[r][col];
          for (int k = 0; k < 2 * n; k++) {
            a[r][k] -= f * a[col][k];
          }
        }
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, out[i], 0, n);
    }
    return out;
  }
}
