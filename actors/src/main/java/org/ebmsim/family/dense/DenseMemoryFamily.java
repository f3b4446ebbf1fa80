package org.ebmsim.family.dense;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Locale;
import org.ebmsim.dynamics.dense.DenseMemory;
import org.ebmsim.dynamics.dense.InteractionFunction;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemoryParameters;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.SpinMatrix;

/**
 * Family "dense-memory": a dense associative memory from ±1 patterns and an interaction function
 * (x^n, max(x, 0)^n or e^x in the log domain). Creation checks the function, the degree, the
 * pattern entries and sizes and that energies stay finite, naming the field and the rule.
 */
public final class DenseMemoryFamily implements ModelFamily {
  @Override
  public String key() {
    return "dense-memory";
  }

  @Override
  public String description() {
    return "dense associative memory: ±1 units, E(σ) = -Σ_μ F(ξ_μ·σ) with F = x^n, max(x,0)^n or e^x"
        + " (log domain)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(DenseMemorySpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return DenseMemoryParameters.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    DenseMemorySpec s = (DenseMemorySpec) spec;
    String field = "dense_memory";
    InteractionFunction f = function(s.getInteraction(), s.getDegree(), field);
    require(s.hasPatterns(), field + ".patterns is required");
    SpinMatrix patterns = s.getPatterns();
    SpecChecks.shape(patterns.getRows(), patterns.getCols(), patterns.getSpinsCount(), field + ".patterns", "spins",
        context.maxPatterns(), context.maxUnits());
    int p = patterns.getRows();
    int n = patterns.getCols();
    require(n >= 2, field + ".patterns needs at least 2 units per pattern (got " + n + ")");
    // ξ twice (rows and columns) and the tables, before the arrays exist
    context.charge(2L * p * n + 16L * (2L * n + 5) + 4L * p * n, "a dense memory of " + p + " patterns of " + n
        + " units");
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), n, field + ".image_shape");
    DenseMemory memory = memory(patterns, f, field);
    return new CreatedModel(new DenseMemoryModel(this, memory), image.getHeight(), image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    DenseMemoryParameters p = (DenseMemoryParameters) parameters;
    String field = "dense_memory";
    InteractionFunction f = function(p.getInteraction(), p.getDegree(), field);
    require(p.hasPatterns(), field + ".patterns is required");
    return new DenseMemoryModel(this, memory(p.getPatterns(), f, field));
  }

  /** The interaction function named by the wire, or INVALID_ARGUMENT saying what is allowed. */
  static InteractionFunction function(DenseInteraction kind, int degree, String field) {
    String kinds = "POWER, RECTIFIED_POWER or EXPONENTIAL";
    require(kind != DenseInteraction.DENSE_INTERACTION_UNSPECIFIED, field + ".interaction is required: " + kinds);
    require(kind != DenseInteraction.UNRECOGNIZED, field + ".interaction is not a supported function (must be "
        + kinds + ")");
    long n = Integer.toUnsignedLong(degree);
    return switch (kind) {
      case POWER, RECTIFIED_POWER -> {
        require(n >= 2, field + ".degree must be >= 2 for " + kind + " (got " + n + ")");
        require(n <= 1000, field + ".degree must be at most 1000 (got " + n + ")");
        yield kind == DenseInteraction.POWER ? InteractionFunction.power((int) n)
            : InteractionFunction.rectifiedPower((int) n);
      }
      case EXPONENTIAL -> {
        require(n == 0, field + ".degree must be 0 (unset) for EXPONENTIAL (got " + n + ")");
        yield InteractionFunction.exponential();
      }
      default -> throw new InvalidRequestException(field + ".interaction must be " + kinds);
    };
  }

  /** The memory of checked ±1 patterns, or INVALID_ARGUMENT naming the entry or the energy bound. */
  private static DenseMemory memory(SpinMatrix patterns, InteractionFunction f, String field) {
    byte[] xi = SpecChecks.spins(patterns, field + ".patterns", Integer.MAX_VALUE, Integer.MAX_VALUE);
    int p = patterns.getRows();
    int n = patterns.getCols();
    require(n >= 2, field + ".patterns needs at least 2 units per pattern (got " + n + ")");
    require(f.energiesFinite(n, p), String.format(Locale.ROOT,
        "%s.degree %d is too high for %d patterns of %d units: energies reach p·(N+1)^n ≈ 1e%.0f, above the bound"
            + " of 1e300 that keeps them finite", field, f.degree(), p, n, f.log10MaxEnergy(n, p)));
    try {
      return DenseMemory.of(p, n, xi, f);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ": " + e.getMessage(), e);
    }
  }
}
