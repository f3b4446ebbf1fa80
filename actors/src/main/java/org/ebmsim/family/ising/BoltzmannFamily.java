package org.ebmsim.family.ising;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.ImageShape;

/**
 * Family "boltzmann": a Boltzmann machine with hidden units, any symmetric W over ±1 spins whose
 * first V units are visible; sampled as a visible and a hidden layer exchanging fields.
 */
public final class BoltzmannFamily implements ModelFamily {
  @Override
  public String key() {
    return "boltzmann";
  }

  @Override
  public String description() {
    return "Boltzmann machine with hidden units: ±1 spins, E(s) = -½ sᵀWs - bᵀs, visible units first";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(BoltzmannFromWeights.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return BoltzmannFromWeights.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    BoltzmannFromWeights b = (BoltzmannFromWeights) spec;
    BoltzmannModel model = build(b, "boltzmann", context);
    ImageShape image = SpecChecks.imageShape(b.getImageShape(), b.getVisibleUnits(), "boltzmann.image_shape");
    return new CreatedModel(model, image.getHeight(), image.getWidth());
  }

  private BoltzmannModel build(BoltzmannFromWeights spec, String field, CreateContext context) {
    int maxUnits = context.maxUnits();
    int maxPatterns = context.maxPatterns();
    require(spec.hasWeights(), field + ".weights is required");
    int n = SpecChecks.square(spec.getWeights(), field + ".weights");
    require(n >= 2, field + ".weights needs at least 2 units (got " + n + ")");
    int v = spec.getVisibleUnits();
    require(v >= 1 && v < n, field + ".visible_units must be in [1, " + (n - 1) + "] so that at least one unit"
        + " is hidden (got " + Integer.toUnsignedString(v) + ")");
    context.checkUnits(n, field + ".weights");
    context.charge(HopfieldFamily.CREATE_BYTES_PER_WEIGHT * n * n, "a " + n + "-unit Boltzmann machine");
    double[] w = SpecChecks.matrix(spec.getWeights(), field + ".weights", maxUnits, maxUnits);
    double[] bias = SpecChecks.optionalVector(spec.getBiasList(), field + ".bias", n);
    IsingModel ising = HopfieldFamily.ising(n, w, bias, field + ".weights");
    StoredPatterns patterns = SpecChecks.patterns(spec.hasPatterns(),
        spec.getPatterns(), field + ".patterns", v, maxPatterns);
    return new BoltzmannModel(this, ising, v, patterns);
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return build((BoltzmannFromWeights) parameters, "boltzmann", CreateContext.of(Integer.MAX_VALUE, Integer.MAX_VALUE));
  }
}
