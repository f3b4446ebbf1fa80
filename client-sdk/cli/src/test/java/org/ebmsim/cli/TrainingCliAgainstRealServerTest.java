package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebmsim train}, {@code models versions} and {@code classify} against the real server over Netty. */
class TrainingCliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;
  private String out;

  @BeforeEach
  void start() {
    cli = new RealServerCli(dir.resolve("data"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  private int run(String... args) {
    int code = cli.run(args);
    out = cli.out();
    return code;
  }

  /** 240 rows of 12 bits: noisy copies of three prototypes, the class in the last column. */
  private Path prototypes() throws Exception {
    SplittableRandom r = new SplittableRandom(2);
    int[][] proto = {{1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0}, {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1},
        {1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0}};
    StringBuilder csv = new StringBuilder();
    for (int row = 0; row < 240; row++) {
      int c = row % 3;
      for (int i = 0; i < 12; i++) {
        csv.append(proto[c][i] ^ (r.nextDouble() < 0.05 ? 1 : 0)).append(',');
      }
      csv.append(c).append('\n');
    }
    return Files.writeString(dir.resolve("prototypes.csv"), csv);
  }

  @Test
  void train_showsOneRowPerEpoch_writesVersions_andClassifyReportsTheHeldOutError() throws Exception {
    assertEquals(0, run("--json", "datasets", "upload", prototypes().toString(), "--format=csv",
        "--label-column=-1", "--held-out=0.25", "--split-seed=1", "--name=prototypes"));
    String dataset = JsonParser.parseString(out.strip()).getAsJsonObject().get("id").getAsString();
    String model;
    try (EbmsimClient client = EbmsimClient.connect("127.0.0.1", cli.port())) {
      model = client.createModel(CreateModelRequest.newBuilder().setName("rbm").setRbm(RbmSpec.newBuilder()
          .setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder().setDatasetId(dataset)
              .setMethod(RbmInitialisation.Method.PROJECTION).setHiddenUnits(3))).build()).getId();
    }
    assertEquals(0, run("train", model, "--dataset", dataset, "--method", "pcd", "--epochs", "3", "--lr", "0.05",
        "--batch", "10", "--no-progress"), out);
    long epochRows = out.lines().filter(l -> l.matches("[123]/3\\s+.*")).count();
    assertEquals(3, epochRows, out);
    assertTrue(out.contains(model), out);
    assertEquals(0, run("models", "versions", model), out);
    assertEquals(4, out.lines().filter(l -> l.matches("\\s*[1-4]\\s+.*")).count(), out);
    assertEquals(0, run("classify", dataset, "--hidden", "1"), out);
    assertTrue(out.contains("held-out error"), out);
    assertTrue(out.contains("(60 rows)"), out);
    assertEquals(EbmsimCli.EXIT_USAGE, run("classify", dataset, "--start", "magic"));
  }
}
