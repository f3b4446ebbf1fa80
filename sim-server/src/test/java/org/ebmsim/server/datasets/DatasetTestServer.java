package org.ebmsim.server.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;
import org.ebmsim.server.EbmsimServer;

/** An in-process server with a data folder and a dataset root, plus an upload helper. */
final class DatasetTestServer implements AutoCloseable {
  final EbmsimServer server;
  final ManagedChannel channel;
  final DatasetServiceGrpc.DatasetServiceBlockingStub blocking;
  final DatasetServiceGrpc.DatasetServiceStub async;
  final Path dataDir;
  final Path root;

  DatasetTestServer(Path dataDir, Path root, long maxDatasetBytes) {
    this.dataDir = dataDir;
    this.root = root;
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dataDir.toString());
    overrides.put("ebmsim.datasets.root", root.toString());
    overrides.put("ebmsim.limits.max-dataset-bytes", maxDatasetBytes);
    String name = "datasets-test-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    blocking = DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    async = DatasetServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  static byte[] sha256(byte[] data, byte[] labels) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(data);
    if (labels != null) {
      md.update(labels);
    }
    return md.digest();
  }

  /** Uploads in chunks of {@code chunk} bytes with the right checksum; throws the call's status on failure. */
  Dataset upload(DatasetSpec spec, byte[] data, byte[] labels, int chunk) throws Exception {
    return upload(spec, data, labels, chunk, sha256(data, labels));
  }

  Dataset upload(DatasetSpec spec, byte[] data, byte[] labels, int chunk, byte[] sha) throws Exception {
    CompletableFuture<Dataset> result = new CompletableFuture<>();
    StreamObserver<UploadDatasetRequest> requests = async.uploadDataset(new StreamObserver<>() {
      @Override
      public void onNext(Dataset value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    requests.onNext(UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(spec)
        .setDataBytes(data.length).setLabelsBytes(labels == null ? 0 : labels.length)
        .setSha256(ByteString.copyFrom(sha))).build());
    byte[] all = labels == null ? data : concat(data, labels);
    for (int at = 0; at < all.length; at += chunk) {
      requests.onNext(UploadDatasetRequest.newBuilder()
          .setChunk(ByteString.copyFrom(all, at, Math.min(chunk, all.length - at))).build());
    }
    requests.onCompleted();
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw s;
      }
      throw e;
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Files in the store's folder now. */
  List<String> storeFiles() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("datasets"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static void expect(Status.Code code, String fragment, org.junit.jupiter.api.function.Executable call) {
    try {
      call.execute();
      fail("expected " + code + " mentioning \"" + fragment + "\"");
    } catch (StatusRuntimeException e) {
      assertEquals(code, e.getStatus().getCode(), "status (description: " + e.getStatus().getDescription() + ")");
      String d = String.valueOf(e.getStatus().getDescription());
      assertTrue(d.contains(fragment), "description \"" + d + "\" should mention \"" + fragment + "\"");
    } catch (Throwable t) {
      fail("expected a StatusRuntimeException, got " + t, t);
    }
  }
}
