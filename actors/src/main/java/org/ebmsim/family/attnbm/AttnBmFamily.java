package org.ebmsim.family.attnbm;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.AttnBmParameters;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;

/**
 * Family "attnbm": an attentional Boltzmann machine from patterns ξ (p × N real), optional biases
 * b and c, and β &gt; 0. Creation checks shapes against the limits before allocating, every entry
 * finite and at most 1e100 in magnitude, and β finite and positive, naming the field and the
 * rule. A non-integer β is accepted (energy and retrieval are defined) and refused later only by
 * the requests that need exactness.
 */
public final class AttnBmFamily implements ModelFamily {
  static final String FIELD = "attnbm";

  @Override
  public String key() {
    return "attnbm";
  }

  @Override
  public String description() {
    return "attentional Boltzmann machine: real units, E(v) = ½‖v−b‖² − log Σ_μ exp(ξ_μ·(v−b) + c_μ), law ∝ e^{−βE};"
        + " exact for integer β";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(AttnBmSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return AttnBmParameters.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    AttnBmSpec s = (AttnBmSpec) spec;
    require(s.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    Matrix m = s.getPatterns();
    SpecChecks.shape(m.getRows(), m.getCols(), m.getValuesCount(), FIELD + ".patterns", "values",
        context.maxPatterns(), context.maxUnits());
    int p = m.getRows();
    int n = m.getCols();
    // ξ from the wire, ξ in the model, the biases, and the parameters message made on demand
    context.charge(3L * 8 * p * n + 16L * (p + n), "an AttnBM of " + p + " patterns of " + n + " units");
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), n, FIELD + ".image_shape");
    AttnBm model = model(m, s.getVisibleBiasList(), s.getHiddenBiasList(), s.getInverseTemperature());
    return new CreatedModel(new AttnBmModel(this, model), image.getHeight(), image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    AttnBmParameters p = (AttnBmParameters) parameters;
    require(p.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    return new AttnBmModel(this, model(p.getPatterns(), p.getVisibleBiasList(), p.getHiddenBiasList(),
        p.getInverseTemperature()));
  }

  /** The checked model, or INVALID_ARGUMENT naming the field. */
  private static AttnBm model(Matrix patterns, List<Double> visibleBias, List<Double> hiddenBias, double beta) {
    require(beta != 0, FIELD + ".inverse_temperature is required: β must be finite and > 0 (integer for exact"
        + " results)");
    require(Double.isFinite(beta) && beta > 0, FIELD + ".inverse_temperature β must be finite and > 0 (got " + beta
        + ")");
    double[] xi = SpecChecks.matrix(patterns, FIELD + ".patterns", Integer.MAX_VALUE, Integer.MAX_VALUE);
    int p = patterns.getRows();
    int n = patterns.getCols();
    double[] b = SpecChecks.optionalVector(visibleBias, FIELD + ".visible_bias", n);
    double[] c = SpecChecks.optionalVector(hiddenBias, FIELD + ".hidden_bias", p);
    try {
      return AttnBm.of(n, p, xi, b, c, beta);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(FIELD + ": " + e.getMessage(), e);
    }
  }
}
