package org.ebmsim.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.DeleteModelResponse;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ListFamiliesResponse;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelVersionsRequest;
import org.ebmsim.proto.v1.ListModelVersionsResponse;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelCapabilities;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.ValueType;

/**
 * The fake ModelService: describes a created model by its spec's shapes (family, variant,
 * layers, units, image shape, patterns) without validating its numbers, and keeps it in memory
 * with ids m-0000000000000001, m-0000000000000002, …; lists in pages of
 * {@link FakeEbmsimServer#PAGE_SIZE} with the offset as token. Versions are those
 * {@link FakeEbmsimServer} keeps (1 at creation, more from training).
 */
final class FakeModelService extends ModelServiceGrpc.ModelServiceImplBase {
  private final FakeEbmsimServer fake;
  private final AtomicInteger nextId = new AtomicInteger(1);

  FakeModelService(FakeEbmsimServer fake) {
    this.fake = fake;
  }

  @Override
  public void createModel(CreateModelRequest request, StreamObserver<Model> response) {
    fake.requests.add(request);
    Model.Builder m = Model.newBuilder()
        .setId(String.format("m-%016x", nextId.getAndIncrement()))
        .setName(request.getName().isEmpty() ? "unnamed" : request.getName())
        .setVersion(1)
        .setCreatedUnixMs(FakeEbmsimServer.CREATED_UNIX_MS);
    ModelCapabilities.Builder caps = ModelCapabilities.newBuilder().setExact(true);
    switch (request.getSpecCase()) {
      case HOPFIELD_PATTERNS -> {
        SpinMatrix p = request.getHopfieldPatterns().getPatterns();
        StorageRule rule = request.getHopfieldPatterns().getRule();
        String variant = rule == StorageRule.PROJECTION ? "projection" : "hebbian";
        layers(m, "hopfield", variant, List.of(FakeStates.layer("visible", p.getCols(), ValueType.VALUE_SPIN, true)))
            .setStoredPatterns(p.getRows()).setImageShape(request.getHopfieldPatterns().getImageShape());
        caps.addDynamics(Dynamics.GIBBS).addDynamics(Dynamics.METROPOLIS);
      }
      case HOPFIELD_WEIGHTS -> {
        int n = request.getHopfieldWeights().getWeights().getRows();
        layers(m, "hopfield", "", List.of(FakeStates.layer("visible", n, ValueType.VALUE_SPIN, true)))
            .setStoredPatterns(request.getHopfieldWeights().getPatterns().getRows())
            .setImageShape(request.getHopfieldWeights().getImageShape());
        caps.addDynamics(Dynamics.GIBBS).addDynamics(Dynamics.METROPOLIS);
      }
      case BOLTZMANN -> {
        int n = request.getBoltzmann().getWeights().getRows();
        int v = request.getBoltzmann().getVisibleUnits();
        layers(m, "boltzmann", "", List.of(FakeStates.layer("visible", v, ValueType.VALUE_SPIN, true),
            FakeStates.layer("hidden", n - v, ValueType.VALUE_SPIN, false)))
            .setStoredPatterns(request.getBoltzmann().getPatterns().getRows())
            .setImageShape(request.getBoltzmann().getImageShape());
        caps.addDynamics(Dynamics.GIBBS).addDynamics(Dynamics.METROPOLIS);
      }
      case RBM -> {
        RbmSpec rbm = request.getRbm();
        String variant = rbm.getVariant().name().toLowerCase(Locale.ROOT).replace('_', '-');
        ValueType visible = switch (rbm.getVariant()) {
          case BINARY -> ValueType.VALUE_BINARY;
          case GAUSSIAN_BERNOULLI -> ValueType.VALUE_REAL;
          default -> ValueType.VALUE_SPIN;
        };
        ValueType hidden = switch (rbm.getVariant()) {
          case SPIN -> ValueType.VALUE_SPIN;
          case BINARY_GAUSSIAN -> ValueType.VALUE_REAL;
          default -> ValueType.VALUE_BINARY;
        };
        layers(m, "rbm", variant, List.of(
            FakeStates.layer("visible", rbm.getWeights().getRows(), visible, true),
            FakeStates.layer("hidden", rbm.getWeights().getCols(), hidden, false)))
            .setStoredPatterns(rbm.getPatterns().getRows()).setImageShape(rbm.getImageShape());
        caps.setPartitionFunction(true);
      }
      case DBM -> {
        DbmSpec dbm = request.getDbm();
        ValueType type = dbm.getUnits() == DbmUnits.DBM_SPIN ? ValueType.VALUE_SPIN : ValueType.VALUE_BINARY;
        List<LayerInfo> layers = new java.util.ArrayList<>();
        layers.add(FakeStates.layer("visible", dbm.getWeights(0).getRows(), type, true));
        for (int l = 0; l < dbm.getWeightsCount(); l++) {
          layers.add(FakeStates.layer("h" + (l + 1), dbm.getWeights(l).getCols(), type, false));
        }
        layers(m, "dbm", type == ValueType.VALUE_SPIN ? "spin" : "binary", layers)
            .setStoredPatterns(dbm.getPatterns().getRows()).setImageShape(dbm.getImageShape());
      }
      default -> {
        response.onError(Status.INVALID_ARGUMENT.withDescription("spec is required").asRuntimeException());
        return;
      }
    }
    Model model = m.setCapabilities(caps).build();
    fake.put(model);
    response.onNext(model);
    response.onCompleted();
  }

  /** Sets family, variant, layers and the unit counts that follow from them. */
  private static Model.Builder layers(Model.Builder m, String family, String variant, List<LayerInfo> layers) {
    int units = layers.stream().mapToInt(LayerInfo::getUnits).sum();
    int visible = layers.get(0).getUnits();
    return m.setFamily(family).setVariant(variant).addAllLayers(layers).setUnits(units).setVisibleUnits(visible)
        .setHiddenUnits(units - visible).setImageShape(ImageShape.getDefaultInstance())
        .setDescription(family + (variant.isEmpty() ? "" : " (" + variant + ")") + ", " + units + " units");
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<Model> response) {
    fake.requests.add(request);
    Model model = fake.modelAt(request.getId(), request.getVersion(), response);
    if (model != null) {
      response.onNext(model);
      response.onCompleted();
    }
  }

  @Override
  public void listModelVersions(ListModelVersionsRequest request, StreamObserver<ListModelVersionsResponse> response) {
    fake.requests.add(request);
    if (fake.known(request.getId(), response)) {
      response.onNext(ListModelVersionsResponse.newBuilder().addAllVersions(fake.versions(request.getId())).build());
      response.onCompleted();
    }
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
    fake.requests.add(request);
    int start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int end = Math.min(fake.order.size(), start + FakeEbmsimServer.PAGE_SIZE);
    ListModelsResponse.Builder page = ListModelsResponse.newBuilder();
    for (String id : fake.order.subList(start, end)) {
      List<ModelVersion> versions = fake.versions(id);
      page.addModels(fake.models.get(id).toBuilder().setLatestVersion(versions.get(versions.size() - 1).getVersion()));
    }
    if (end < fake.order.size()) {
      page.setNextPageToken(Integer.toString(end));
    }
    response.onNext(page.build());
    response.onCompleted();
  }

  @Override
  public void deleteModel(DeleteModelRequest request, StreamObserver<DeleteModelResponse> response) {
    fake.requests.add(request);
    if (fake.known(request.getId(), response)) {
      fake.models.remove(request.getId());
      fake.order.remove(request.getId());
      fake.versions.remove(request.getId());
      response.onNext(DeleteModelResponse.getDefaultInstance());
      response.onCompleted();
    }
  }

  @Override
  public void listFamilies(ListFamiliesRequest request, StreamObserver<ListFamiliesResponse> response) {
    fake.requests.add(request);
    response.onNext(ListFamiliesResponse.newBuilder()
        .addFamilies(family("hopfield", "Hopfield networks: one layer of ±1 spins",
            "HopfieldParameters", "HopfieldFromPatterns", "HopfieldFromWeights"))
        .addFamilies(family("boltzmann", "Boltzmann machines with hidden units", "BoltzmannFromWeights",
            "BoltzmannFromWeights"))
        .addFamilies(family("rbm", "restricted Boltzmann machines", "RbmSpec", "RbmSpec"))
        .addFamilies(family("dbm", "deep Boltzmann machines", "DbmSpec", "DbmSpec"))
        .build());
    response.onCompleted();
  }

  private static ModelFamilyInfo family(String key, String description, String parameters, String... specs) {
    ModelFamilyInfo.Builder b = ModelFamilyInfo.newBuilder().setFamily(key).setDescription(description)
        .setParametersType("ebmsim.v1." + parameters);
    for (String s : specs) {
      b.addSpecTypes("ebmsim.v1." + s);
    }
    return b.build();
  }
}
