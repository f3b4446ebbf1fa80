package org.ebmsim.family.ising;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainingData;
import org.ebmsim.proto.v1.HopfieldFromDataset;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.HopfieldPlanted;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.StorageRule;

/**
 * Family "hopfield": a Hopfield network from ±1 patterns (Hebbian or projection rule, computed
 * with BLAS in cancellable blocks) or from given symmetric weights.
 */
public final class HopfieldFamily implements ModelFamily {
  @Override
  public String key() {
    return "hopfield";
  }

  @Override
  public String description() {
    return "Hopfield network: one layer of ±1 spins, E(s) = -½ sᵀWs - bᵀs";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(HopfieldFromPatterns.getDefaultInstance(), HopfieldFromWeights.getDefaultInstance(),
        HopfieldFromDataset.getDefaultInstance(), HopfieldPlanted.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return HopfieldParameters.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    if (spec instanceof HopfieldFromPatterns p) {
      return fromPatterns(p, context);
    }
    if (spec instanceof HopfieldFromDataset d) {
      return fromDataset(d, context);
    }
    if (spec instanceof HopfieldPlanted planted) {
      return planted(planted, context);
    }
    return fromWeights((HopfieldFromWeights) spec, context);
  }

  /**
   * Bytes a creation holds per weight at its peak: the checked float64 copy and the model's
   * array (a single layer with zero diagonal shares it with its sampler; other layouts copy).
   */
  static final long CREATE_BYTES_PER_WEIGHT = 16;

  private CreatedModel fromPatterns(HopfieldFromPatterns spec, CreateContext context) {
    require(spec.hasPatterns(), "hopfield_patterns.patterns is required");
    byte[] xi = SpecChecks.spins(spec.getPatterns(), "hopfield_patterns.patterns", context.maxPatterns(),
        context.maxUnits());
    int p = spec.getPatterns().getRows();
    int n = spec.getPatterns().getCols();
    require(n >= 2, "hopfield_patterns.patterns needs at least 2 units per pattern (got " + n + ")");
    double[] bias = SpecChecks.optionalVector(spec.getBiasList(), "hopfield_patterns.bias", n);
    ImageShape image = SpecChecks.imageShape(spec.getImageShape(), n, "hopfield_patterns.image_shape");
    return store(p, n, xi, spec.getRule(), bias, image, "hopfield_patterns", context);
  }

  /** Patterns from a stored dataset's rows or class means (values ±1 or {0, 1}). */
  private CreatedModel fromDataset(HopfieldFromDataset spec, CreateContext context) {
    require(!spec.getDatasetId().isEmpty(), "hopfield_dataset.dataset_id is required");
    TrainingData data = context.datasets().get(spec.getDatasetId());
    int n = data.cols();
    require(n >= 2, "dataset " + spec.getDatasetId() + " has " + n + " columns; a Hopfield network needs at least 2");
    context.checkUnits(n, "dataset " + spec.getDatasetId());
    int[] count = new int[1];
    byte[] xi = DatasetPatternRows.select(spec.getDatasetId(), data, spec.getPatterns(), spec.getRows(),
        context.maxPatterns(), count);
    double[] bias = SpecChecks.optionalVector(spec.getBiasList(), "hopfield_dataset.bias", n);
    ImageShape image = SpecChecks.imageShape(spec.getImageShape(), n, "hopfield_dataset.image_shape");
    return store(count[0], n, xi, spec.getRule(), bias, image, "hopfield_dataset", context);
  }

  /** W from p × n ±1 patterns by {@code rule} (default HEBBIAN); errors name {@code field}. */
  private CreatedModel store(int p, int n, byte[] xi, StorageRule requested, double[] bias, ImageShape image,
      String field, CreateContext context) {
    StorageRule rule = requested == StorageRule.STORAGE_RULE_UNSPECIFIED ? StorageRule.HEBBIAN : requested;
    // W (n²) and the rule's workspace: ξ in float64 and a transformed copy (2pn), ξξᵀ and its
    // factor for the projection rule (2p²), a block of columns (256·max(n, p))
    context.charge(CREATE_BYTES_PER_WEIGHT * n * n + 8L * (2L * p * n + 2L * p * p + 256L * Math.max(n, p)),
        "storing " + p + " patterns of " + n + " units");
    Gemm gemm = Gemm.nativeOrFallback(1);
    double[] w;
    try {
      w = switch (rule) {
        case HEBBIAN -> HopfieldRules.hebbian(p, n, xi, gemm, context.cancelled());
        case PROJECTION -> HopfieldRules.projection(p, n, xi, gemm, context.cancelled());
        default -> throw new InvalidRequestException(field + ".rule must be HEBBIAN or PROJECTION");
      };
    } catch (CancellationException e) {
      throw new CreateContext.CancelledException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ": " + e.getMessage(), e);
    }
    IsingModel ising = IsingModel.of(n, w, bias);
    return new CreatedModel(new HopfieldModel(this, ising, new StoredPatterns(p, n, xi), rule), image.getHeight(),
        image.getWidth());
  }

  private CreatedModel fromWeights(HopfieldFromWeights spec, CreateContext context) {
    require(spec.hasWeights(), "hopfield_weights.weights is required");
    int n = SpecChecks.square(spec.getWeights(), "hopfield_weights.weights");
    context.checkUnits(Integer.toUnsignedLong(n), "hopfield_weights.weights");
    context.charge(CREATE_BYTES_PER_WEIGHT * n * n, "a " + n + "-unit Hopfield network");
    double[] w = SpecChecks.matrix(spec.getWeights(), "hopfield_weights.weights", context.maxUnits(),
        context.maxUnits());
    double[] bias = SpecChecks.optionalVector(spec.getBiasList(), "hopfield_weights.bias", n);
    IsingModel ising = ising(n, w, bias, "hopfield_weights.weights");
    StoredPatterns patterns = SpecChecks.patterns(spec.hasPatterns(), spec.getPatterns(), "hopfield_weights.patterns",
        n, context.maxPatterns());
    ImageShape image = SpecChecks.imageShape(spec.getImageShape(), n, "hopfield_weights.image_shape");
    return new CreatedModel(new HopfieldModel(this, ising, patterns, StorageRule.STORAGE_RULE_UNSPECIFIED),
        image.getHeight(), image.getWidth());
  }

  /**
   * A planted frustrated-loop instance: its couplings as given weights, its planted ground state as
   * stored pattern 0 (overlaps then measure the distance to it).
   */
  private CreatedModel planted(HopfieldPlanted spec, CreateContext context) {
    String f = "hopfield_planted";
    require(spec.getDimensions() == 2 || spec.getDimensions() == 3, f + ".dimensions must be 2 or 3 (got "
        + Integer.toUnsignedString(spec.getDimensions()) + ")");
    require(spec.getSide() >= 3, f + ".side must be >= 3: a periodic side of 2 repeats edges (got "
        + Integer.toUnsignedString(spec.getSide()) + ")");
    double density = spec.getLoopDensity();
    require(density > 0 && density <= 10, f + ".loop_density must be in (0, 10] cycles per spin (got " + density
        + ")");
    long n = 1;
    for (int k = 0; k < spec.getDimensions(); k++) {
      n *= Integer.toUnsignedLong(spec.getSide());
      context.checkUnits(n, f + " (side^dimensions units)");
    }
    context.charge(CREATE_BYTES_PER_WEIGHT * n * n, "a planted instance of " + n + " units");
    org.ebmsim.dynamics.planted.PlantedLoops.Instance instance;
    try {
      instance = org.ebmsim.dynamics.planted.PlantedLoops.lattice(spec.getDimensions(), spec.getSide(), density,
          spec.getSeed());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(f + ": " + e.getMessage(), e);
    }
    int units = instance.units();
    IsingModel ising = IsingModel.of(units, instance.couplings(), new double[units]);
    return new CreatedModel(new HopfieldModel(this, ising, new StoredPatterns(1, units, instance.planted()),
        StorageRule.STORAGE_RULE_UNSPECIFIED), spec.getDimensions() == 2 ? spec.getSide() : 0,
        spec.getDimensions() == 2 ? spec.getSide() : 0);
  }

  /** The Ising model of checked weights, or INVALID_ARGUMENT naming {@code field} (e.g. not symmetric). */
  static IsingModel ising(int n, double[] w, double[] bias, String field) {
    try {
      IsingModel.checkSymmetric(n, w, field);
      return IsingModel.of(n, w, bias);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), e);
    }
  }

  @Override
  public EnergyModel decode(Message parameters) {
    HopfieldParameters p = (HopfieldParameters) parameters;
    int n = SpecChecks.square(p.getWeights(), "hopfield.weights");
    double[] w = SpecChecks.matrix(p.getWeights(), "hopfield.weights", Integer.MAX_VALUE, Integer.MAX_VALUE);
    double[] bias = SpecChecks.optionalVector(p.getBiasList(), "hopfield.bias", n);
    StoredPatterns patterns = SpecChecks.patterns(p.hasPatterns(), p.getPatterns(),
        "hopfield.patterns", n, Integer.MAX_VALUE);
    return new HopfieldModel(this, ising(n, w, bias, "hopfield.weights"), patterns, p.getRule());
  }
}
