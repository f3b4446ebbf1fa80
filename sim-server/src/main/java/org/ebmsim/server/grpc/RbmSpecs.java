package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.ServerConfig.Limits;

/**
 * RBMs at the edge: validates an {@link RbmSpec} into a stored {@link Model} description, and
 * describes an RBM built on the server (by the Hopfield → RBM map) the same way. Stored
 * descriptions carry every default explicitly (zero biases, β, σ) so GetModel shows what is used.
 */
final class RbmSpecs {
  private RbmSpecs() {}

  /**
   * The model description of {@code spec} (without id, name and creation time).
   *
   * @throws IllegalArgumentException naming the field and the rule
   * @throws LimitExceededException when V + H exceeds {@code max-units} or the patterns exceed
   *     {@code max-patterns} (checked before anything of that size is allocated)
   */
  static Model.Builder toModel(RbmSpec spec, Limits limits) {
    RbmVariant variant = spec.getVariant();
    require(variant == RbmVariant.BINARY || variant == RbmVariant.SPIN || variant == RbmVariant.BINARY_GAUSSIAN
        || variant == RbmVariant.GAUSSIAN_BERNOULLI,
        "rbm.variant must be set to BINARY, SPIN, BINARY_GAUSSIAN or GAUSSIAN_BERNOULLI (got " + variant + ")");
    require(spec.hasWeights(), "rbm.weights is required: V x H, one row per visible unit");
    Matrix weights = spec.getWeights();
    long v = Integer.toUnsignedLong(weights.getRows());
    long h = Integer.toUnsignedLong(weights.getCols());
    require(v >= 1 && h >= 1, "rbm.weights must have at least one row (visible unit) and one column (hidden unit)"
        + " (got " + v + " x " + h + ")");
    // max-units bounds the units of a model, visible + hidden (ServerConfig / reference.conf).
    limit(v + h <= limits.maxUnits(), "rbm.weights is " + v + " x " + h + ": visible + hidden units = " + (v + h)
        + " is above the limit of " + limits.maxUnits() + " (ebmsim.limits.max-units)");
    RequestValidation.matrix(weights, "rbm.weights", limits.maxUnits(), limits.maxUnits());
    int nv = (int) v;
    int nh = (int) h;
    double[] visibleBias = RequestValidation.optionalVector(spec.getVisibleBiasList(), "rbm.visible_bias", nv);
    double[] hiddenBias = RequestValidation.optionalVector(spec.getHiddenBiasList(), "rbm.hidden_bias", nh);

    Model.Builder model = Model.newBuilder().setKind(ModelKind.RBM).setRbmVariant(variant)
        .setUnits(nv + nh).setVisibleUnits(nv).setHiddenUnits(nh).setWeights(weights)
        .addAllBias(ProtoMatrices.listOrZeros(visibleBias, nv))
        .addAllHiddenBias(ProtoMatrices.listOrZeros(hiddenBias, nh));

    double beta = spec.getInverseTemperature();
    if (variant == RbmVariant.BINARY_GAUSSIAN) {
      require(Double.isFinite(beta) && beta >= 0, "rbm.inverse_temperature must be finite and > 0; 0 means 1 (got "
          + beta + ")");
      model.setInverseTemperature(beta == 0 ? 1 : beta);
    } else {
      // A β on a variant whose energy has none would be silently ignored; refuse it instead.
      require(beta == 0, "rbm.inverse_temperature applies only to BINARY_GAUSSIAN RBMs; leave it unset for "
          + variant + " (got " + beta + ")");
    }

    if (variant == RbmVariant.GAUSSIAN_BERNOULLI) {
      double[] sigma = RequestValidation.optionalVector(spec.getVisibleSigmaList(), "rbm.visible_sigma", nv);
      if (sigma == null) {
        sigma = new double[nv];
        java.util.Arrays.fill(sigma, 1.0);
      }
      for (int i = 0; i < nv; i++) {
        require(sigma[i] > 0, "rbm.visible_sigma[" + i + "] must be > 0 (got " + sigma[i] + ")");
      }
      model.addAllVisibleSigma(ProtoMatrices.listOrZeros(sigma, nv));
    } else {
      require(spec.getVisibleSigmaCount() == 0, "rbm.visible_sigma applies only to GAUSSIAN_BERNOULLI RBMs; leave"
          + " it empty for " + variant + " (got " + spec.getVisibleSigmaCount() + " entries)");
    }

    if (spec.hasPatterns()) {
      SpinMatrix patterns = spec.getPatterns();
      require(patterns.getCols() == nv, "rbm.patterns must have " + nv + " columns, one per visible unit (got "
          + Integer.toUnsignedString(patterns.getCols()) + ")");
      RequestValidation.spins(patterns, "rbm.patterns", limits.maxPatterns(), limits.maxUnits());
      model.setPatterns(patterns).setStoredPatterns(patterns.getRows());
    }
    return model.setImageShape(imageShape(spec.getImageShape(), nv, "rbm.image_shape"));
  }

  /**
   * The description of an RBM built on the server, with {@code patterns} (p × V, possibly null)
   * stored for overlaps.
   */
  static Model.Builder describe(Rbm rbm, SpinMatrix patterns, ImageShape imageShape) {
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    Model.Builder model = Model.newBuilder().setKind(ModelKind.RBM).setRbmVariant(variant(rbm))
        .setUnits(v + h).setVisibleUnits(v).setHiddenUnits(h)
        .setWeights(ProtoMatrices.matrix(v, h, rbm.weights()))
        .addAllBias(ProtoMatrices.listOrZeros(rbm.visibleBias(), v))
        .addAllHiddenBias(ProtoMatrices.listOrZeros(rbm.hiddenBias(), h))
        .setImageShape(imageShape);
    if (rbm instanceof BinaryGaussianRbm bg) {
      model.setInverseTemperature(bg.inverseTemperature());
    }
    if (rbm instanceof GaussianBernoulliRbm gb) {
      model.addAllVisibleSigma(ProtoMatrices.listOrZeros(gb.visibleSd(), v));
    }
    if (patterns != null) {
      model.setPatterns(patterns).setStoredPatterns(patterns.getRows());
    }
    return model;
  }

  /** The wire variant of a domain RBM. */
  static RbmVariant variant(Rbm rbm) {
    if (rbm instanceof BinaryRbm) {
      return RbmVariant.BINARY;
    } else if (rbm instanceof SpinRbm) {
      return RbmVariant.SPIN;
    } else if (rbm instanceof BinaryGaussianRbm) {
      return RbmVariant.BINARY_GAUSSIAN;
    }
    return RbmVariant.GAUSSIAN_BERNOULLI;
  }

  /** {@code shape} if unset (0 × 0) or height × width = {@code units}. */
  static ImageShape imageShape(ImageShape shape, int units, String field) {
    if (shape.getHeight() == 0 && shape.getWidth() == 0) {
      return shape;
    }
    require(Integer.toUnsignedLong(shape.getHeight()) * Integer.toUnsignedLong(shape.getWidth()) == units,
        field + " height x width must equal the " + units + " visible units (got "
            + Integer.toUnsignedString(shape.getHeight()) + " x " + Integer.toUnsignedString(shape.getWidth()) + ")");
    return shape;
  }
}
