package org.ebmsim.server.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;
import org.ebmsim.server.store.DatasetImport;
import org.ebmsim.server.store.DatasetStore;
import org.ebmsim.server.store.StoredDataset;

/**
 * One UploadDataset call: the header, then chunks written to temporary files in the store's
 * folder (data part, then labels part) while their SHA-256 is computed. When the client
 * half-closes, the byte count and the checksum are checked, and the files are imported on the
 * compute pool. Whatever ends the call (an error, a bad checksum, the client cancelling) deletes
 * the temporary files; only a complete, verified, parsed dataset reaches the store.
 */
final class DatasetUpload implements StreamObserver<UploadDatasetRequest> {
  /** Largest chunk accepted. */
  static final int MAX_CHUNK = 4 << 20;

  private final ServerCallStreamObserver<Dataset> response;
  private final DatasetStore store;
  private final DatasetImport importer;
  private final Executor compute;
  private final MessageDigest sha256;

  private UploadDatasetHeader header;
  private String name;
  private Path dataFile;
  private Path labelsFile;
  private FileChannel channel;
  private long received;
  /** Set once the call has an outcome; later messages are ignored. */
  private boolean finished;

  DatasetUpload(StreamObserver<Dataset> response, DatasetStore store, DatasetImport importer, Executor compute) {
    this.response = (ServerCallStreamObserver<Dataset>) response;
    this.store = store;
    this.importer = importer;
    this.compute = compute;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    // a cancelled call gets no onError on this observer when the server already failed it; this catches both
    this.response.setOnCancelHandler(this::abandon);
  }

  @Override
  public synchronized void onNext(UploadDatasetRequest request) {
    if (finished) {
      return;
    }
    try {
      if (header == null) {
        start(request);
      } else {
        InvalidRequestException.require(!request.hasHeader(), "only the first message of an upload is a header");
        InvalidRequestException.require(request.hasChunk() && !request.getChunk().isEmpty(),
            "every message after the header must be a chunk of 1 byte to 4 MiB");
        append(request.getChunk().asReadOnlyByteBuffer());
      }
    } catch (Exception e) {
      fail(StatusMapping.toStatus(e));
    }
  }

  private void start(UploadDatasetRequest request) throws IOException {
    InvalidRequestException.require(request.hasHeader(), "the first message of an upload must be its header");
    UploadDatasetHeader h = request.getHeader();
    name = h.getSpec().getName().isEmpty() ? "unnamed" : h.getSpec().getName();
    ModelGrpcService.checkName(name, "header.spec.name");
    DatasetImport.checkSpec(h.getSpec(), h.getLabelsBytes() > 0);
    InvalidRequestException.require(h.getDataBytes() >= 1, "header.data_bytes must be >= 1");
    InvalidRequestException.require(h.getSha256().size() == 32,
        "header.sha256 must be the 32 bytes of a SHA-256 (got " + h.getSha256().size() + " bytes)");
    long total = h.getDataBytes() + h.getLabelsBytes();
    ResourceLimitException.limit(total > 0 && total <= store.maxBytes(), "this upload of " + Long.toUnsignedString(total)
        + " bytes is larger than the " + store.maxBytes() + " bytes all datasets may take"
        + " (ebmsim.limits.max-dataset-bytes)");
    header = h;
    dataFile = store.newUploadFile();
    channel = FileChannel.open(dataFile, StandardOpenOption.WRITE);
  }

  private void append(ByteBuffer bytes) throws IOException {
    long total = header.getDataBytes() + header.getLabelsBytes();
    InvalidRequestException.require(received + bytes.remaining() <= total, "the upload sends more than the "
        + total + " bytes its header announces (data_bytes + labels_bytes)");
    sha256.update(bytes.duplicate());
    while (bytes.hasRemaining()) {
      long dataLeft = header.getDataBytes() - received;
      if (dataLeft == 0 && labelsFile == null) {
        // the data part is complete: the rest is the labels part
        channel.close();
        labelsFile = store.newUploadFile();
        channel = FileChannel.open(labelsFile, StandardOpenOption.WRITE);
      }
      ByteBuffer part = bytes.duplicate();
      if (dataLeft > 0 && part.remaining() > dataLeft) {
        part.limit(part.position() + (int) dataLeft);
      }
      int n = part.remaining();
      while (part.hasRemaining()) {
        channel.write(part);
      }
      bytes.position(bytes.position() + n);
      received += n;
    }
  }

  @Override
  public void onError(Throwable t) {
    abandon();
  }

  @Override
  public synchronized void onCompleted() {
    if (finished) {
      return;
    }
    try {
      InvalidRequestException.require(header != null, "the upload ended before its header");
      long total = header.getDataBytes() + header.getLabelsBytes();
      InvalidRequestException.require(received == total, "the upload ended after " + received + " of the " + total
          + " bytes its header announces");
      channel.force(true);
      channel.close();
      byte[] digest = sha256.digest();
      if (!MessageDigest.isEqual(digest, header.getSha256().toByteArray())) {
        fail(Status.DATA_LOSS.withDescription("the SHA-256 of the " + received + " bytes received is "
            + HexFormat.of().formatHex(digest) + ", not the " + HexFormat.of().formatHex(header.getSha256().toByteArray())
            + " of the header: the bytes were damaged on the way; upload again"));
        return;
      }
      finished = true;
      compute.execute(this::importFiles);
    } catch (Exception e) {
      fail(StatusMapping.toStatus(e));
    }
  }

  private void importFiles() {
    StoredDataset stored;
    try {
      stored = importer.importFiles(name, header.getSpec(), dataFile, labelsFile, response::isCancelled);
    } catch (Exception e) {
      // the files go before the answer, so that a client told of the failure finds nothing left
      deleteFiles();
      if (!response.isCancelled()) {
        response.onError(StatusMapping.toException(e));
      }
      return;
    }
    deleteFiles();
    response.onNext(DatasetViews.dataset(stored, 0));
    response.onCompleted();
  }

  private synchronized void fail(Status status) {
    finished = true;
    deleteFiles();
    if (!response.isCancelled()) {
      response.onError(status.asRuntimeException());
    }
  }

  /** The client went away: drop what was received (an import already running cleans up itself). */
  private synchronized void abandon() {
    if (!finished) {
      finished = true;
      deleteFiles();
    }
  }

  private synchronized void deleteFiles() {
    try {
      if (channel != null) {
        channel.close();
      }
      if (dataFile != null) {
        Files.deleteIfExists(dataFile);
      }
      if (labelsFile != null) {
        Files.deleteIfExists(labelsFile);
      }
    } catch (IOException e) {
      // a restart deletes leftover upload files; nothing else to do here
    }
  }
}
