package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EbmsimException;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ebmsim datasets ...} and the SDK's DatasetsClient against the real server over Netty. */
class DatasetsCliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;
  private String out;
  private String err;

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
    err = cli.err();
    return code;
  }

  /** Two 3×3 images: a plus (0/255 pixels) and its negative, labels 4 and 1. */
  private Path[] plusAndNegative() throws Exception {
    int[] plus = {0, 255, 0, 255, 255, 255, 0, 255, 0};
    ByteBuffer images = ByteBuffer.allocate(16 + 18).put(new byte[] {0, 0, 8, 3}).putInt(2).putInt(3).putInt(3);
    for (int p : plus) {
      images.put((byte) p);
    }
    for (int p : plus) {
      images.put((byte) (255 - p));
    }
    ByteBuffer labels = ByteBuffer.allocate(10).put(new byte[] {0, 0, 8, 1}).putInt(2).put((byte) 4).put((byte) 1);
    return new Path[] {Files.write(dir.resolve("images.idx"), images.array()),
        Files.write(dir.resolve("labels.idx"), labels.array())};
  }

  @Test
  void uploadListGetDelete_showImagesAsAsciiArt() throws Exception {
    Path[] files = plusAndNegative();
    assertEquals(0, run("datasets", "upload", files[0].toString(), "--labels", files[1].toString(), "--format=idx",
        "--name=plus", "--scale=0.00392156862745098", "--binarize=0.5", "--json"), err);
    JsonObject uploaded = JsonParser.parseString(out.strip()).getAsJsonObject();
    String id = uploaded.get("id").getAsString();
    assertEquals(2, uploaded.get("rows").getAsInt());
    assertEquals(5, uploaded.get("classes").getAsInt());

    assertEquals(0, run("datasets", "list"), err);
    assertTrue(out.contains(id) && out.contains("plus") && out.contains("2 x 9 (3x3 images)"), out);

    assertEquals(0, run("datasets", "get", id, "--preview=2"), err);
    List<String> lines = out.lines().toList();
    int title = lines.indexOf(lines.stream().filter(l -> l.contains("row 0 [4]")).findFirst().orElseThrow());
    // the plus and, beside it, its negative
    assertEquals(".#.", lines.get(title + 1).strip().substring(0, 3), out);
    assertTrue(lines.get(title + 1).strip().endsWith("#.#"), out);
    assertEquals("###", lines.get(title + 2).strip().substring(0, 3), out);
    assertTrue(lines.get(title + 2).strip().endsWith("..."), out);
    assertTrue(out.contains("classes:     5 (0: 0, 1: 1, 2: 0, 3: 0, 4: 1)"), out);

    assertEquals(0, run("datasets", "delete", id), err);
    assertEquals("deleted " + id, out.strip());
    assertEquals(EbmsimCli.EXIT_GRPC, run("datasets", "get", id));
    assertTrue(err.contains("NOT_FOUND"), err);
    assertEquals(0, run("datasets", "list"), err);
    assertEquals("no datasets", out.strip());
  }

  @Test
  void aMissingLocalFile_isAUsageError_andAPathOutsideTheRoot_isPermissionDenied() throws Exception {
    assertEquals(EbmsimCli.EXIT_USAGE, run("datasets", "upload", dir.resolve("nope.csv").toString(), "--format=csv"));
    assertTrue(err.contains("nope.csv"), err);
    assertEquals(EbmsimCli.EXIT_USAGE, run("datasets", "upload", "x.csv", "--format=csv", "--binarize=1",
        "--spins=1"));
    Path[] files = plusAndNegative();
    assertEquals(EbmsimCli.EXIT_GRPC, run("datasets", "register", files[0].toString(), "--format=idx"));
    assertTrue(err.contains("PERMISSION_DENIED") && err.contains("outside the dataset root"), err);
  }

  @Test
  void theSdk_uploadsCsvWithLabels_andRegistersFromTheRoot() throws Exception {
    Path csv = Files.writeString(dir.resolve("small.csv"), "x,y,label\n0.5,1,1\n2,3,0\n4,5,1\n");
    Path root = dir.resolve("data").resolve("datasets-root");
    Files.copy(plusAndNegative()[0], root.resolve("images.idx"));
    try (EbmsimClient client = EbmsimClient.connect("127.0.0.1", cli.port())) {
      Dataset d = client.datasets().upload(DatasetSpec.newBuilder().setName("small")
          .setFormat(DatasetFormat.DATASET_FORMAT_CSV).setCsv(org.ebmsim.proto.v1.CsvOptions.newBuilder()
              .setLabelColumn(-1)).build(), csv, null);
      assertEquals(3, d.getRows());
      assertEquals(List.of(1L, 2L), d.getLabelCountsList());
      Dataset r = client.datasets().register(DatasetSpec.newBuilder().setName("reg")
          .setFormat(DatasetFormat.DATASET_FORMAT_IDX).build(), "images.idx", null);
      assertEquals(3, r.getImageShape().getWidth());
      assertEquals(List.of(d.getId(), r.getId()), client.datasets().list().stream().map(Dataset::getId).toList());
      assertEquals(2, client.datasets().get(d.getId(), 2).getPreview().getRowIndicesCount());
      client.datasets().delete(d.getId());
      EbmsimException e = assertThrows(EbmsimException.class, () -> client.datasets().delete(d.getId()));
      assertEquals(Status.Code.NOT_FOUND, e.code());
    }
  }
}
