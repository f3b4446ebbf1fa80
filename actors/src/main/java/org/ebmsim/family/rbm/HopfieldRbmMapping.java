package org.ebmsim.family.rbm;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.HopfieldRules;
import org.ebmsim.dynamics.mapping.HopfieldToRbm;
import org.ebmsim.dynamics.mapping.RbmToHopfield;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;

/**
 * The Hopfield ↔ RBM mapping of Smart &amp; Zilman (MATH.md §3) as the RBM service needs it:
 * results come back as specs of the models to register (an {@link RbmSpec}, a
 * {@link HopfieldFromPatterns} with the projection rule), which the server creates through the
 * family registry like any other spec. Patterns are p × N, one per row, as on the wire.
 */
public final class HopfieldRbmMapping {
  private HopfieldRbmMapping() {}

  /** How W's orthonormal columns are found. */
  public enum Method { QR, SVD, SYMMETRIC_ROOT }

  /** The binary–Gaussian RBM to register and the p × p transform X* with ξ = W X*. */
  public record ToRbm(RbmSpec rbm, double[] patternTransform) {}

  /**
   * The binary–Gaussian RBM of the projection network of {@code patterns}, with the network's
   * bias as the visible bias (both energies carry {@code −bᵀs}) and zero hidden bias.
   *
   * @throws InvalidRequestException for dependent patterns or p ≥ N (message without field prefix)
   */
  public static ToRbm toRbm(byte[] patterns, int p, int n, Method method, double inverseTemperature,
      double[] visibleBias, ImageShape imageShape) {
    double[] columns = new double[n * p];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        columns[i * p + mu] = patterns[mu * n + i];
      }
    }
    HopfieldToRbm.MappedRbm mapped;
    try {
      mapped = HopfieldToRbm.map(columns, n, p, HopfieldToRbm.Orthogonalization.valueOf(method.name()),
          inverseTemperature, visibleBias);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), e);
    }
    BinaryGaussianRbm rbm = mapped.rbm();
    RbmSpec spec = RbmSpec.newBuilder().setVariant(RbmVariant.BINARY_GAUSSIAN)
        .setWeights(WireArrays.matrix(n, p, rbm.weights()))
        .addAllVisibleBias(WireArrays.listOrZeros(rbm.visibleBias(), n))
        .addAllHiddenBias(WireArrays.listOrZeros(rbm.hiddenBias(), p))
        .setInverseTemperature(rbm.inverseTemperature())
        .setPatterns(WireArrays.spins(p, n, patterns))
        .setImageShape(imageShape).build();
    return new ToRbm(spec, mapped.patternTransform());
  }

  /** Options of the reverse map's gradient descent (see {@link RbmToHopfield.Options}). */
  public enum Start { IDENTITY, RANDOM, GIVEN }

  public record ReverseOptions(double alpha, double learningRate, int steps, boolean lowdin, Start start,
      double[] initialTransform, long seed) {}

  /**
   * What the reverse map found.
   *
   * @param patterns p × N rows, ±1
   * @param binarizationError {@code ‖WX − sgn(WX)‖²_F}
   * @param relaxedError {@code ‖WX − tanh(αWX)‖²_F}
   * @param transform the final X (p × p)
   * @param hopfield the projection network of the patterns to register, or null when not asked
   */
  public record ToHopfield(byte[] patterns, double binarizationError, double relaxedError, boolean[] fixedPoints,
      double[] transform, HopfieldFromPatterns hopfield) {}

  /** True if {@code model} is an RBM of the binary–Gaussian variant (the one the reverse map needs). */
  public static boolean isBinaryGaussian(EnergyModel model) {
    return model instanceof RbmModel m && m.rbm() instanceof BinaryGaussianRbm;
  }

  /** Hidden units of a binary–Gaussian RBM (the number of patterns the reverse map recovers). */
  public static int hiddenUnits(EnergyModel model) {
    return ((RbmModel) model).rbm().hiddenUnits();
  }

  /**
   * Finds X with WX ≈ sgn(WX) by gradient descent and returns the patterns sgn(WX); with
   * {@code register}, also the projection network of the patterns, whose bias is the RBM's
   * effective visible field {@code b + Wc} (integrating λ out gives {@code H(s) = −(b + Wc)ᵀs − ½‖Wᵀs‖²}
   * up to a constant), so biased RBMs keep their field.
   *
   * @throws FailedPreconditionException if {@code model} is not a binary–Gaussian RBM, or the
   *     patterns cannot be stored by the projection rule
   * @throws InvalidRequestException if the descent diverged (learning rate too large)
   */
  public static ToHopfield toHopfield(EnergyModel model, ReverseOptions options, boolean register, ImageShape image,
      BooleanSupplier cancelled) {
    if (!isBinaryGaussian(model)) {
      throw new FailedPreconditionException("MapRbmToHopfield needs a BINARY_GAUSSIAN RBM (the Hopfield-equivalent"
          + " variant)");
    }
    BinaryGaussianRbm rbm = (BinaryGaussianRbm) ((RbmModel) model).rbm();
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    RbmToHopfield.Result result;
    try {
      result = RbmToHopfield.reverseMap(rbm.weights(), n, p, new RbmToHopfield.Options(options.alpha(),
          options.learningRate(), options.steps(), options.lowdin(), RbmToHopfield.Start.valueOf(options.start().name()),
          options.initialTransform(), options.seed()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), e);
    }
    double binarization = result.binarizationError() * result.binarizationError();
    boolean finite = Double.isFinite(binarization) && Double.isFinite(result.relaxedError());
    for (double x : result.transform()) {
      finite &= Double.isFinite(x);
    }
    if (!finite) {
      throw new InvalidRequestException("the gradient descent diverged (the transform became infinite or NaN);"
          + " use a smaller learning_rate (got " + options.learningRate() + ")");
    }
    byte[] patterns = new byte[p * n];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        patterns[mu * n + i] = result.patterns()[i * p + mu] > 0 ? (byte) 1 : (byte) -1;
      }
    }
    HopfieldFromPatterns hopfield = register ? projectionNetwork(rbm, patterns, image, cancelled) : null;
    return new ToHopfield(patterns, binarization, result.relaxedError(), result.fixedPoints(), result.transform(),
        hopfield);
  }

  private static HopfieldFromPatterns projectionNetwork(BinaryGaussianRbm rbm, byte[] patterns, ImageShape image,
      BooleanSupplier cancelled) {
    int n = rbm.visibleUnits();
    int p = rbm.hiddenUnits();
    if (p >= n) {
      throw new FailedPreconditionException("register_hopfield: the RBM has H = " + p + " hidden units and V = " + n
          + " visible units; the projection network needs fewer patterns than units (H < V)");
    }
    try {
      // checked here so that dependent patterns are this request's precondition, not a spec error
      HopfieldRules.projection(p, n, patterns, Gemm.nativeOrFallback(1), cancelled);
    } catch (CancellationException e) {
      throw new CreateContext.CancelledException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException("register_hopfield: the recovered patterns sgn(WX) are linearly"
          + " dependent, so the projection rule cannot store them (" + e.getMessage() + "); the descent did not find"
          + " an invertible binarization — try more steps, another start (GIVEN with the transform of"
          + " MapHopfieldToRbm), or lowdin");
    }
    double[] w = rbm.weights();
    double[] field = rbm.visibleBias();
    double[] c = rbm.hiddenBias();
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < p; m++) {
        field[i] += w[i * p + m] * c[m]; // b + Wc
      }
    }
    return HopfieldFromPatterns.newBuilder().setPatterns(WireArrays.spins(p, n, patterns))
        .setRule(StorageRule.PROJECTION).addAllBias(WireArrays.listOrZeros(field, n)).setImageShape(image).build();
  }
}
