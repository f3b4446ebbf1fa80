package org.ebmsim.client;

import static org.ebmsim.client.UnaryCalls.unary;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.GetDatasetRequest;
import org.ebmsim.proto.v1.ListDatasetsRequest;
import org.ebmsim.proto.v1.ListDatasetsResponse;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;

/**
 * DatasetService calls: upload local files (streamed in chunks with their SHA-256), register
 * files already on the server, get, list and delete. Obtained from {@link EbmsimClient#datasets()};
 * shares its channel and deadline. Failures are {@link EbmsimException}s.
 */
public final class DatasetsClient {
  /** Bytes per upload message (the server accepts up to 4 MiB). */
  public static final int CHUNK_BYTES = 1 << 20;

  private final DatasetServiceGrpc.DatasetServiceBlockingStub blocking;
  private final DatasetServiceGrpc.DatasetServiceStub async;
  private final Duration deadline;

  DatasetsClient(ManagedChannel channel, Duration deadline) {
    this.deadline = deadline;
    DatasetServiceGrpc.DatasetServiceBlockingStub b = DatasetServiceGrpc.newBlockingStub(channel);
    DatasetServiceGrpc.DatasetServiceStub a = DatasetServiceGrpc.newStub(channel);
    if (deadline != null) {
      b = b.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
      a = a.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
    this.blocking = b;
    this.async = a;
  }

  /**
   * Uploads {@code data} (and the IDX labels file {@code labels}, or null) as a dataset of
   * {@code spec}: reads the files once for their SHA-256, then streams them, sending only as
   * fast as the server takes them.
   *
   * @throws UncheckedIOException if a local file cannot be read
   */
  public Dataset upload(DatasetSpec spec, Path data, Path labels) {
    try {
      long dataBytes = Files.size(data);
      long labelsBytes = labels == null ? 0 : Files.size(labels);
      byte[] sha = sha256(data, labels);
      UploadDatasetHeader header = UploadDatasetHeader.newBuilder().setSpec(spec).setDataBytes(dataBytes)
          .setLabelsBytes(labelsBytes).setSha256(ByteString.copyFrom(sha)).build();
      return stream(header, data, labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + (labels == null ? data : data + " or " + labels), e);
    }
  }

  static byte[] sha256(Path data, Path labels) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] buf = new byte[CHUNK_BYTES];
    for (Path p : labels == null ? List.of(data) : List.of(data, labels)) {
      try (InputStream in = Files.newInputStream(p)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
    }
    return md.digest();
  }

  private Dataset stream(UploadDatasetHeader header, Path data, Path labels) throws IOException {
    CompletableFuture<Dataset> result = new CompletableFuture<>();
    Object ready = new Object();
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<UploadDatasetRequest>[] call = new ClientCallStreamObserver[1];
    async.uploadDataset(new ClientResponseObserver<UploadDatasetRequest, Dataset>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<UploadDatasetRequest> requests) {
        call[0] = requests;
        requests.setOnReadyHandler(() -> {
          synchronized (ready) {
            ready.notifyAll();
          }
        });
      }

      @Override
      public void onNext(Dataset value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
        synchronized (ready) {
          ready.notifyAll();
        }
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(new IllegalStateException("the server ended the upload without a dataset"));
      }
    });
    ClientCallStreamObserver<UploadDatasetRequest> requests = call[0];
    try {
      requests.onNext(UploadDatasetRequest.newBuilder().setHeader(header).build());
      byte[] buf = new byte[CHUNK_BYTES];
      for (Path p : labels == null ? List.of(data) : List.of(data, labels)) {
        try (InputStream in = Files.newInputStream(p)) {
          int n;
          while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            if (!awaitReady(requests, result, ready)) {
              return outcome(result);
            }
            requests.onNext(UploadDatasetRequest.newBuilder().setChunk(ByteString.copyFrom(buf, 0, n)).build());
          }
        }
      }
      requests.onCompleted();
    } catch (IOException | RuntimeException e) {
      requests.cancel("the client failed while sending", e);
      throw e;
    } catch (InterruptedException e) {
      requests.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new EbmsimException(io.grpc.Status.Code.CANCELLED, "interrupted while uploading", e);
    }
    return outcome(result);
  }

  /** Waits for the transport to take more; false once the call has ended (its outcome is in result). */
  private static boolean awaitReady(ClientCallStreamObserver<?> requests, CompletableFuture<?> result, Object ready)
      throws InterruptedException {
    synchronized (ready) {
      while (!requests.isReady() && !result.isDone()) {
        ready.wait(1000);
      }
    }
    return !result.isDone();
  }

  private static Dataset outcome(CompletableFuture<Dataset> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw EbmsimException.from(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EbmsimException(io.grpc.Status.Code.CANCELLED, "interrupted while waiting for the server", e);
    }
  }

  /**
   * Registers files already on the server, paths relative to its dataset root; {@code labelsPath}
   * may be null or empty.
   */
  public Dataset register(DatasetSpec spec, String dataPath, String labelsPath) {
    RegisterDatasetRequest request = RegisterDatasetRequest.newBuilder().setSpec(spec).setDataPath(dataPath)
        .setLabelsPath(labelsPath == null ? "" : labelsPath).build();
    return unary(() -> blocking.registerDataset(request));
  }

  /** The dataset with its first {@code previewRows} rows (0..64). */
  public Dataset get(String id, int previewRows) {
    return unary(() -> blocking.getDataset(GetDatasetRequest.newBuilder().setId(id).setPreviewRows(previewRows)
        .build()));
  }

  /** One page; {@code pageSize} 0 means the server default (100). */
  public ListDatasetsResponse listPage(int pageSize, String pageToken) {
    return unary(() -> blocking.listDatasets(ListDatasetsRequest.newBuilder().setPageSize(pageSize)
        .setPageToken(pageToken == null ? "" : pageToken).build()));
  }

  /** Every dataset, oldest first, fetching all pages. */
  public List<Dataset> list() {
    return UnaryCalls.allPages(token -> listPage(0, token), ListDatasetsResponse::getDatasetsList,
        ListDatasetsResponse::getNextPageToken);
  }

  /** Deletes the dataset; NOT_FOUND for an unknown id. */
  public void delete(String id) {
    unary(() -> blocking.deleteDataset(DeleteDatasetRequest.newBuilder().setId(id).build()));
  }

  /** The deadline of this client's calls, or null. */
  public Duration deadline() {
    return deadline;
  }
}
