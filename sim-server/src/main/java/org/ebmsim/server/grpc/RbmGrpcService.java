package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.ebmsim.dynamics.HopfieldRules;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;
import org.ebmsim.dynamics.mapping.RbmToHopfield;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;

/**
 * RbmService: the Hopfield ↔ RBM mapping (MATH.md §3) and partition functions by AIS.
 *
 * <p>Each mapping call validates its request on the calling thread (cheap, proportional to the
 * request), then runs the linear algebra — decompositions of N × p matrices, or up to 10⁶
 * gradient steps — on the bounded compute executor so that large requests queue there (and are
 * refused with RESOURCE_EXHAUSTED when it is full) instead of occupying gRPC threads. Mapped
 * models are registered in the {@link ModelStore} like created ones. EstimatePartitionFunction is
 * delegated to {@link PartitionFunctionSessions}.
 */
public final class RbmGrpcService extends RbmServiceGrpc.RbmServiceImplBase {
  private static final int MAX_STEPS = 1_000_000;

  private final ModelStore store;
  private final Limits limits;
  private final Executor compute;
  private final PartitionFunctionSessions partitionFunctions;

  /**
   * @param compute bounded executor for the mapping's linear algebra (the server's exact-enumeration pool)
   * @param partitionFunctions answers EstimatePartitionFunction
   */
  public RbmGrpcService(ModelStore store, Limits limits, Executor compute,
      PartitionFunctionSessions partitionFunctions) {
    this.store = store;
    this.limits = limits;
    this.compute = compute;
    this.partitionFunctions = partitionFunctions;
  }

  // ---------------------------------------------------------------------------------------------
  // MapHopfieldToRbm

  /** Validated MapHopfieldToRbm: patterns p × N (rows), where they came from, and the options. */
  private record HopfieldSource(byte[] patterns, int p, int n, double[] visibleBias, boolean stored,
      String defaultName, ImageShape imageShape) {}

  @Override
  public void mapHopfieldToRbm(MapHopfieldToRbmRequest request, StreamObserver<MapHopfieldToRbmResponse> response) {
    try {
      HopfieldSource source = hopfieldSource(request);
      HopfieldToRbm.Orthogonalization method = switch (request.getMethod()) {
        case ORTHOGONALIZATION_UNSPECIFIED, QR -> HopfieldToRbm.Orthogonalization.QR;
        case SVD -> HopfieldToRbm.Orthogonalization.SVD;
        case SYMMETRIC_ROOT -> HopfieldToRbm.Orthogonalization.SYMMETRIC_ROOT;
        default -> throw new IllegalArgumentException("method must be QR, SVD or SYMMETRIC_ROOT (got "
            + request.getMethodValue() + ")");
      };
      double beta = request.getInverseTemperature();
      require(Double.isFinite(beta) && beta >= 0, "inverse_temperature must be finite and > 0; 0 means 1 (got "
          + beta + ")");
      double inverseTemperature = beta == 0 ? 1 : beta;
      String name = request.getName().isEmpty() ? source.defaultName() : request.getName();
      ModelGrpcService.checkName(name, "name");
      limit(!store.isFull(), storeFullMessage());
      compute.execute(() -> {
        try {
          response.onNext(mapToRbm(source, method, inverseTemperature, name));
          response.onCompleted();
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  private HopfieldSource hopfieldSource(MapHopfieldToRbmRequest request) {
    switch (request.getSourceCase()) {
      case HOPFIELD_MODEL_ID -> {
        StoredModel model = ModelGrpcService.find(store, request.getHopfieldModelId());
        Model proto = model.proto();
        if (proto.getKind() != ModelKind.HOPFIELD) {
          throw failedPrecondition("hopfield_model_id: model " + model.id() + " is a " + describeKind(proto)
              + ", not a HOPFIELD network");
        }
        if (model.patternCount() == 0) {
          throw failedPrecondition("hopfield_model_id: model " + model.id() + " has no stored patterns, and the RBM"
              + " is built from patterns; create the network from hopfield_patterns (or hopfield_weights with"
              + " patterns), or pass the patterns in the request");
        }
        int p = model.patternCount();
        int n = proto.getVisibleUnits();
        if (p >= n) {
          throw failedPrecondition("hopfield_model_id: model " + model.id() + " stores p = " + p + " patterns of N = "
              + n + " units; the projection network (and so the RBM) needs p < N");
        }
        limit((long) n + p <= limits.maxUnits(), "the RBM would have N + p = " + (n + p) + " units, above the limit"
            + " of " + limits.maxUnits() + " (ebmsim.limits.max-units)");
        double[] bias = proto.getBiasCount() == 0 ? null : ProtoMatrices.array(proto.getBiasList());
        return new HopfieldSource(model.patterns(), p, n, bias, true,
            truncate(proto.getName()) + "-rbm", proto.getImageShape());
      }
      case PATTERNS -> {
        SpinMatrix m = request.getPatterns();
        long p = Integer.toUnsignedLong(m.getRows());
        long n = Integer.toUnsignedLong(m.getCols());
        require(p >= 1 && n >= 1, "patterns must have at least one row and one column (got " + p + " x " + n + ")");
        require(p < n, "patterns: the pattern count p (rows) must be < N (columns) for the projection network"
            + " (got p = " + p + ", N = " + n + ")");
        limit(n + p <= limits.maxUnits(), "patterns is " + p + " x " + n + ": the RBM would have N + p = " + (n + p)
            + " units, above the limit of " + limits.maxUnits() + " (ebmsim.limits.max-units)");
        byte[] xi = RequestValidation.spins(m, "patterns", limits.maxPatterns(), limits.maxUnits());
        return new HopfieldSource(xi, (int) p, (int) n, null, false, "patterns-rbm", ImageShape.getDefaultInstance());
      }
      default -> throw new IllegalArgumentException("source must be set: hopfield_model_id or patterns");
    }
  }

  /**
   * Runs the map and registers the RBM, with the patterns stored on it for overlaps. A stored
   * network's bias becomes the RBM's visible bias (both energies carry the same {@code −bᵀs});
   * the hidden bias is zero.
   */
  private MapHopfieldToRbmResponse mapToRbm(HopfieldSource source, HopfieldToRbm.Orthogonalization method,
      double beta, String name) throws IOException {
    int p = source.p();
    int n = source.n();
    HopfieldToRbm.MappedRbm mapped;
    try {
      mapped = HopfieldToRbm.map(ProtoMatrices.columnsFromRows(source.patterns(), p, n), n, p, method, beta,
          source.visibleBias());
    } catch (IllegalArgumentException e) {
      // Dependent patterns: the caller's argument when given explicitly, the stored model's state otherwise.
      if (source.stored()) {
        throw failedPrecondition("hopfield_model_id: the stored patterns cannot be mapped: " + e.getMessage());
      }
      throw new IllegalArgumentException("patterns: " + e.getMessage(), e);
    }
    Model.Builder model = RbmSpecs.describe(mapped.rbm(), ProtoMatrices.spins(p, n, source.patterns()),
        source.imageShape());
    StoredModel stored = register(model, name);
    return MapHopfieldToRbmResponse.newBuilder().setRbm(stored.summary())
        .setPatternTransform(ProtoMatrices.matrix(p, p, mapped.patternTransform())).build();
  }

  // ---------------------------------------------------------------------------------------------
  // MapRbmToHopfield

  @Override
  public void mapRbmToHopfield(MapRbmToHopfieldRequest request, StreamObserver<MapRbmToHopfieldResponse> response) {
    try {
      require(!request.getRbmModelId().isEmpty(), "rbm_model_id is required");
      StoredModel model = ModelGrpcService.find(store, request.getRbmModelId());
      if (!model.isRbm()) {
        throw failedPrecondition("rbm_model_id: model " + model.id() + " is a " + describeKind(model.proto())
            + "; MapRbmToHopfield needs a BINARY_GAUSSIAN RBM");
      }
      if (!(model.rbm() instanceof BinaryGaussianRbm)) {
        throw failedPrecondition("rbm_model_id: model " + model.id() + " is a " + describeKind(model.proto())
            + "; MapRbmToHopfield needs a BINARY_GAUSSIAN RBM (the Hopfield-equivalent variant)");
      }
      RbmToHopfield.Options options = reverseOptions(request, model.rbm().hiddenUnits());
      boolean register = request.getRegisterHopfield();
      require(register || request.getName().isEmpty(), "name is used only with register_hopfield; set"
          + " register_hopfield or leave name empty");
      String name = request.getName().isEmpty() ? truncate(model.proto().getName()) + "-hopfield" : request.getName();
      if (register) {
        ModelGrpcService.checkName(name, "name");
        limit(!store.isFull(), storeFullMessage());
      }
      compute.execute(() -> {
        try {
          response.onNext(mapToHopfield(model, options, register ? name : null));
          response.onCompleted();
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /** The descent options with the proto's defaults (α 10, γ 0.01, 2000 steps, start IDENTITY). */
  private static RbmToHopfield.Options reverseOptions(MapRbmToHopfieldRequest r, int h) {
    double alpha = r.getAlpha() == 0 ? 10 : r.getAlpha();
    require(Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0; 0 means 10 (got " + r.getAlpha()
        + ")");
    double rate = r.getLearningRate() == 0 ? 0.01 : r.getLearningRate();
    require(Double.isFinite(rate) && rate > 0, "learning_rate must be finite and > 0; 0 means 0.01 (got "
        + r.getLearningRate() + ")");
    long steps = r.getSteps() == 0 ? 2000 : Integer.toUnsignedLong(r.getSteps());
    require(steps <= MAX_STEPS, "steps must be in [1, " + MAX_STEPS + "]; 0 means 2000 (got " + steps + ")");
    RbmToHopfield.Start start = switch (r.getStart()) {
      case START_UNSPECIFIED, IDENTITY -> RbmToHopfield.Start.IDENTITY;
      case RANDOM -> RbmToHopfield.Start.RANDOM;
      case GIVEN -> RbmToHopfield.Start.GIVEN;
      default -> throw new IllegalArgumentException("start must be IDENTITY, RANDOM or GIVEN (got "
          + r.getStartValue() + ")");
    };
    double[] initial = null;
    if (start == RbmToHopfield.Start.GIVEN) {
      require(r.hasInitialTransform(), "initial_transform is required for start = GIVEN: an H x H = " + h + " x "
          + h + " matrix");
      Matrix m = r.getInitialTransform();
      require(m.getRows() == h && m.getCols() == h, "initial_transform must be H x H = " + h + " x " + h
          + " (got " + Integer.toUnsignedString(m.getRows()) + " x " + Integer.toUnsignedString(m.getCols()) + ")");
      initial = RequestValidation.matrix(m, "initial_transform", h, h);
    } else {
      require(!r.hasInitialTransform(), "initial_transform is used only with start = GIVEN (start is " + start
          + ")");
    }
    return new RbmToHopfield.Options(alpha, rate, (int) steps, r.getLowdin(), start, initial, r.getSeed());
  }

  /** Runs the reverse map and, when {@code hopfieldName} is set, registers the projection network. */
  private MapRbmToHopfieldResponse mapToHopfield(StoredModel model, RbmToHopfield.Options options,
      String hopfieldName) throws IOException {
    Rbm rbm = model.rbm();
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    RbmToHopfield.Result result = RbmToHopfield.reverseMap(rbm.weights(), n, p, options);
    byte[] patterns = ProtoMatrices.rowsFromColumns(result.patterns(), n, p);
    double binarization = result.binarizationError();
    MapRbmToHopfieldResponse.Builder out = MapRbmToHopfieldResponse.newBuilder()
        .setPatterns(ProtoMatrices.spins(p, n, patterns))
        // the math API reports the norm; the wire field is the squared norm ‖WX − sgn(WX)‖²_F
        .setBinarizationError(binarization * binarization)
        .setRelaxedError(result.relaxedError())
        .setTransform(ProtoMatrices.matrix(p, p, result.transform()));
    for (boolean fixed : result.fixedPoints()) {
      out.addFixedPoints(fixed);
    }
    if (hopfieldName != null) {
      out.setHopfield(registerHopfield((BinaryGaussianRbm) rbm, patterns, model.proto().getImageShape(),
          hopfieldName));
    }
    return out.build();
  }

  /**
   * Registers the projection Hopfield network of the recovered patterns (p × N rows). Its bias is
   * the RBM's effective visible field {@code b + Wc} (integrating λ out gives
   * {@code H(s) = −(b + Wc)ᵀs − ½‖Wᵀs‖² + const}), so biased RBMs keep their field.
   */
  private Model registerHopfield(BinaryGaussianRbm rbm, byte[] patterns, ImageShape imageShape, String name)
      throws IOException {
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    if (p >= n) {
      throw failedPrecondition("register_hopfield: the RBM has H = " + p + " hidden units and V = " + n
          + " visible units; the projection network needs fewer patterns than units (H < V)");
    }
    double[] weights;
    try {
      weights = HopfieldRules.projection(p, n, patterns);
    } catch (IllegalArgumentException e) {
      throw failedPrecondition("register_hopfield: the recovered patterns sgn(WX) are linearly dependent, so the"
          + " projection rule cannot store them (" + e.getMessage() + "); the descent did not find an invertible"
          + " binarization — try more steps, another start (GIVEN with the transform of MapHopfieldToRbm), or"
          + " lowdin");
    }
    double[] w = rbm.weights();
    double[] field = rbm.visibleBias();
    double[] c = rbm.hiddenBias();
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < p; m++) {
        field[i] += w[i * p + m] * c[m]; // b + Wc
      }
    }
    Model.Builder model = Model.newBuilder().setKind(ModelKind.HOPFIELD).setUnits(n).setVisibleUnits(n)
        .setStoredPatterns(p).setRule(StorageRule.PROJECTION).setWeights(ProtoMatrices.matrix(n, n, weights))
        .addAllBias(ProtoMatrices.listOrZeros(field, n)).setPatterns(ProtoMatrices.spins(p, n, patterns))
        .setImageShape(imageShape);
    return register(model, name).summary();
  }

  // ---------------------------------------------------------------------------------------------
  // EstimatePartitionFunction

  @Override
  public void estimatePartitionFunction(EstimatePartitionFunctionRequest request,
      StreamObserver<PartitionFunctionEvent> responseObserver) {
    partitionFunctions.estimate(request, responseObserver);
  }

  // ---------------------------------------------------------------------------------------------

  private StoredModel register(Model.Builder model, String name) throws IOException {
    // Checked again here: other calls may have filled the store while this one computed.
    limit(!store.isFull(), storeFullMessage());
    model.setId(store.newId()).setName(name).setCreatedUnixMs(System.currentTimeMillis());
    return store.put(model.build());
  }

  private String storeFullMessage() {
    return "the store holds the maximum of " + store.maxModels()
        + " models; delete some or raise ebmsim.limits.max-models";
  }

  private static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  private static String describeKind(Model m) {
    return m.getKind() == ModelKind.RBM ? m.getRbmVariant() + " RBM" : m.getKind().toString();
  }

  /** A stored name shortened so that a suffix keeps a default name within 128 characters. */
  private static String truncate(String name) {
    return name.length() > 110 ? name.substring(0, 110) : name;
  }
}
