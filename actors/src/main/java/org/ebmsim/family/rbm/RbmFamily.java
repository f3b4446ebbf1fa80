package org.ebmsim.family.rbm;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;

/**
 * Family "rbm". Validates an {@link RbmSpec} (variant, V × H weights, biases, β or σ, patterns);
 * stored parameters use the same message with every default written explicitly.
 */
public final class RbmFamily implements ModelFamily {
  /** Smallest σ accepted: 1/σ² must stay far from float overflow in the hidden field weights. */
  static final double MIN_SIGMA = 1e-10;

  @Override
  public String key() {
    return "rbm";
  }

  @Override
  public String description() {
    return "restricted Boltzmann machine (binary, spin, binary-gaussian, gaussian-bernoulli)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(RbmSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return RbmSpec.getDefaultInstance();
  }

  /** Peak bytes a creation holds per weight (see {@link #build}). */
  static final long CREATE_BYTES_PER_WEIGHT = 24;

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    RbmSpec s = (RbmSpec) spec;
    RbmModel model = build(s, "rbm", context);
    // new models only: a stored one made under older rules still loads (and keeps its file)
    model.samplingProblem().ifPresent(problem -> {
      throw new InvalidRequestException(problem);
    });
    ImageShape image = SpecChecks.imageShape(s.getImageShape(), model.rbm().visibleUnits(), "rbm.image_shape");
    return new CreatedModel(model, image.getHeight(), image.getWidth());
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return build((RbmSpec) parameters, "rbm", CreateContext.of(Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

  /** The model of a spec, every rule checked with messages naming {@code field}. */
  RbmModel build(RbmSpec spec, String field, CreateContext context) {
    int maxUnits = context.maxUnits();
    int maxPatterns = context.maxPatterns();
    RbmVariant variant = spec.getVariant();
    require(variant == RbmVariant.BINARY || variant == RbmVariant.SPIN || variant == RbmVariant.BINARY_GAUSSIAN
        || variant == RbmVariant.GAUSSIAN_BERNOULLI, field + ".variant must be set to BINARY, SPIN, BINARY_GAUSSIAN"
        + " or GAUSSIAN_BERNOULLI (got " + variant + ")");
    double[] w;
    int nv;
    int nh;
    if (spec.hasInit()) {
      require(!spec.hasWeights(), field + ".weights must be empty when " + field + ".init computes them");
      RbmDataInitialisation.Weights init = RbmDataInitialisation.compute(spec.getInit(), field, context);
      nv = init.visible();
      nh = init.hidden();
      context.charge(CREATE_BYTES_PER_WEIGHT * nv * nh, "a " + nv + " x " + nh + " RBM");
      w = init.values();
    } else {
      require(spec.hasWeights(), field + ".weights is required: V x H, one row per visible unit (or " + field
          + ".init to compute them from a dataset)");
      Matrix weights = spec.getWeights();
      long v = Integer.toUnsignedLong(weights.getRows());
      long h = Integer.toUnsignedLong(weights.getCols());
      require(v >= 1 && h >= 1, field + ".weights must have at least one row (visible unit) and one column (hidden"
          + " unit) (got " + v + " x " + h + ")");
      ResourceLimitException.limit(v + h <= maxUnits, field + ".weights is " + v + " x " + h
          + ": visible + hidden units = " + (v + h) + " is above the limit of " + maxUnits
          + " (ebmsim.limits.max-units)");
      // the checked copy, the model's float64 and float32 weights, and the BLAS operand
      context.charge(CREATE_BYTES_PER_WEIGHT * v * h, "a " + v + " x " + h + " RBM");
      w = SpecChecks.matrix(weights, field + ".weights", maxUnits, maxUnits);
      nv = (int) v;
      nh = (int) h;
    }
    double[] b = SpecChecks.optionalVector(spec.getVisibleBiasList(), field + ".visible_bias", nv);
    double[] c = SpecChecks.optionalVector(spec.getHiddenBiasList(), field + ".hidden_bias", nh);
    double beta = spec.getInverseTemperature();
    if (variant == RbmVariant.BINARY_GAUSSIAN) {
      require(Double.isFinite(beta) && beta >= 0, field + ".inverse_temperature must be finite and > 0; 0 means 1"
          + " (got " + beta + ")");
      require(beta == 0 || (beta >= 1e-100 && beta <= 1e100), field + ".inverse_temperature must be in [1e-100,"
          + " 1e100] (got " + beta + ")");
    } else {
      // A β on a variant whose energy has none would be silently ignored; refuse it instead.
      require(beta == 0, field + ".inverse_temperature applies only to BINARY_GAUSSIAN RBMs; leave it unset for "
          + variant + " (got " + beta + ")");
    }
    double[] sigma = null;
    if (variant == RbmVariant.GAUSSIAN_BERNOULLI) {
      sigma = SpecChecks.optionalVector(spec.getVisibleSigmaList(), field + ".visible_sigma", nv);
      if (sigma == null) {
        sigma = new double[nv];
        Arrays.fill(sigma, 1.0);
      }
      for (int i = 0; i < nv; i++) {
        if (!(sigma[i] >= MIN_SIGMA)) { // message built on failure only
          throw new InvalidRequestException(field + ".visible_sigma[" + i
              + "] must be > 0 (at least 1e-10) (got " + sigma[i]
            + ")");
        }
      }
    } else {
      require(spec.getVisibleSigmaCount() == 0, field + ".visible_sigma applies only to GAUSSIAN_BERNOULLI RBMs;"
          + " leave it empty for " + variant + " (got " + spec.getVisibleSigmaCount() + " entries)");
    }
    StoredPatterns patterns = SpecChecks.patterns(spec.hasPatterns(),
        spec.getPatterns(), field + ".patterns", nv, maxPatterns);
    Rbm rbm;
    try {
      rbm = switch (variant) {
        case BINARY -> BinaryRbm.of(nv, nh, w, b, c);
        case SPIN -> SpinRbm.of(nv, nh, w, b, c);
        case BINARY_GAUSSIAN -> BinaryGaussianRbm.of(nv, nh, w, b, c, beta == 0 ? 1 : beta);
        default -> GaussianBernoulliRbm.of(nv, nh, w, b, c, sigma);
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ": " + e.getMessage(), e);
    }
    return new RbmModel(this, variant, rbm, patterns);
  }
}
