package org.ebmsim.client;

import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/**
 * Builders of {@link CreateModelRequest} from Java arrays. Shapes and values are checked here
 * (so mistakes fail before a round trip); the server checks again, including symmetry.
 */
public final class ModelRequests {
  private ModelRequests() {}

  /**
   * A Hopfield network whose weights the server computes from {@code patterns} (p × N, ±1)
   * with {@code rule} (Hebbian or projection).
   */
  public static CreateModelRequest hopfieldFromPatterns(
      String name, int[][] patterns, StorageRule rule) {
    HopfieldFromPatterns spec =
        HopfieldFromPatterns.newBuilder()
            .setPatterns(ProtoMatrices.spinMatrix(patterns))
            .setRule(rule)
            .build();
    return CreateModelRequest.newBuilder().setName(name).setHopfieldPatterns(spec).build();
  }

  /**
   * A Hopfield network with the given symmetric N × N {@code weights} and optional
   * {@code bias} (length N; {@code null} for zeros).
   */
  public static CreateModelRequest hopfieldFromWeights(
      String name, double[][] weights, double[] bias) {
    checkSquare(weights);
    HopfieldFromWeights.Builder spec =
        HopfieldFromWeights.newBuilder().setWeights(ProtoMatrices.matrix(weights));
    if (bias != null) {
      checkLength("bias", bias.length, weights.length);
      for (double b : bias) {
        spec.addBias(b);
      }
    }
    return CreateModelRequest.newBuilder().setName(name).setHopfieldWeights(spec).build();
  }

  /**
   * A Boltzmann machine over V + H units: symmetric (V+H) × (V+H) {@code weights} with the
   * visible units first, optional {@code bias} (length V+H; {@code null} for zeros), and
   * {@code visibleUnits} = V, with 1 ≤ V &lt; V+H.
   */
  public static CreateModelRequest boltzmann(
      String name, double[][] weights, double[] bias, int visibleUnits) {
    checkSquare(weights);
    if (visibleUnits < 1 || visibleUnits >= weights.length) {
      throw new IllegalArgumentException(
          "visible units must be between 1 and " + (weights.length - 1)
              + " (the weights have " + weights.length + " units), got " + visibleUnits);
    }
    BoltzmannFromWeights.Builder spec =
        BoltzmannFromWeights.newBuilder()
            .setWeights(ProtoMatrices.matrix(weights))
            .setVisibleUnits(visibleUnits);
    if (bias != null) {
      checkLength("bias", bias.length, weights.length);
      for (double b : bias) {
        spec.addBias(b);
      }
    }
    return CreateModelRequest.newBuilder().setName(name).setBoltzmann(spec).build();
  }

  /**
   * A restricted Boltzmann machine of {@code variant} with V × H {@code weights} (rows are the
   * visible units), optional {@code visibleBias} b (length V) and {@code hiddenBias} c (length
   * H); {@code null} means zeros. β of a binary–Gaussian RBM and σ of a Gaussian–Bernoulli RBM
   * default to 1; set them with {@link #withInverseTemperature} and {@link #withVisibleSigma}.
   *
   * @throws IllegalArgumentException for an unset variant, ragged or non-finite weights, or
   *     bias lengths that do not match the weights
   */
  public static CreateModelRequest rbm(
      String name, RbmVariant variant, double[][] weights, double[] visibleBias, double[] hiddenBias) {
    if (variant == null || variant == RbmVariant.RBM_VARIANT_UNSPECIFIED || variant == RbmVariant.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "an RBM needs a variant: BINARY, SPIN, BINARY_GAUSSIAN or GAUSSIAN_BERNOULLI (got " + variant + ")");
    }
    RbmSpec.Builder spec =
        RbmSpec.newBuilder().setVariant(variant).setWeights(ProtoMatrices.matrix(weights));
    int v = weights.length;
    int h = weights[0].length;
    if (visibleBias != null) {
      checkLayer("visible bias", visibleBias.length, "visible", v);
      for (double b : checkFinite("visible bias", visibleBias)) {
        spec.addVisibleBias(b);
      }
    }
    if (hiddenBias != null) {
      checkLayer("hidden bias", hiddenBias.length, "hidden", h);
      for (double c : checkFinite("hidden bias", hiddenBias)) {
        spec.addHiddenBias(c);
      }
    }
    return CreateModelRequest.newBuilder().setName(name).setRbm(spec).build();
  }

  /**
   * Sets the inverse temperature β (finite, &gt; 0) of a binary–Gaussian RBM request, whose law
   * is ∝ e^{−βH}.
   *
   * @throws IllegalArgumentException if the request is not a BINARY_GAUSSIAN RBM or β is invalid
   */
  public static CreateModelRequest withInverseTemperature(CreateModelRequest request, double beta) {
    requireVariant(request, RbmVariant.BINARY_GAUSSIAN, "an inverse temperature β");
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("β must be finite and > 0, got " + beta);
    }
    CreateModelRequest.Builder b = request.toBuilder();
    b.getRbmBuilder().setInverseTemperature(beta);
    return b.build();
  }

  /**
   * Sets the per-unit standard deviations σ_i (finite, &gt; 0, one per visible unit) of a
   * Gaussian–Bernoulli RBM request.
   *
   * @throws IllegalArgumentException if the request is not a GAUSSIAN_BERNOULLI RBM, the length
   *     is not V, or an entry is not finite and positive
   */
  public static CreateModelRequest withVisibleSigma(CreateModelRequest request, double[] sigma) {
    requireVariant(request, RbmVariant.GAUSSIAN_BERNOULLI, "per-unit σ");
    checkLayer("σ", sigma.length, "visible", request.getRbm().getWeights().getRows());
    CreateModelRequest.Builder b = request.toBuilder();
    b.getRbmBuilder().clearVisibleSigma();
    for (int i = 0; i < sigma.length; i++) {
      if (!(sigma[i] > 0) || !Double.isFinite(sigma[i])) {
        throw new IllegalArgumentException("σ must be finite and > 0; entry " + i + " is " + sigma[i]);
      }
      b.getRbmBuilder().addVisibleSigma(sigma[i]);
    }
    return b.build();
  }

  /**
   * Adds stored ±1 patterns over the (visible) units to a Hopfield-from-weights or RBM request
   * (used only for overlaps during completion).
   *
   * @throws IllegalArgumentException if the request is of another kind, or the patterns' length
   *     is not the number of (visible) units
   */
  public static CreateModelRequest withPatterns(CreateModelRequest request, int[][] patterns) {
    if (!request.hasHopfieldWeights() && !request.hasRbm()) {
      throw new IllegalArgumentException(
          "patterns can be attached only to a Hopfield network given by weights or to an RBM");
    }
    SpinMatrix spins = ProtoMatrices.spinMatrix(patterns);
    int units = visibleUnits(request);
    if (spins.getCols() != units) {
      throw new IllegalArgumentException("patterns must have one entry per visible unit (" + units
          + "), got " + spins.getCols());
    }
    CreateModelRequest.Builder b = request.toBuilder();
    if (request.hasRbm()) {
      b.getRbmBuilder().setPatterns(spins);
    } else {
      b.getHopfieldWeightsBuilder().setPatterns(spins);
    }
    return b.build();
  }

  /**
   * Sets the image shape (height × width must equal the visible units) so clients can draw
   * patterns as pictures.
   *
   * @throws IllegalArgumentException if height × width is not the number of visible units
   */
  public static CreateModelRequest withImageShape(CreateModelRequest request, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image height and width must be ≥ 1, got " + height + "x" + width);
    }
    int units = visibleUnits(request);
    if ((long) height * width != units) {
      throw new IllegalArgumentException("image " + height + "x" + width + " has " + (long) height * width
          + " pixels but the model has " + units + " visible units");
    }
    ImageShape shape = ImageShape.newBuilder().setHeight(height).setWidth(width).build();
    CreateModelRequest.Builder b = request.toBuilder();
    switch (request.getSpecCase()) {
      case HOPFIELD_PATTERNS -> b.getHopfieldPatternsBuilder().setImageShape(shape);
      case HOPFIELD_WEIGHTS -> b.getHopfieldWeightsBuilder().setImageShape(shape);
      case BOLTZMANN -> b.getBoltzmannBuilder().setImageShape(shape);
      case RBM -> b.getRbmBuilder().setImageShape(shape);
      default -> throw new IllegalArgumentException("the request has no model spec yet");
    }
    return b.build();
  }

  /** Units a pattern or picture of the request's model has: N, or V with hidden units. */
  private static int visibleUnits(CreateModelRequest request) {
    return switch (request.getSpecCase()) {
      case HOPFIELD_PATTERNS -> request.getHopfieldPatterns().getPatterns().getCols();
      case HOPFIELD_WEIGHTS -> request.getHopfieldWeights().getWeights().getRows();
      case BOLTZMANN -> request.getBoltzmann().getVisibleUnits();
      case RBM -> request.getRbm().getWeights().getRows();
      case SPEC_NOT_SET -> throw new IllegalArgumentException("the request has no model spec yet");
    };
  }

  private static void requireVariant(CreateModelRequest request, RbmVariant variant, String what) {
    if (!request.hasRbm() || request.getRbm().getVariant() != variant) {
      String got = request.hasRbm() ? request.getRbm().getVariant() + " RBM" : "not an RBM";
      throw new IllegalArgumentException(what + " applies only to a " + variant + " RBM (this request is "
          + got + ")");
    }
  }

  private static void checkLayer(String what, int got, String layer, int expected) {
    if (got != expected) {
      throw new IllegalArgumentException(what + " must have one entry per " + layer + " unit (" + expected
          + ": the weights are V x H, rows visible, columns hidden), got " + got);
    }
  }

  private static double[] checkFinite(String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(what + " must be finite; entry " + i + " is " + values[i]);
      }
    }
    return values;
  }

  private static void checkSquare(double[][] weights) {
    for (int r = 0; r < weights.length; r++) {
      if (weights[r].length != weights.length) {
        throw new IllegalArgumentException(
            "weights must be square; row " + r + " has " + weights[r].length
                + " entries but there are " + weights.length + " rows");
      }
    }
  }

  private static void checkLength(String what, int got, int expected) {
    if (got != expected) {
      throw new IllegalArgumentException(
          what + " must have one entry per unit (" + expected + "), got " + got);
    }
  }
}
