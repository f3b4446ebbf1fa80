package org.ebmsim.family.modernhopfield;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.dynamics.modern.continuous.ModernHopfield;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModernHopfieldParameters;
import org.ebmsim.proto.v1.ModernHopfieldSpec;

/**
 * Family "modern_hopfield": a modern continuous Hopfield network from real patterns ξ (p × N) and
 * β &gt; 0. Creation checks the shape against the limits before allocating, every entry finite
 * and at most {@value #MAX_ENTRY} in magnitude (the network holds float32 patterns, and logits
 * β ξ·v must stay finite in double), and β finite and positive, naming the field and the rule.
 */
public final class ModernHopfieldFamily implements ModelFamily {
  /** Largest pattern entry accepted: far inside float32, and N·entry² stays finite in double. */
  public static final double MAX_ENTRY = 1e15;
  static final String FIELD = "modern_hopfield";

  @Override
  public String key() {
    return "modern_hopfield";
  }

  @Override
  public String description() {
    return "modern continuous Hopfield network: real units, E(v) = −β⁻¹ lse(β ξ v) + ½ vᵀv + const,"
        + " retrieval v ← ξᵀ softmax(β ξ v) (Complete, DETERMINISTIC)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(ModernHopfieldSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return ModernHopfieldParameters.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    ModernHopfieldSpec s = (ModernHopfieldSpec) spec;
    require(s.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    Matrix m = s.getPatterns();
    SpecChecks.shape(m.getRows(), m.getCols(), m.getValuesCount(), FIELD + ".patterns", "values",
        context.maxPatterns(), context.maxUnits());
    int p = m.getRows();
    int n = m.getCols();
    // ξ from the wire as doubles, the float32 copy the network holds, and the parameters on demand
    context.charge(8L * p * n + 4L * p * n + 8L * p * n, "a modern Hopfield network of " + p + " patterns of " + n
        + " units");
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), n, FIELD + ".image_shape");
    return new CreatedModel(new ModernHopfieldModel(this, network(m, s.getInverseTemperature())), image.getHeight(),
        image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    ModernHopfieldParameters p = (ModernHopfieldParameters) parameters;
    require(p.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    return new ModernHopfieldModel(this, network(p.getPatterns(), p.getInverseTemperature()));
  }

  /** The checked network, or INVALID_ARGUMENT naming the field. */
  private static ModernHopfield network(Matrix patterns, double beta) {
    require(beta != 0, FIELD + ".inverse_temperature is required: β must be finite and > 0");
    require(Double.isFinite(beta) && beta > 0, FIELD + ".inverse_temperature β must be finite and > 0 (got " + beta
        + ")");
    double[] xi = SpecChecks.matrix(patterns, FIELD + ".patterns", Integer.MAX_VALUE, Integer.MAX_VALUE);
    for (int k = 0; k < xi.length; k++) {
      if (Math.abs(xi[k]) > MAX_ENTRY) {
        throw new InvalidRequestException(FIELD + ".patterns[" + k / patterns.getCols() + "][" + k % patterns.getCols()
            + "] must be at most " + MAX_ENTRY + " in magnitude (got " + xi[k] + ")");
      }
    }
    try {
      return ModernHopfield.of(patterns.getRows(), patterns.getCols(), xi, beta);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(FIELD + ": " + e.getMessage(), e);
    }
  }
}
