package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.require;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.Quoting;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.DeleteModelResponse;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.ListModelVersionsResponse;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ListFamiliesResponse;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;

/**
 * ModelService over the family registry: a spec (typed or packed in Any) names its family, the
 * family validates and builds the model on the compute pool (storage rules can take seconds),
 * and the store persists it. Nothing here knows a model kind.
 *
 * <p>Cancellation: the family checks the call's cancellation between blocks of work, and a call
 * cancelled (or past its deadline) by the time the model is built stores nothing.
 */
public final class ModelGrpcService extends ModelServiceGrpc.ModelServiceImplBase {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final ModelStore store;
  private final org.ebmsim.server.store.DatasetStore datasets;
  private final FamilyRegistry registry;
  private final Limits limits;
  private final Executor compute;

  /** @param compute bounded pool for building models */
  public ModelGrpcService(ModelStore store, FamilyRegistry registry, Limits limits, Executor compute) {
    this(store, registry, limits, compute, null);
  }

  /** With {@code datasets}, specs may initialise a model from a stored dataset's training rows. */
  public ModelGrpcService(ModelStore store, FamilyRegistry registry, Limits limits, Executor compute,
      org.ebmsim.server.store.DatasetStore datasets) {
    this.datasets = datasets;
    this.store = store;
    this.registry = registry;
    this.limits = limits;
    this.compute = compute;
  }

  @Override
  public void createModel(CreateModelRequest request, StreamObserver<Model> response) {
    try {
      String name = request.getName().isEmpty() ? "unnamed" : request.getName();
      checkName(name, "name");
      ResourceLimitException.limit(!store.isFull(), "the store holds the maximum of " + store.maxModels()
          + " models; delete some or raise ebmsim.limits.max-models");
      Message spec = FamilyRegistry.oneofValue(request, "spec").orElseThrow(() -> new InvalidRequestException(
          "spec must be set: one of hopfield_patterns, hopfield_weights, boltzmann, rbm, dbm or extension"));
      FamilyRegistry.Resolved resolved = registry.spec(spec, "spec");
      ServerCallStreamObserver<Model> call = (ServerCallStreamObserver<Model>) response;
      Context context = Context.current();
      compute.execute(() -> {
        try {
          StoredModel stored = create(resolved.family(), resolved.message(), name,
              () -> call.isCancelled() || context.isCancelled());
          response.onNext(ModelViews.model(stored, false));
          response.onCompleted();
        } catch (Exception e) {
          if (!call.isCancelled()) {
            response.onError(StatusMapping.toException(e));
          }
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /**
   * Builds and stores a model; nothing is stored if the caller cancelled meanwhile. One
   * reservation follows the model: the family charges what it allocates, the store resizes it to
   * what the model holds and keeps it until the model is deleted.
   */
  StoredModel create(ModelFamily family, Message spec, String name, BooleanSupplier cancelled)
      throws java.io.IOException {
    MemoryBudget.Reservation memory = store.budget().reserve(0, "creating this model");
    try {
      // initialisations read the training split only: the held-out rows stay unseen
      CreateContext ctx = new CreateContext(limits.maxUnits(), limits.maxPatterns(), cancelled, memory,
          datasets == null ? org.ebmsim.family.DatasetLookup.NONE
              : datasets.lookup(org.ebmsim.data.Dataset.Part.TRAIN, memory), limits.maxSparseUnits(),
          limits.maxSparseCouplings());
      CreatedModel created = family.create(spec, ctx);
      ctx.checkCancelled();
      ImageShape image = ImageShape.newBuilder().setHeight(created.imageHeight()).setWidth(created.imageWidth())
          .build();
      return store.put(name, image, created.model(), memory);
    } catch (java.io.IOException | RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  /** Checks a model name against the naming rule; {@code field} names it in the message. */
  static void checkName(String name, String field) {
    require(NAME.matcher(name).matches(),
        field + " must be 1..128 characters of A-Z a-z 0-9 . _ - (got " + Quoting.quote(name) + ")");
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<Model> response) {
    try {
      StoredModel m = find(store, request.getId(), request.getVersion());
      long latest = find(store, request.getId()).version();
      if (!request.getIncludeParameters()) {
        response.onNext(ModelViews.model(m, false).toBuilder().setLatestVersion(latest).build());
      } else {
        // the parameters' message and its encoding for the wire are about as large as the model
        try (MemoryBudget.Reservation encoding = store.budget().reserve(2 * m.heldBytes(),
            "sending the parameters of model " + m.id())) {
          response.onNext(ModelViews.model(m, true).toBuilder().setLatestVersion(latest).build());
        }
      }
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
    try {
      long size = request.getPageSize() == 0 ? 100 : Integer.toUnsignedLong(request.getPageSize());
      require(size >= 1 && size <= 1000, "page_size must be in [0, 1000] (got " + size + ")");
      List<StoredModel> all = store.list();
      int offset = decodeToken(request.getPageToken());
      ListModelsResponse.Builder out = ListModelsResponse.newBuilder();
      int end = (int) Math.min(all.size(), offset + size);
      for (int k = offset; k < end; k++) {
        out.addModels(ModelViews.model(all.get(k), false));
      }
      if (end < all.size()) {
        out.setNextPageToken(encodeToken(end));
      }
      response.onNext(out.build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  private static String encodeToken(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeToken(String token) {
    if (token.isEmpty()) {
      return 0;
    }
    String message = "page_token is not a token returned by ListModels (got " + Quoting.quote(token) + ")";
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      require(s.startsWith("o:") && s.length() <= 12, message);
      long offset = Long.parseLong(s.substring(2));
      require(offset >= 0 && offset <= Integer.MAX_VALUE, message);
      // only the exact form encodeToken writes ("o:+1", "o:01" are not tokens it ever returned)
      require(s.equals("o:" + offset) && token.equals(encodeToken((int) offset)), message);
      return (int) offset;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(message);
    }
  }

  @Override
  public void deleteModel(DeleteModelRequest request, StreamObserver<DeleteModelResponse> response) {
    try {
      require(!request.getId().isEmpty(), "id is required");
      if (!store.delete(request.getId())) {
        throw new NotFoundException("model " + Quoting.bare(request.getId()) + " not found");
      }
      response.onNext(DeleteModelResponse.getDefaultInstance());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void listFamilies(ListFamiliesRequest request, StreamObserver<ListFamiliesResponse> response) {
    ListFamiliesResponse.Builder out = ListFamiliesResponse.newBuilder();
    for (ModelFamily f : registry.families()) {
      ModelFamilyInfo.Builder info = ModelFamilyInfo.newBuilder().setFamily(f.key()).setDescription(f.description())
          .setParametersType(f.parametersPrototype().getDescriptorForType().getFullName());
      f.specPrototypes().forEach(p -> info.addSpecTypes(p.getDescriptorForType().getFullName()));
      out.addFamilies(info);
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void listModelVersions(ListModelVersionsRequest request, StreamObserver<ListModelVersionsResponse> response) {
    try {
      find(store, request.getId());
      response.onNext(ListModelVersionsResponse.newBuilder().addAllVersions(store.versions(request.getId())).build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /**
   * Version {@code version} (0: the latest) of stored model {@code id}, or NOT_FOUND naming the
   * versions there are (INVALID_ARGUMENT when the id is empty).
   */
  static StoredModel find(ModelStore store, String id, long version) {
    StoredModel latest = find(store, id);
    return store.get(id, version).orElseThrow(() -> new NotFoundException("model " + Quoting.bare(id)
        + " has no version " + version + " (versions 1.." + latest.version() + ")"));
  }

  /**
   * Bytes of {@code m} that the store does not hold: an older version is decoded from its file
   * for each request, so whoever uses it charges them; the latest version is already charged.
   */
  static long bytesReadFromDisk(ModelStore store, StoredModel m) {
    return store.get(m.id()).map(latest -> latest.version() == m.version() ? 0L : m.heldBytes())
        .orElse(m.heldBytes());
  }

  /** The stored model {@code id}, or NOT_FOUND (INVALID_ARGUMENT when empty). */
  static StoredModel find(ModelStore store, String id) {
    require(!id.isEmpty(), "model id is required");
    return store.get(id).orElseThrow(() -> new NotFoundException("model " + Quoting.bare(id) + " not found"));
  }
}
