package org.ebmsim.family.vmf;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.VmfParameters;
import org.ebmsim.proto.v1.VmfSpec;

/**
 * Family "vmf": model C from patterns ξ (p × N real, N ≥ 2) and β ≥ 0. Creation checks the shape
 * against the limits before allocating, every entry finite and at most 1e100 in magnitude, and β
 * finite and non-negative, naming the field and the rule.
 */
public final class VmfFamily implements ModelFamily {
  static final String FIELD = "vmf";

  @Override
  public String key() {
    return "vmf";
  }

  @Override
  public String description() {
    return "model C (divisive normalization): directions v/‖v‖, E(v) = −ηᵀv/‖v‖ with η = Σ_μ ξ_μ; the law is von"
        + " Mises–Fisher (exact log Z, moments and samples)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(VmfSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return VmfParameters.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    VmfSpec s = (VmfSpec) spec;
    require(s.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    Matrix m = s.getPatterns();
    SpecChecks.shape(m.getRows(), m.getCols(), m.getValuesCount(), FIELD + ".patterns", "values",
        context.maxPatterns(), context.maxUnits());
    // ξ from the wire, ξ in the model, and the parameters message made on demand
    context.charge(3L * 8 * m.getRows() * m.getCols(), "a model C of " + m.getRows() + " patterns of " + m.getCols()
        + " units");
    return new CreatedModel(model(m, s.getInverseTemperature()), 0, 0);
  }

  @Override
  public EnergyModel decode(Message parameters) {
    VmfParameters p = (VmfParameters) parameters;
    require(p.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    return model(p.getPatterns(), p.getInverseTemperature());
  }

  private VmfModel model(Matrix patterns, double beta) {
    require(patterns.getCols() >= 2, FIELD + ".patterns needs N >= 2 columns: a direction lives on the sphere"
        + " S^{N−1} (got " + patterns.getCols() + ")");
    require(Double.isFinite(beta) && beta >= 0, FIELD + ".inverse_temperature β must be finite and >= 0 (got " + beta
        + ")");
    double[] xi = SpecChecks.matrix(patterns, FIELD + ".patterns", Integer.MAX_VALUE, Integer.MAX_VALUE);
    return new VmfModel(this, patterns.getRows(), patterns.getCols(), xi, beta);
  }
}
