package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.Quoting;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.DeleteDatasetRequest;
import org.ebmsim.proto.v1.DeleteDatasetResponse;
import org.ebmsim.proto.v1.GetDatasetRequest;
import org.ebmsim.proto.v1.ListDatasetsRequest;
import org.ebmsim.proto.v1.ListDatasetsResponse;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.UploadDatasetRequest;
import org.ebmsim.server.store.DatasetImport;
import org.ebmsim.server.store.DatasetRoot;
import org.ebmsim.server.store.DatasetStore;
import org.ebmsim.server.store.StoredDataset;

/**
 * DatasetService over the dataset store: uploads are received into temporary files
 * ({@link DatasetUpload}), registered files are confined to the dataset root
 * ({@link DatasetRoot}); both are parsed and transformed on the compute pool.
 */
public final class DatasetGrpcService extends DatasetServiceGrpc.DatasetServiceImplBase {
  private final DatasetStore store;
  private final DatasetRoot root;
  private final DatasetImport importer;
  private final Executor compute;

  /** @param compute bounded pool for parsing and transforming datasets */
  public DatasetGrpcService(DatasetStore store, DatasetRoot root, DatasetImport importer, Executor compute) {
    this.store = store;
    this.root = root;
    this.importer = importer;
    this.compute = compute;
  }

  @Override
  public StreamObserver<UploadDatasetRequest> uploadDataset(StreamObserver<Dataset> response) {
    return new DatasetUpload(response, store, importer, compute);
  }

  @Override
  public void registerDataset(RegisterDatasetRequest request, StreamObserver<Dataset> response) {
    try {
      String name = request.getSpec().getName().isEmpty() ? "unnamed" : request.getSpec().getName();
      ModelGrpcService.checkName(name, "spec.name");
      DatasetImport.checkSpec(request.getSpec(), !request.getLabelsPath().isEmpty());
      Path data = root.resolve(request.getDataPath(), "data_path");
      Path labels = request.getLabelsPath().isEmpty() ? null : root.resolve(request.getLabelsPath(), "labels_path");
      ServerCallStreamObserver<Dataset> call = (ServerCallStreamObserver<Dataset>) response;
      Context context = Context.current();
      compute.execute(() -> {
        try {
          StoredDataset stored = importer.importFiles(name, request.getSpec(), data, labels,
              () -> call.isCancelled() || context.isCancelled());
          response.onNext(DatasetViews.dataset(stored, 0));
          response.onCompleted();
        } catch (Exception e) {
          if (!call.isCancelled()) {
            response.onError(StatusMapping.toException(e));
          }
        }
      });
    } catch (DatasetRoot.OutsideRootException e) {
      response.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void getDataset(GetDatasetRequest request, StreamObserver<Dataset> response) {
    try {
      require(request.getPreviewRows() <= DatasetViews.MAX_PREVIEW_ROWS, "preview_rows must be in [0, "
          + DatasetViews.MAX_PREVIEW_ROWS + "] (got " + Integer.toUnsignedString(request.getPreviewRows()) + ")");
      response.onNext(DatasetViews.dataset(find(request.getId()), request.getPreviewRows()));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void listDatasets(ListDatasetsRequest request, StreamObserver<ListDatasetsResponse> response) {
    try {
      long size = request.getPageSize() == 0 ? 100 : Integer.toUnsignedLong(request.getPageSize());
      require(size >= 1 && size <= 1000, "page_size must be in [0, 1000] (got " + size + ")");
      List<StoredDataset> all = store.list();
      int offset = PageTokens.decode(request.getPageToken(), "ListDatasets");
      ListDatasetsResponse.Builder out = ListDatasetsResponse.newBuilder();
      int end = (int) Math.min(all.size(), offset + size);
      for (int k = offset; k < end; k++) {
        out.addDatasets(DatasetViews.dataset(all.get(k), 0));
      }
      if (end < all.size()) {
        out.setNextPageToken(PageTokens.encode(end));
      }
      response.onNext(out.build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void deleteDataset(DeleteDatasetRequest request, StreamObserver<DeleteDatasetResponse> response) {
    try {
      require(!request.getId().isEmpty(), "id is required");
      if (!store.delete(request.getId())) {
        throw new NotFoundException("dataset " + Quoting.bare(request.getId()) + " not found");
      }
      response.onNext(DeleteDatasetResponse.getDefaultInstance());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  private StoredDataset find(String id) {
    require(!id.isEmpty(), "dataset id is required");
    return store.get(id).orElseThrow(() -> new NotFoundException("dataset " + Quoting.bare(id) + " not found"));
  }
}
