package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.family.rbm.HopfieldRbmMapping;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;

/**
 * RbmService: the Hopfield ↔ RBM mapping (MATH.md §3) through the RBM family's mapping facade.
 *
 * <p>Each call validates its request on the calling thread (cheap, proportional to the request),
 * then runs the linear algebra — decompositions of N × p matrices, or up to 10⁶ gradient steps —
 * on the bounded compute pool. Mapped models come back as specs and are created through the
 * family registry and stored like any other.
 */
public final class RbmGrpcService extends RbmServiceGrpc.RbmServiceImplBase {
  private static final int MAX_STEPS = 1_000_000;
  private static final double MAX_LEARNING_RATE = 1e3;

  private final ModelStore store;
  private final FamilyRegistry registry;
  private final ModelGrpcService models;
  private final Limits limits;
  private final Executor compute;

  public RbmGrpcService(ModelStore store, FamilyRegistry registry, ModelGrpcService models, Limits limits,
      Executor compute) {
    this.store = store;
    this.registry = registry;
    this.models = models;
    this.limits = limits;
    this.compute = compute;
  }

  /** Validated MapHopfieldToRbm: patterns p × N (rows), where they came from, and the options. */
  private record HopfieldSource(byte[] patterns, int p, int n, double[] visibleBias, boolean stored,
      String defaultName, ImageShape imageShape) {}

  @Override
  public void mapHopfieldToRbm(MapHopfieldToRbmRequest request, StreamObserver<MapHopfieldToRbmResponse> response) {
    try {
      HopfieldSource source = hopfieldSource(request);
      HopfieldRbmMapping.Method method = switch (request.getMethod()) {
        case ORTHOGONALIZATION_UNSPECIFIED, QR -> HopfieldRbmMapping.Method.QR;
        case SVD -> HopfieldRbmMapping.Method.SVD;
        case SYMMETRIC_ROOT -> HopfieldRbmMapping.Method.SYMMETRIC_ROOT;
        default -> throw new InvalidRequestException("method must be QR, SVD or SYMMETRIC_ROOT (got "
            + request.getMethodValue() + ")");
      };
      double beta = request.getInverseTemperature();
      require(Double.isFinite(beta) && beta >= 0, "inverse_temperature must be finite and > 0; 0 means 1 (got "
          + beta + ")");
      require(beta == 0 || (beta >= 1e-100 && beta <= 1e100), "inverse_temperature must be in [1e-100, 1e100] (got "
          + beta + ")");
      double inverseTemperature = beta == 0 ? 1 : beta;
      String name = request.getName().isEmpty() ? source.defaultName() : request.getName();
      ModelGrpcService.checkName(name, "name");
      limit(!store.isFull(), storeFullMessage());
      Context context = Context.current();
      compute.execute(() -> {
        try {
          HopfieldRbmMapping.ToRbm mapped;
          try (MemoryBudget.Reservation work = store.budget().reserve(mappingBytes(source.n(), source.p()),
              "mapping " + source.p() + " patterns of " + source.n() + " units")) {
            mapped = HopfieldRbmMapping.toRbm(source.patterns(), source.p(), source.n(), method, inverseTemperature,
                source.visibleBias(), source.imageShape());
          } catch (InvalidRequestException e) {
            // dependent patterns: the caller's argument when given, the stored model's state otherwise
            if (source.stored()) {
              throw new FailedPreconditionException("hopfield_model_id: the stored patterns cannot be mapped: "
                  + e.getMessage());
            }
            throw new InvalidRequestException("patterns: " + e.getMessage(), e);
          }
          StoredModel rbm = register(mapped.rbm(), name, context);
          response.onNext(MapHopfieldToRbmResponse.newBuilder().setRbm(ModelViews.model(rbm, false))
              .setPatternTransform(WireArrays.matrix(source.p(), source.p(), mapped.patternTransform())).build());
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
        EnergyModel.SpinNetwork network = model.model().spinNetwork().orElseThrow(() ->
            new FailedPreconditionException("hopfield_model_id: model " + model.id() + " ("
                + model.model().summary().description() + ") is not a Hopfield network"));
        StoredPatterns patterns = network.patterns();
        if (patterns.count() == 0) {
          throw new FailedPreconditionException("hopfield_model_id: model " + model.id() + " has no stored patterns,"
              + " and the RBM is built from patterns; create the network from hopfield_patterns (or hopfield_weights"
              + " with patterns), or pass the patterns in the request");
        }
        int p = patterns.count();
        int n = patterns.units();
        if (p >= n) {
          throw new FailedPreconditionException("hopfield_model_id: model " + model.id() + " stores p = " + p
              + " patterns of N = " + n + " units; the projection network (and so the RBM) needs p < N");
        }
        limit((long) n + p <= limits.maxUnits(), "the RBM would have N + p = " + (n + p) + " units, above the limit"
            + " of " + limits.maxUnits() + " (ebmsim.limits.max-units)");
        return new HopfieldSource(patterns.values(), p, n, network.bias(), true, truncate(model.name()) + "-rbm",
            model.imageShape());
      }
      case PATTERNS -> {
        SpinMatrix m = request.getPatterns();
        long p = Integer.toUnsignedLong(m.getRows());
        long n = Integer.toUnsignedLong(m.getCols());
        require(p >= 1 && n >= 1, "patterns must have at least one row and one column (got " + p + " x " + n + ")");
        limit(n + p <= limits.maxUnits(), "patterns is " + p + " x " + n + ": the RBM would have N + p = " + (n + p)
            + " units, above the limit of " + limits.maxUnits() + " (ebmsim.limits.max-units)");
        require(p < n, "patterns: the pattern count p (rows) must be < N (columns) for the projection network"
            + " (got p = " + p + ", N = " + n + ")");
        byte[] xi = SpecChecks.spins(m, "patterns", limits.maxPatterns(), limits.maxUnits());
        return new HopfieldSource(xi, (int) p, (int) n, null, false, "patterns-rbm", ImageShape.getDefaultInstance());
      }
      default -> throw new InvalidRequestException("source must be set: hopfield_model_id or patterns");
    }
  }

  @Override
  public void mapRbmToHopfield(MapRbmToHopfieldRequest request, StreamObserver<MapRbmToHopfieldResponse> response) {
    try {
      require(!request.getRbmModelId().isEmpty(), "rbm_model_id is required");
      StoredModel model = ModelGrpcService.find(store, request.getRbmModelId());
      if (!HopfieldRbmMapping.isBinaryGaussian(model.model())) {
        throw new FailedPreconditionException("rbm_model_id: model " + model.id() + " ("
            + model.model().summary().description() + ") is not a binary-Gaussian RBM; MapRbmToHopfield needs a"
            + " BINARY_GAUSSIAN RBM (the Hopfield-equivalent variant)");
      }
      HopfieldRbmMapping.ReverseOptions options = reverseOptions(request, HopfieldRbmMapping.hiddenUnits(model.model()));
      boolean register = request.getRegisterHopfield();
      require(register || request.getName().isEmpty(), "name is used only with register_hopfield; set"
          + " register_hopfield or leave name empty");
      String name = request.getName().isEmpty() ? truncate(model.name()) + "-hopfield" : request.getName();
      if (register) {
        ModelGrpcService.checkName(name, "name");
        limit(!store.isFull(), storeFullMessage());
      }
      Context context = Context.current();
      compute.execute(() -> {
        try {
          int p = HopfieldRbmMapping.hiddenUnits(model.model());
          int n = model.model().sampling().layout().visible().units();
          HopfieldRbmMapping.ToHopfield result;
          try (MemoryBudget.Reservation work = store.budget().reserve(mappingBytes(n, p),
              "mapping an RBM of " + n + " x " + p + " weights")) {
            result = HopfieldRbmMapping.toHopfield(model.model(), options, register, model.imageShape(),
                context::isCancelled);
          }
          MapRbmToHopfieldResponse.Builder out = MapRbmToHopfieldResponse.newBuilder()
              .setPatterns(WireArrays.spins(p, n, result.patterns()))
              .setBinarizationError(result.binarizationError())
              .setRelaxedError(result.relaxedError())
              .setTransform(WireArrays.matrix(p, p, result.transform()));
          for (boolean fixed : result.fixedPoints()) {
            out.addFixedPoints(fixed);
          }
          if (result.hopfield() != null) {
            out.setHopfield(ModelViews.model(register(result.hopfield(), name, context), false));
          }
          response.onNext(out.build());
          response.onCompleted();
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /**
   * Workspace of either map on N units and p patterns: a few N × p copies (patterns, W, the
   * factorization's), p × p products, and the projection rule's blocks when a network is registered.
   */
  static long mappingBytes(long n, long p) {
    return 8 * (10 * n * p + 6 * p * p + 256 * Math.max(n, p));
  }

  /** The descent options with the proto's defaults (α 10, γ 0.01, 2000 steps, start IDENTITY). */
  private static HopfieldRbmMapping.ReverseOptions reverseOptions(MapRbmToHopfieldRequest r, int h) {
    double alpha = r.getAlpha() == 0 ? 10 : r.getAlpha();
    require(Double.isFinite(alpha) && alpha > 0 && alpha <= 1e6, "alpha must be finite and > 0 (at most 1e6); 0"
        + " means 10 (got " + r.getAlpha() + ")");
    double rate = r.getLearningRate() == 0 ? 0.01 : r.getLearningRate();
    require(Double.isFinite(rate) && rate > 0 && rate <= MAX_LEARNING_RATE, "learning_rate must be finite and > 0"
        + " (at most 1000); 0 means 0.01 (got " + r.getLearningRate() + ")");
    long steps = r.getSteps() == 0 ? 2000 : Integer.toUnsignedLong(r.getSteps());
    limit(steps <= MAX_STEPS, "steps is " + steps + ", above the limit of " + MAX_STEPS + "; 0 means 2000");
    HopfieldRbmMapping.Start start = switch (r.getStart()) {
      case START_UNSPECIFIED, IDENTITY -> HopfieldRbmMapping.Start.IDENTITY;
      case RANDOM -> HopfieldRbmMapping.Start.RANDOM;
      case GIVEN -> HopfieldRbmMapping.Start.GIVEN;
      default -> throw new InvalidRequestException("start must be IDENTITY, RANDOM or GIVEN (got "
          + r.getStartValue() + ")");
    };
    double[] initial = null;
    if (start == HopfieldRbmMapping.Start.GIVEN) {
      require(r.hasInitialTransform(), "initial_transform is required for start = GIVEN: an H x H = " + h + " x "
          + h + " matrix");
      Matrix m = r.getInitialTransform();
      require(m.getRows() == h && m.getCols() == h, "initial_transform must be H x H = " + h + " x " + h
          + " (got " + Integer.toUnsignedString(m.getRows()) + " x " + Integer.toUnsignedString(m.getCols()) + ")");
      initial = SpecChecks.matrix(m, "initial_transform", h, h);
    } else {
      require(!r.hasInitialTransform(), "initial_transform is used only with start = GIVEN (start is " + start
          + ")");
    }
    return new HopfieldRbmMapping.ReverseOptions(alpha, rate, (int) steps, r.getLowdin(), start, initial,
        r.getSeed());
  }

  /** Creates the model of {@code spec} through its family and stores it (nothing if the call was cancelled). */
  private StoredModel register(Message spec, String name, Context context) throws IOException {
    // Checked again here: other calls may have filled the store while this one computed.
    limit(!store.isFull(), storeFullMessage());
    FamilyRegistry.Resolved r = registry.spec(spec, "spec");
    return models.create(r.family(), r.message(), name, context::isCancelled);
  }

  private String storeFullMessage() {
    return "the store holds the maximum of " + store.maxModels()
        + " models; delete some or raise ebmsim.limits.max-models";
  }

  /** A stored name shortened so that a suffix keeps a default name within 128 characters. */
  private static String truncate(String name) {
    return name.length() > 110 ? name.substring(0, 110) : name;
  }
}
