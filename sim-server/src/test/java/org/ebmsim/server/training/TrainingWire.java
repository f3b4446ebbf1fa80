package org.ebmsim.server.training;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFile;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.LearningRate;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainRequest;
import org.ebmsim.proto.v1.TrainingMethod;
import org.ebmsim.proto.v1.UploadDatasetHeader;
import org.ebmsim.proto.v1.UploadDatasetRequest;

/** Datasets and requests the training tests share, over any channel (in-process or Netty). */
public final class TrainingWire {
  private TrainingWire() {}

  /**
   * {@code rows} rows of {@code cols} bits: noisy copies (10% flipped) of four seeded prototypes,
   * so there is structure to learn; labelled by prototype.
   */
  public static DatasetFile prototypes(int rows, int cols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean[][] proto = new boolean[4][cols];
    for (boolean[] p : proto) {
      for (int i = 0; i < cols; i++) {
        p[i] = r.nextBoolean();
      }
    }
    DatasetFile.Builder f = DatasetFile.newBuilder().setRows(rows).setCols(cols);
    for (int row = 0; row < rows; row++) {
      int c = r.nextInt(4);
      for (int i = 0; i < cols; i++) {
        boolean bit = proto[c][i] ^ (r.nextDouble() < 0.1);
        f.addValues(bit ? 1f : 0f);
      }
      f.addLabels(c);
    }
    return f.build();
  }

  /** Uploads {@code file} (our own format) with a held-out share; returns the stored dataset. */
  public static Dataset upload(Channel channel, String name, DatasetFile file, double heldOut) throws Exception {
    byte[] data = file.toByteArray();
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
    CompletableFuture<Dataset> result = new CompletableFuture<>();
    StreamObserver<UploadDatasetRequest> requests = DatasetServiceGrpc.newStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS).uploadDataset(new StreamObserver<>() {
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
    DatasetSpec spec = DatasetSpec.newBuilder().setName(name).setFormat(DatasetFormat.DATASET_FORMAT_EBMSIM)
        .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(heldOut).setSeed(3)).build();
    requests.onNext(UploadDatasetRequest.newBuilder().setHeader(UploadDatasetHeader.newBuilder().setSpec(spec)
        .setDataBytes(data.length).setSha256(ByteString.copyFrom(sha))).build());
    for (int at = 0; at < data.length; at += 1 << 20) {
      requests.onNext(UploadDatasetRequest.newBuilder()
          .setChunk(ByteString.copyFrom(data, at, Math.min(1 << 20, data.length - at))).build());
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

  /** PCD-1 with momentum, the given epochs and batch size, lr 0.05, seed 11. */
  public static TrainRequest.Builder pcd(String modelId, String datasetId, int epochs, int batch) {
    return TrainRequest.newBuilder().setModelId(modelId).setDatasetId(datasetId).setMethod(TrainingMethod.PCD)
        .setEpochs(epochs).setBatchSize(batch).setMomentum(0.5).setSeed(11)
        .setLearningRate(LearningRate.newBuilder().setInitial(0.05));
  }

  /** Every event of a stream. */
  public static List<TrainEvent> all(Iterator<TrainEvent> events) {
    List<TrainEvent> out = new ArrayList<>();
    events.forEachRemaining(out::add);
    return out;
  }
}
