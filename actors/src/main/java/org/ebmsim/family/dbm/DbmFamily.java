package org.ebmsim.family.dbm;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;

/** Family "dbm": validates a {@link DbmSpec}; stored parameters use the same message. */
public final class DbmFamily implements ModelFamily {
  @Override
  public String key() {
    return "dbm";
  }

  @Override
  public String description() {
    return "deep Boltzmann machine: binary or ±1 layers coupled to their neighbours only";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(DbmSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return DbmSpec.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    DbmSpec s = (DbmSpec) spec;
    DbmModel model = build(s, context);
    // new models only: a stored one made under older rules still loads (and keeps its file)
    model.samplingProblem().ifPresent(problem -> {
      throw new InvalidRequestException(problem);
    });
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), model.dbm().size(0), "dbm.image_shape");
    return new CreatedModel(model, image.getHeight(), image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return build((DbmSpec) parameters, CreateContext.of(Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

  private DbmModel build(DbmSpec spec, CreateContext context) {
    int maxUnits = context.maxUnits();
    int maxPatterns = context.maxPatterns();
    ValueType units = switch (spec.getUnits()) {
      case DBM_UNITS_UNSPECIFIED, DBM_BINARY -> ValueType.BINARY;
      case DBM_SPIN -> ValueType.SPIN;
      default -> throw new InvalidRequestException("dbm.units must be DBM_BINARY or DBM_SPIN (got "
          + spec.getUnitsValue() + ")");
    };
    int pairs = spec.getWeightsCount();
    require(pairs >= 1, "dbm.weights needs at least one matrix (layers 0 and 1)");
    ResourceLimitException.limit(pairs + 1 <= maxUnits, "dbm.weights has " + pairs + " matrices; a model has at most"
        + " " + maxUnits + " units");
    int[] sizes = new int[pairs + 1];
    long total = 0;
    for (int l = 0; l < pairs; l++) {
      Matrix m = spec.getWeights(l);
      long rows = Integer.toUnsignedLong(m.getRows());
      long cols = Integer.toUnsignedLong(m.getCols());
      require(rows >= 1 && cols >= 1, "dbm.weights[" + l + "] must have at least one row and one column");
      if (l == 0) {
        sizes[0] = (int) Math.min(rows, Integer.MAX_VALUE);
        total += rows;
      } else {
        require(rows == sizes[l], "dbm.weights[" + l + "] must have " + sizes[l] + " rows, the columns of dbm.weights["
            + (l - 1) + "] (got " + rows + ")");
      }
      total += cols;
      ResourceLimitException.limit(total <= maxUnits, "dbm has more than " + maxUnits + " units over its layers"
          + " (ebmsim.limits.max-units)");
      sizes[l + 1] = (int) cols;
    }
    long params = 0;
    for (int l = 0; l < pairs; l++) {
      params += (long) sizes[l] * sizes[l + 1];
    }
    // the checked copies, the model's float64 and float32 weights, and the BLAS operands
    context.charge(24L * params, "a deep Boltzmann machine of " + params + " weights");
    double[][] weights = new double[pairs][];
    for (int l = 0; l < pairs; l++) {
      weights[l] = SpecChecks.matrix(spec.getWeights(l), "dbm.weights[" + l + "]", maxUnits, maxUnits);
    }
    double[][] biases = null;
    if (spec.getBiasesCount() > 0) {
      require(spec.getBiasesCount() == pairs + 1, "dbm.biases must have one vector per layer: " + (pairs + 1)
          + " (got " + spec.getBiasesCount() + ")");
      biases = new double[pairs + 1][];
      for (int l = 0; l <= pairs; l++) {
        biases[l] = SpecChecks.optionalVector(spec.getBiases(l).getValuesList(), "dbm.biases[" + l + "]", sizes[l]);
      }
    }
    StoredPatterns patterns = SpecChecks.patterns(spec.hasPatterns(),
        spec.getPatterns(), "dbm.patterns", sizes[0], maxPatterns);
    try {
      return new DbmModel(this, Dbm.of(units, sizes, weights, biases), patterns);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("dbm: " + e.getMessage(), e);
    }
  }
}
