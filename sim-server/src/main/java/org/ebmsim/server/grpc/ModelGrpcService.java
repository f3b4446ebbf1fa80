package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.ebmsim.dynamics.HopfieldRules;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.DeleteModelResponse;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;

/** ModelService: validates model specs, computes storage-rule weights, persists models. */
public final class ModelGrpcService extends ModelServiceGrpc.ModelServiceImplBase {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final ModelStore store;
  private final Limits limits;

  public ModelGrpcService(ModelStore store, Limits limits) {
    this.store = store;
    this.limits = limits;
  }

  @Override
  public void createModel(CreateModelRequest request, StreamObserver<Model> response) {
    try {
      String name = request.getName().isEmpty() ? "unnamed" : request.getName();
      checkName(name, "name");
      limit(!store.isFull(), "the store holds the maximum of " + store.maxModels()
          + " models; delete some or raise ebmsim.limits.max-models");
      Model.Builder model = switch (request.getSpecCase()) {
        case HOPFIELD_PATTERNS -> fromPatterns(request.getHopfieldPatterns());
        case HOPFIELD_WEIGHTS -> fromWeights(request.getHopfieldWeights());
        case BOLTZMANN -> boltzmann(request.getBoltzmann());
        case RBM -> RbmSpecs.toModel(request.getRbm(), limits);
        default -> throw new IllegalArgumentException(
            "spec must be set: one of hopfield_patterns, hopfield_weights, boltzmann or rbm");
      };
      model.setId(store.newId()).setName(name).setCreatedUnixMs(System.currentTimeMillis())
          .setHiddenUnits(model.getUnits() - model.getVisibleUnits());
      StoredModel stored = store.put(model.build());
      response.onNext(stored.summary());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /** Checks a model name against the naming rule; {@code field} names it in the message. */
  static void checkName(String name, String field) {
    require(NAME.matcher(name).matches(),
        field + " must be 1..128 characters of A-Z a-z 0-9 . _ - (got \"" + name + "\")");
  }

  private Model.Builder fromPatterns(HopfieldFromPatterns spec) {
    require(spec.hasPatterns(), "hopfield_patterns.patterns is required");
    SpinMatrix patterns = spec.getPatterns();
    byte[] xi = RequestValidation.spins(patterns, "hopfield_patterns.patterns", limits.maxPatterns(), limits.maxUnits());
    int p = patterns.getRows();
    int n = patterns.getCols();
    require(n >= 2, "hopfield_patterns.patterns needs at least 2 units per pattern (got " + n + ")");
    double[] bias = RequestValidation.optionalVector(spec.getBiasList(), "hopfield_patterns.bias", n);
    StorageRule rule = spec.getRule() == StorageRule.STORAGE_RULE_UNSPECIFIED ? StorageRule.HEBBIAN : spec.getRule();
    double[] w;
    try {
      w = switch (rule) {
        case HEBBIAN -> HopfieldRules.hebbian(p, n, xi);
        case PROJECTION -> HopfieldRules.projection(p, n, xi);
        default -> throw new IllegalArgumentException("hopfield_patterns.rule must be HEBBIAN or PROJECTION");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hopfield_patterns: " + e.getMessage(), e);
    }
    return Model.newBuilder().setKind(ModelKind.HOPFIELD).setUnits(n).setVisibleUnits(n).setStoredPatterns(p)
        .setRule(rule).setWeights(ProtoMatrices.matrix(n, n, w)).addAllBias(list(bias, n)).setPatterns(patterns)
        .setImageShape(image(spec.getImageShape(), n, "hopfield_patterns.image_shape"));
  }

  private Model.Builder fromWeights(HopfieldFromWeights spec) {
    require(spec.hasWeights(), "hopfield_weights.weights is required");
    int n = square(spec.getWeights(), "hopfield_weights.weights");
    double[] w = RequestValidation.matrix(spec.getWeights(), "hopfield_weights.weights", limits.maxUnits(),
        limits.maxUnits());
    double[] bias = RequestValidation.optionalVector(spec.getBiasList(), "hopfield_weights.bias", n);
    IsingModel.checkSymmetric(n, w, "hopfield_weights.weights");
    Model.Builder b = Model.newBuilder().setKind(ModelKind.HOPFIELD).setUnits(n).setVisibleUnits(n)
        .setWeights(spec.getWeights()).addAllBias(list(bias, n))
        .setImageShape(image(spec.getImageShape(), n, "hopfield_weights.image_shape"));
    if (spec.hasPatterns()) {
      RequestValidation.spins(spec.getPatterns(), "hopfield_weights.patterns", limits.maxPatterns(), limits.maxUnits());
      require(spec.getPatterns().getCols() == n, "hopfield_weights.patterns must have " + n
          + " columns, one per unit (got " + spec.getPatterns().getCols() + ")");
      b.setPatterns(spec.getPatterns()).setStoredPatterns(spec.getPatterns().getRows());
    }
    return b;
  }

  private Model.Builder boltzmann(BoltzmannFromWeights spec) {
    require(spec.hasWeights(), "boltzmann.weights is required");
    int n = square(spec.getWeights(), "boltzmann.weights");
    require(n >= 2, "boltzmann.weights needs at least 2 units (got " + n + ")");
    int v = spec.getVisibleUnits();
    require(v >= 1 && v < n, "boltzmann.visible_units must be in [1, " + (n - 1) + "] so that at least one unit"
        + " is hidden (got " + Integer.toUnsignedString(v) + ")");
    double[] w = RequestValidation.matrix(spec.getWeights(), "boltzmann.weights", limits.maxUnits(), limits.maxUnits());
    double[] bias = RequestValidation.optionalVector(spec.getBiasList(), "boltzmann.bias", n);
    IsingModel.checkSymmetric(n, w, "boltzmann.weights");
    return Model.newBuilder().setKind(ModelKind.BOLTZMANN_MACHINE).setUnits(n).setVisibleUnits(v)
        .setWeights(spec.getWeights()).addAllBias(list(bias, n))
        .setImageShape(image(spec.getImageShape(), v, "boltzmann.image_shape"));
  }

  private int square(Matrix m, String field) {
    require(m.getRows() == m.getCols(), field + " must be square (got " + Integer.toUnsignedString(m.getRows())
        + " x " + Integer.toUnsignedString(m.getCols()) + ")");
    return m.getRows();
  }

  private static ImageShape image(ImageShape shape, int units, String field) {
    if (shape.getHeight() == 0 && shape.getWidth() == 0) {
      return shape;
    }
    require((long) shape.getHeight() * shape.getWidth() == units, field + " height x width must equal the "
        + units + " visible units (got " + shape.getHeight() + " x " + shape.getWidth() + ")");
    return shape;
  }

  private static List<Double> list(double[] values, int n) {
    double[] v = values == null ? new double[n] : values;
    return java.util.Arrays.stream(v).boxed().toList();
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<Model> response) {
    try {
      StoredModel m = find(store, request.getId());
      response.onNext(request.getIncludeParameters() ? m.proto() : m.summary());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
    try {
      int size = request.getPageSize() == 0 ? 100 : request.getPageSize();
      require(size >= 1 && size <= 1000, "page_size must be in [0, 1000] (got "
          + Integer.toUnsignedString(request.getPageSize()) + ")");
      int offset = decodeToken(request.getPageToken());
      List<StoredModel> all = store.list();
      ListModelsResponse.Builder out = ListModelsResponse.newBuilder();
      int end = Math.min(all.size(), offset + size);
      for (int k = offset; k < end; k++) {
        out.addModels(all.get(k).summary());
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
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      require(s.startsWith("o:"), "");
      int offset = Integer.parseInt(s.substring(2));
      require(offset >= 0, "");
      return offset;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("page_token is not a token returned by ListModels (got \"" + token + "\")");
    }
  }

  @Override
  public void deleteModel(DeleteModelRequest request, StreamObserver<DeleteModelResponse> response) {
    try {
      require(!request.getId().isEmpty(), "id is required");
      if (!store.delete(request.getId())) {
        throw new NotFoundException("model " + request.getId() + " not found");
      }
      response.onNext(DeleteModelResponse.getDefaultInstance());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  static StoredModel find(ModelStore store, String id) {
    require(!id.isEmpty(), "model id is required");
    return store.get(id).orElseThrow(() -> new NotFoundException("model " + id + " not found"));
  }
}
