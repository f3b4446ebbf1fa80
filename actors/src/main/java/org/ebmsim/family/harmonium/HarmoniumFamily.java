package org.ebmsim.family.harmonium;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.dynamics.harmonium.Harmonium;
import org.ebmsim.dynamics.harmonium.HiddenPotential;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.HarmoniumPotential;
import org.ebmsim.proto.v1.HarmoniumSpec;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;

/**
 * Family "harmonium": a model-A Boltzmann machine from patterns ξ (p × N), β and a hidden
 * Lagrangian F. Creation checks the shape against the limits before allocating, then every entry,
 * β and F's parameter, naming the field and the rule. The spec message is also the stored
 * parameters message (with defaults written out).
 */
public final class HarmoniumFamily implements ModelFamily {
  static final String FIELD = "harmonium";

  @Override
  public String key() {
    return "harmonium";
  }

  @Override
  public String description() {
    return "model-A Boltzmann machine (exponential-family harmonium): ±1 visible spins, real hidden units with"
        + " p(h|σ) ∝ exp(−β[h f(h) − F(h) − f(h) ξ·σ]); block Gibbs; F = x²/2 is the binary–Gaussian RBM";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(HarmoniumSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return HarmoniumSpec.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    HarmoniumSpec s = (HarmoniumSpec) spec;
    require(s.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    Matrix m = s.getPatterns();
    SpecChecks.shape(m.getRows(), m.getCols(), m.getValuesCount(), FIELD + ".patterns", "values",
        context.maxPatterns(), context.maxUnits());
    // ξ from the wire, the model's copy, and the parameters message on demand
    context.charge(3L * 8 * m.getRows() * m.getCols(), "a harmonium of " + m.getRows() + " hidden and " + m.getCols()
        + " visible units");
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), m.getCols(), FIELD + ".image_shape");
    return new CreatedModel(new HarmoniumModel(this, model(s)), image.getHeight(), image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    HarmoniumSpec s = (HarmoniumSpec) parameters;
    require(s.hasPatterns(), FIELD + ".patterns is required (p × N, one pattern per row)");
    return new HarmoniumModel(this, model(s));
  }

  /** The checked model, or INVALID_ARGUMENT naming the field. */
  static Harmonium model(HarmoniumSpec s) {
    double beta = s.getInverseTemperature() == 0 ? 1 : s.getInverseTemperature();
    require(Double.isFinite(beta) && beta > 0, FIELD + ".inverse_temperature β must be finite and > 0 (got " + beta
        + ")");
    Matrix m = s.getPatterns();
    double[] xi = SpecChecks.matrix(m, FIELD + ".patterns", Integer.MAX_VALUE, Integer.MAX_VALUE);
    HiddenPotential potential = potential(s.getPotential(), s.getPotentialParameter());
    try {
      return Harmonium.of(m.getRows(), m.getCols(), xi, beta, potential);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(FIELD + ": " + e.getMessage(), e);
    }
  }

  /** F from the wire, defaults applied, or INVALID_ARGUMENT naming the field and its range. */
  static HiddenPotential potential(HarmoniumPotential kind, double parameter) {
    String field = FIELD + ".potential_parameter";
    switch (kind) {
      case HARMONIUM_POTENTIAL_UNSPECIFIED, HARMONIUM_QUADRATIC -> {
        require(parameter == 0, field + " must be 0 for QUADRATIC (F = x²/2 has no parameter; got " + parameter + ")");
        return HiddenPotential.quadratic();
      }
      case HARMONIUM_LOG_COSH -> {
        double a = parameter == 0 ? 1 : parameter;
        require(Double.isFinite(a) && a > 0, field + " a of LOG_COSH (F = log cosh x + a x²/2) must be finite and > 0"
            + " (got " + a + "): with a ≤ 0 the hidden density is not normalisable on ℝ");
        return HiddenPotential.logCosh(a);
      }
      case HARMONIUM_RECTIFIED_POWER -> {
        double n = parameter == 0 ? 2 : parameter;
        require(n >= 2 && n <= 64, field + " n of RECTIFIED_POWER (F = xⁿ/n on x ≥ 0) must be in [2, 64] (got " + n
            + "): with n ≤ 1 the hidden density is not normalisable, below 2 f has an infinite slope at 0 that the"
            + " sampler's quadrature does not resolve to 1e-4, above 64 hⁿ overflows");
        return HiddenPotential.rectifiedPower(n);
      }
      default -> throw new InvalidRequestException(FIELD + ".potential " + kind
          + " is not one of QUADRATIC, LOG_COSH, RECTIFIED_POWER");
    }
  }

  /** The wire form of F (kind and parameter, defaults written out). */
  static HarmoniumPotential kind(HiddenPotential potential) {
    return switch (potential.kind()) {
      case QUADRATIC -> HarmoniumPotential.HARMONIUM_QUADRATIC;
      case LOG_COSH -> HarmoniumPotential.HARMONIUM_LOG_COSH;
      case RECTIFIED_POWER -> HarmoniumPotential.HARMONIUM_RECTIFIED_POWER;
    };
  }
}
