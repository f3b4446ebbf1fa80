package org.ebmsim.server.datasets;

import static org.ebmsim.server.datasets.DatasetTestServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.GetDatasetRequest;
import org.ebmsim.proto.v1.ListDatasetsRequest;
import org.ebmsim.proto.v1.ListDatasetsResponse;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DatasetService end to end over an in-process server on small synthetic files with known answers. */
class DatasetServiceTest {
  @TempDir Path dir;

  private DatasetTestServer start(long maxBytes) {
    return new DatasetTestServer(dir.resolve("data"), dir.resolve("root"), maxBytes);
  }

  private static DatasetSpec idx(String name) {
    return DatasetSpec.newBuilder().setName(name).setFormat(DatasetFormat.DATASET_FORMAT_IDX).build();
  }

  /** {@code n} images of 2×2 pixels, image i all of value 10·i, as an IDX ubyte file. */
  static byte[] images(int n) {
    ByteBuffer b = ByteBuffer.allocate(16 + 4 * n).put(new byte[] {0, 0, 8, 3}).putInt(n).putInt(2).putInt(2);
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < 4; p++) {
        b.put((byte) (10 * i));
      }
    }
    return b.array();
  }

  static byte[] labels(int... values) {
    ByteBuffer b = ByteBuffer.allocate(8 + values.length).put(new byte[] {0, 0, 8, 1}).putInt(values.length);
    for (int v : values) {
      b.put((byte) v);
    }
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void uploadInSmallChunks_thenGetListAndDelete() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      DatasetSpec spec = idx("tiny").toBuilder()
          .setTransforms(DatasetTransforms.newBuilder().setScale(0.1).setSpinThreshold(1.5))
          .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(0.25).setSeed(5)).build();
      // chunks of 7 bytes: the boundary between the data and labels parts falls inside a chunk
      Dataset d = s.upload(spec, gzip(images(4)), labels(2, 0, 2, 1), 7);
      assertEquals(4, d.getRows());
      assertEquals(4, d.getCols());
      assertEquals(2, d.getImageShape().getHeight());
      assertEquals(List.of(1L, 1L, 2L), d.getLabelCountsList());
      assertEquals(-1f, d.getMinValue());
      assertEquals(1f, d.getMaxValue());
      assertEquals(3, d.getTrainRows());
      assertEquals(1, d.getHeldOutRows());
      assertTrue(d.getId().matches("d-[0-9a-f]{16}"), d.getId());

      Dataset got = s.blocking.getDataset(GetDatasetRequest.newBuilder().setId(d.getId()).setPreviewRows(3).build());
      // pixels 0, 10, 20 scaled by 0.1 are 0, 1, 2: only 2 is above 1.5
      assertEquals(List.of(-1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, 1f, 1f, 1f, 1f), got.getPreview().getValuesList());
      assertEquals(List.of(2, 0, 2), got.getPreview().getLabelsList());
      assertEquals(0.1, got.getTransforms().getScale());

      Dataset second = s.upload(DatasetSpec.newBuilder().setName("b").setFormat(DatasetFormat.DATASET_FORMAT_EBMSIM)
          .build(), DatasetFile.newBuilder().setRows(1).setCols(2).addValues(0.5f).addValues(-2f).build().toByteArray(),
          null, 1 << 20);
      ListDatasetsResponse page = s.blocking.listDatasets(ListDatasetsRequest.newBuilder().setPageSize(1).build());
      assertEquals(List.of(d.getId()), page.getDatasetsList().stream().map(Dataset::getId).toList());
      ListDatasetsResponse rest = s.blocking.listDatasets(ListDatasetsRequest.newBuilder().setPageSize(1)
          .setPageToken(page.getNextPageToken()).build());
      assertEquals(List.of(second.getId()), rest.getDatasetsList().stream().map(Dataset::getId).toList());
      assertEquals("", rest.getNextPageToken());

      s.blocking.deleteDataset(DeleteDatasetRequest.newBuilder().setId(d.getId()).build());
      expect(Status.Code.NOT_FOUND, "not found",
          () -> s.blocking.getDataset(GetDatasetRequest.newBuilder().setId(d.getId()).build()));
      expect(Status.Code.NOT_FOUND, "not found",
          () -> s.blocking.deleteDataset(DeleteDatasetRequest.newBuilder().setId(d.getId()).build()));
      assertEquals(List.of(second.getId() + ".ebmds"), s.storeFiles());
    }
  }

  @Test
  void aBadChecksum_isDataLoss_andLeavesNothing() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      byte[] data = images(3);
      byte[] wrong = DatasetTestServer.sha256(data, null);
      wrong[0] ^= 1;
      expect(Status.Code.DATA_LOSS, "SHA-256", () -> s.upload(idx("x"), data, null, 5, wrong));
      assertEquals(List.of(), s.storeFiles());
      assertEquals(0, s.blocking.listDatasets(ListDatasetsRequest.getDefaultInstance()).getDatasetsCount());
    }
  }

  @Test
  void aTruncatedIdxFile_orAWrongByteCount_isInvalidArgument_andLeavesNothing() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      byte[] whole = images(3);
      byte[] cut = Arrays.copyOf(whole, whole.length - 3);
      expect(Status.Code.INVALID_ARGUMENT, "truncated", () -> s.upload(idx("x"), cut, null, 4));
      byte[] zippedCut = gzip(whole);
      byte[] zc = Arrays.copyOf(zippedCut, zippedCut.length - 10);
      expect(Status.Code.INVALID_ARGUMENT, "truncated", () -> s.upload(idx("x"), zc, null, 4));
      expect(Status.Code.INVALID_ARGUMENT, "3 labels for 2 rows",
          () -> s.upload(idx("x"), images(2), labels(1, 1, 1), 64));
      assertEquals(List.of(), s.storeFiles());
    }
  }

  @Test
  void badHeaders_andMoreBytesThanAnnounced_areInvalidArgument() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      expect(Status.Code.INVALID_ARGUMENT, "spec.format", () -> s.upload(DatasetSpec.newBuilder().setName("x").build(),
          images(1), null, 64));
      expect(Status.Code.INVALID_ARGUMENT, "header.spec.name", () -> s.upload(idx("no spaces"), images(1), null, 64));
      expect(Status.Code.INVALID_ARGUMENT, "spec.csv applies only", () -> s.upload(idx("x").toBuilder()
          .setCsv(CsvOptions.newBuilder().setLabelColumn(0)).build(), images(1), null, 64));
      expect(Status.Code.INVALID_ARGUMENT, "labels file applies only to DATASET_FORMAT_IDX",
          () -> s.upload(idx("x").toBuilder().setFormat(DatasetFormat.DATASET_FORMAT_CSV).build(), "1,2\n".getBytes(),
              "1".getBytes(), 64));
      expect(Status.Code.INVALID_ARGUMENT, "zca_epsilon", () -> s.upload(idx("x").toBuilder()
          .setTransforms(DatasetTransforms.newBuilder().setZca(true).setZcaEpsilon(-1)).build(), images(3), null, 64));
      // a header announcing fewer bytes than are sent
      CountDownLatch done = new CountDownLatch(1);
      Throwable[] error = new Throwable[1];
      var requests = s.async.uploadDataset(new io.grpc.stub.StreamObserver<Dataset>() {
        public void onNext(Dataset v) {}

        public void onError(Throwable t) {
          error[0] = t;
          done.countDown();
        }

        public void onCompleted() {
          done.countDown();
        }
      });
      byte[] data = images(2);
      requests.onNext(UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(idx("x"))
          .setDataBytes(data.length - 1).setSha256(ByteString.copyFrom(DatasetTestServer.sha256(data, null)))).build());
      requests.onNext(UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(data)).build());
      requests.onCompleted();
      assertTrue(done.await(30, TimeUnit.SECONDS));
      assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(error[0]).getCode());
      assertTrue(Status.fromThrowable(error[0]).getDescription().contains("more than the"), error[0].toString());
      assertEquals(List.of(), s.storeFiles());
    }
  }

  @Test
  void aCancelledUpload_leavesNoFile() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      byte[] data = images(100);
      CountDownLatch ended = new CountDownLatch(1);
      ClientCallStreamObserver<UploadDatasetRequest>[] call = new ClientCallStreamObserver[1];
      var requests = s.async.uploadDataset(new ClientResponseObserver<UploadDatasetRequest, Dataset>() {
        public void beforeStart(ClientCallStreamObserver<UploadDatasetRequest> r) {
          call[0] = r;
        }

        public void onNext(Dataset v) {}

        public void onError(Throwable t) {
          ended.countDown();
        }

        public void onCompleted() {
          ended.countDown();
        }
      });
      requests.onNext(UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(idx("x"))
          .setDataBytes(data.length).setSha256(ByteString.copyFrom(DatasetTestServer.sha256(data, null)))).build());
      requests.onNext(UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(data, 0, 100)).build());
      // a round trip on the same channel after the chunk: the server has received the header and made its file
      s.blocking.listDatasets(ListDatasetsRequest.getDefaultInstance());
      call[0].cancel("client gives up", null);
      assertTrue(ended.await(30, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!s.storeFiles().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the server learns of the cancel on its own thread: wait for its clean-up, bounded
      }
      assertEquals(List.of(), s.storeFiles());
    }
  }

  @Test
  void registeredPaths_mustLieUnderTheRoot() throws Exception {
    try (DatasetTestServer s = start(1 << 20)) {
      Path root = dir.resolve("root").toRealPath();
      Files.write(root.resolve("in.idx"), images(2));
      Path outside = Files.write(dir.resolve("outside.idx"), images(2));
      Files.createSymbolicLink(root.resolve("link.idx"), outside);
      Dataset ok = s.blocking.registerDataset(RegisterDatasetRequest.newBuilder().setSpec(idx("in"))
          .setDataPath("in.idx").build());
      assertEquals(2, ok.getRows());
      expect(Status.Code.PERMISSION_DENIED, "outside the dataset root", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).setDataPath("../outside.idx").build()));
      expect(Status.Code.PERMISSION_DENIED, "outside the dataset root", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).setDataPath(outside.toString()).build()));
      expect(Status.Code.PERMISSION_DENIED, "symbolic link", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).setDataPath("link.idx").build()));
      expect(Status.Code.PERMISSION_DENIED, "labels_path", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).setDataPath("in.idx").setLabelsPath("../outside.idx")
              .build()));
      expect(Status.Code.NOT_FOUND, "no file", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).setDataPath("missing.idx").build()));
      expect(Status.Code.INVALID_ARGUMENT, "data_path is required", () -> s.blocking.registerDataset(
          RegisterDatasetRequest.newBuilder().setSpec(idx("x")).build()));
      assertEquals(1, s.blocking.listDatasets(ListDatasetsRequest.getDefaultInstance()).getDatasetsCount());
    }
  }

  @Test
  void aRestart_keepsDatasets_andTheByteLimitIsResourceExhausted() throws Exception {
    String id;
    long stored;
    try (DatasetTestServer s = start(1 << 20)) {
      Dataset d = s.upload(idx("keep"), images(5), labels(0, 1, 2, 3, 4), 1 << 10);
      id = d.getId();
      stored = d.getStoredBytes();
    }
    try (DatasetTestServer s = new DatasetTestServer(dir.resolve("data"), dir.resolve("root"), stored + stored / 2)) {
      Dataset again = s.blocking.getDataset(GetDatasetRequest.newBuilder().setId(id).setPreviewRows(1).build());
      assertEquals("keep", again.getName());
      assertEquals(5, again.getClasses());
      assertEquals(40f, again.getMaxValue());
      expect(Status.Code.RESOURCE_EXHAUSTED, "max-dataset-bytes",
          () -> s.upload(idx("more"), images(5), null, 1 << 10));
      assertEquals(List.of(id + ".ebmds"), s.storeFiles());
      expect(Status.Code.INVALID_ARGUMENT, "preview_rows", () -> s.blocking.getDataset(
          GetDatasetRequest.newBuilder().setId(id).setPreviewRows(65).build()));
    }
  }
}
