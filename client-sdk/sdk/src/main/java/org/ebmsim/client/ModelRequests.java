package org.ebmsim.client;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.ModernHopfieldSpec;
import org.ebmsim.proto.v1.VmfSpec;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/**
 * Builders of {@link CreateModelRequest} from Java arrays, one per built-in family (Hopfield,
 * Boltzmann machine, RBM, deep Boltzmann machine, dense associative memory, attentional Boltzmann
 * machine) plus {@link #extension} for a family registered
 * on the server as a plug-in. Shapes and values are checked here (so mistakes fail before a
 * round trip); the server checks again, including symmetry.
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
   * A dense associative memory storing {@code patterns} (p × N, ±1) with interaction
   * {@code interaction}: {@code degree} is n of F = xⁿ or max(x, 0)ⁿ (≥ 2), and 0 for EXPONENTIAL.
   */
  public static CreateModelRequest denseMemory(
      String name, int[][] patterns, DenseInteraction interaction, int degree) {
    if (interaction == null || interaction == DenseInteraction.DENSE_INTERACTION_UNSPECIFIED
        || interaction == DenseInteraction.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "a dense memory needs interaction POWER, RECTIFIED_POWER or EXPONENTIAL (got " + interaction + ")");
    }
    if (interaction == DenseInteraction.EXPONENTIAL ? degree != 0 : degree < 2) {
      throw new IllegalArgumentException(interaction == DenseInteraction.EXPONENTIAL
          ? "EXPONENTIAL takes degree 0, got " + degree
          : interaction + " needs degree >= 2, got " + degree);
    }
    DenseMemorySpec spec =
        DenseMemorySpec.newBuilder()
            .setPatterns(ProtoMatrices.spinMatrix(patterns))
            .setInteraction(interaction)
            .setDegree(degree)
            .build();
    return CreateModelRequest.newBuilder().setName(name).setDenseMemory(spec).build();
  }

  /**
   * An attentional Boltzmann machine with patterns {@code patterns} (p × N, finite reals, one
   * pattern per row), optional biases ({@code null} for zeros: {@code visibleBias} length N,
   * {@code hiddenBias} length p) and inverse temperature β &gt; 0 (an integer for exact results).
   */
  public static CreateModelRequest attnBm(
      String name, double[][] patterns, double[] visibleBias, double[] hiddenBias, double inverseTemperature) {
    if (!(inverseTemperature > 0) || Double.isInfinite(inverseTemperature)) {
      throw new IllegalArgumentException("an AttnBM needs a finite inverse temperature β > 0 (got "
          + inverseTemperature + ")");
    }
    AttnBmSpec.Builder spec =
        AttnBmSpec.newBuilder().setPatterns(ProtoMatrices.matrix(patterns)).setInverseTemperature(inverseTemperature);
    int p = patterns.length;
    int n = patterns[0].length;
    if (visibleBias != null) {
      checkVector(visibleBias, n, "visibleBias");
      for (double x : visibleBias) {
        spec.addVisibleBias(x);
      }
    }
    if (hiddenBias != null) {
      checkVector(hiddenBias, p, "hiddenBias");
      for (double x : hiddenBias) {
        spec.addHiddenBias(x);
      }
    }
    return CreateModelRequest.newBuilder().setName(name).setAttnbm(spec).build();
  }

  /**
   * A modern continuous Hopfield network (Ramsauer et al.) storing the rows of {@code patterns}
   * (p × N, real) at inverse temperature β; Complete retrieves with {@code v ← ξᵀ softmax(β ξ v)}.
   *
   * @throws IllegalArgumentException if β is not finite and &gt; 0 or the rows are ragged
   */
  public static CreateModelRequest modernHopfield(String name, double[][] patterns, double inverseTemperature) {
    if (!(inverseTemperature > 0) || Double.isInfinite(inverseTemperature)) {
      throw new IllegalArgumentException("a modern Hopfield network needs a finite inverse temperature β > 0 (got "
          + inverseTemperature + ")");
    }
    ModernHopfieldSpec.Builder spec = ModernHopfieldSpec.newBuilder().setPatterns(ProtoMatrices.matrix(patterns))
        .setInverseTemperature(inverseTemperature);
    return CreateModelRequest.newBuilder().setName(name).setModernHopfield(spec).build();
  }

  /**
   * Krotov &amp; Hopfield's model C from {@code patterns} (p × N real, N ≥ 2) at inverse temperature
   * β ≥ 0: directions with E(v) = −ηᵀv/‖v‖, η = Σ_μ ξ_μ, whose law is von Mises–Fisher.
   *
   * @throws IllegalArgumentException if β is not finite and ≥ 0
   */
  public static CreateModelRequest vmf(String name, double[][] patterns, double inverseTemperature) {
    if (!(inverseTemperature >= 0) || Double.isInfinite(inverseTemperature)) {
      throw new IllegalArgumentException("model C needs a finite inverse temperature β >= 0 (got "
          + inverseTemperature + ")");
    }
    return CreateModelRequest.newBuilder().setName(name).setVmf(VmfSpec.newBuilder()
        .setPatterns(ProtoMatrices.matrix(patterns)).setInverseTemperature(inverseTemperature)).build();
  }

  private static void checkVector(double[] v, int length, String what) {
    if (v.length != length) {
      throw new IllegalArgumentException(what + " must have " + length + " entries (got " + v.length + ")");
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] must be finite (got " + v[i] + ")");
      }
    }
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
   * A deep Boltzmann machine with layers n_0 (visible), n_1, …, n_L whose {@code units} are all
   * binary ({0,1}) or all spins (±1): {@code weights[l]} is the n_l × n_{l+1} coupling of layers
   * l and l+1 (so consecutive matrices chain: columns of one = rows of the next), and
   * {@code biases} holds one vector per layer (L+1 of them, lengths n_0 … n_L), or is
   * {@code null} for zeros.
   *
   * @throws IllegalArgumentException for no weights, ragged or non-finite matrices, matrices
   *     that do not chain, or biases of the wrong count or lengths
   */
  public static CreateModelRequest dbm(String name, DbmUnits units, double[][][] weights, double[][] biases) {
    if (units == null || units == DbmUnits.UNRECOGNIZED) {
      throw new IllegalArgumentException("a deep Boltzmann machine needs units DBM_BINARY or DBM_SPIN (got " + units
          + ")");
    }
    if (weights.length == 0) {
      throw new IllegalArgumentException("a deep Boltzmann machine needs at least one weight matrix (layers 0 and 1)");
    }
    DbmSpec.Builder spec = DbmSpec.newBuilder().setUnits(units);
    int[] sizes = new int[weights.length + 1];
    for (int l = 0; l < weights.length; l++) {
      Matrix m;
      try {
        m = ProtoMatrices.matrix(weights[l]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("weights " + l + ": " + e.getMessage(), e);
      }
      if (l > 0 && m.getRows() != sizes[l]) {
        throw new IllegalArgumentException("weights " + l + " must have " + sizes[l] + " rows, the columns of weights "
            + (l - 1) + " (layer " + l + " has " + sizes[l] + " units), got " + m.getRows());
      }
      sizes[l] = m.getRows();
      sizes[l + 1] = m.getCols();
      spec.addWeights(m);
    }
    if (biases != null) {
      if (biases.length != sizes.length) {
        throw new IllegalArgumentException("biases must have one vector per layer (" + sizes.length + " layers for "
            + weights.length + " weight matrices), got " + biases.length);
      }
      for (int l = 0; l < biases.length; l++) {
        if (biases[l].length != sizes[l]) {
          throw new IllegalArgumentException("bias " + l + " must have one entry per unit of layer " + l + " ("
              + sizes[l] + "), got " + biases[l].length);
        }
        Bias.Builder b = Bias.newBuilder();
        for (double x : checkFinite("bias " + l, biases[l])) {
          b.addValues(x);
        }
        spec.addBiases(b);
      }
    }
    return CreateModelRequest.newBuilder().setName(name).setDbm(spec).build();
  }

  /**
   * A model of a family registered on the server as a plug-in, whose spec message is not one of
   * the built-in ones; {@code spec} travels packed in {@code Any} ({@code ListFamilies} gives the
   * spec types a server accepts).
   */
  public static CreateModelRequest extension(String name, Message spec) {
    return CreateModelRequest.newBuilder().setName(name).setExtension(Any.pack(spec)).build();
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
   * Adds stored ±1 patterns over the visible units to a request given by weights (Hopfield,
   * Boltzmann machine, RBM or deep Boltzmann machine), used for overlaps during completion. A
   * Hopfield network built from patterns already stores them.
   *
   * @throws IllegalArgumentException if the request is of another kind, or the patterns' length
   *     is not the number of visible units
   */
  public static CreateModelRequest withPatterns(CreateModelRequest request, int[][] patterns) {
    if (!request.hasHopfieldWeights() && !request.hasRbm() && !request.hasBoltzmann() && !request.hasDbm()) {
      throw new IllegalArgumentException("patterns can be attached only to a Hopfield network given by weights, a"
          + " Boltzmann machine, an RBM or a deep Boltzmann machine");
    }
    SpinMatrix spins = ProtoMatrices.spinMatrix(patterns);
    int units = visibleUnits(request);
    if (spins.getCols() != units) {
      throw new IllegalArgumentException("patterns must have one entry per visible unit (" + units
          + "), got " + spins.getCols());
    }
    CreateModelRequest.Builder b = request.toBuilder();
    switch (request.getSpecCase()) {
      case RBM -> b.getRbmBuilder().setPatterns(spins);
      case BOLTZMANN -> b.getBoltzmannBuilder().setPatterns(spins);
      case DBM -> b.getDbmBuilder().setPatterns(spins);
      default -> b.getHopfieldWeightsBuilder().setPatterns(spins);
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
      case DBM -> b.getDbmBuilder().setImageShape(shape);
      case DENSE_MEMORY -> b.getDenseMemoryBuilder().setImageShape(shape);
      case ATTNBM -> b.getAttnbmBuilder().setImageShape(shape);
      case MODERN_HOPFIELD -> b.getModernHopfieldBuilder().setImageShape(shape);
      case HARMONIUM -> b.getHarmoniumBuilder().setImageShape(shape);
      case VMF -> throw new IllegalArgumentException("a model C's states are directions, not pictures");
      case EXTENSION -> throw new IllegalArgumentException("set the image shape inside a plug-in family's spec");
      default -> throw new IllegalArgumentException("the request has no model spec yet");
    }
    return b.build();
  }

  /** Units a pattern or picture of the request's model has: N, or V with hidden units or layers. */
  private static int visibleUnits(CreateModelRequest request) {
    return switch (request.getSpecCase()) {
      case HOPFIELD_PATTERNS -> request.getHopfieldPatterns().getPatterns().getCols();
      case HOPFIELD_WEIGHTS -> request.getHopfieldWeights().getWeights().getRows();
      case BOLTZMANN -> request.getBoltzmann().getVisibleUnits();
      case RBM -> request.getRbm().getWeights().getRows();
      case DBM -> request.getDbm().getWeights(0).getRows();
      case DENSE_MEMORY -> request.getDenseMemory().getPatterns().getCols();
      case ATTNBM -> request.getAttnbm().getPatterns().getCols();
      case MODERN_HOPFIELD -> request.getModernHopfield().getPatterns().getCols();
      case VMF -> request.getVmf().getPatterns().getCols();
      case HARMONIUM -> request.getHarmonium().getPatterns().getCols();
      case HOPFIELD_PLANTED -> throw new IllegalArgumentException("a planted instance's units are side^dimensions,"
          + " and 2-d instances are drawn as side × side pictures already");
      case HOPFIELD_DATASET -> throw new IllegalArgumentException("a dataset spec's units are known only to the"
          + " server (set image_shape in the spec itself)");
      case SPARSE -> throw new IllegalArgumentException("a sparse model's 2-d lattices are drawn as side × side"
          + " pictures already; other sparse graphs are not images");
      case EXTENSION -> throw new IllegalArgumentException("a plug-in family's spec is opaque to the SDK");
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
