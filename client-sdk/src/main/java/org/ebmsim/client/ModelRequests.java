package org.ebmsim.client;

import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ImageShape;
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
   * Adds stored patterns to a Hopfield-from-weights request (used only for overlaps during
   * completion).
   *
   * @throws IllegalArgumentException if the request is not Hopfield-from-weights
   */
  public static CreateModelRequest withPatterns(CreateModelRequest request, int[][] patterns) {
    if (!request.hasHopfieldWeights()) {
      throw new IllegalArgumentException("patterns can be attached only to a Hopfield network given by weights");
    }
    CreateModelRequest.Builder b = request.toBuilder();
    b.getHopfieldWeightsBuilder().setPatterns(ProtoMatrices.spinMatrix(patterns));
    return b.build();
  }

  /**
   * Sets the image shape (height × width must equal the visible units) so clients can draw
   * patterns as pictures.
   */
  public static CreateModelRequest withImageShape(CreateModelRequest request, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image height and width must be ≥ 1, got " + height + "x" + width);
    }
    ImageShape shape = ImageShape.newBuilder().setHeight(height).setWidth(width).build();
    CreateModelRequest.Builder b = request.toBuilder();
    switch (request.getSpecCase()) {
      case HOPFIELD_PATTERNS -> b.getHopfieldPatternsBuilder().setImageShape(shape);
      case HOPFIELD_WEIGHTS -> b.getHopfieldWeightsBuilder().setImageShape(shape);
      case BOLTZMANN -> b.getBoltzmannBuilder().setImageShape(shape);
      default -> throw new IllegalArgumentException("the request has no model spec yet");
    }
    return b.build();
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
