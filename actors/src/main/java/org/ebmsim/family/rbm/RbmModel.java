package org.ebmsim.family.rbm;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.GaussianBernoulliRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.RbmSampling;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;

/** An RBM of one variant with its stored patterns; samples by block Gibbs. */
public final class RbmModel implements EnergyModel {
  private final ModelFamily family;
  private final RbmVariant variant;
  private final Rbm rbm;
  private final StoredPatterns patterns;
  private final RbmSampling sampling;
  private final String samplingProblem; // null when float32 sampling stays finite

  RbmModel(ModelFamily family, RbmVariant variant, Rbm rbm, StoredPatterns patterns) {
    this.family = family;
    this.variant = variant;
    this.rbm = rbm;
    this.patterns = patterns;
    this.sampling = new RbmSampling(rbm);
    this.samplingProblem = rbm.float32Problem("rbm");
  }

  /** Weights or biases whose fields overflow float32 sampling (a model stored before that bound). */
  @Override
  public java.util.Optional<String> samplingProblem() {
    return java.util.Optional.ofNullable(samplingProblem);
  }

  /** The RBM (its class is the variant). */
  public Rbm rbm() {
    return rbm;
  }

  public RbmVariant variant() {
    return variant;
  }

  /** The variant as it appears in Model.variant: "binary", "spin", "binary-gaussian", "gaussian-bernoulli". */
  static String variantName(RbmVariant variant) {
    return variant.name().toLowerCase().replace('_', '-');
  }

  @Override
  public ModelFamily family() {
    return family;
  }

  @Override
  public Sampling sampling() {
    return sampling;
  }

  @Override
  public ModelSummary summary() {
    String name = variantName(variant);
    String beta = rbm instanceof BinaryGaussianRbm bg && bg.inverseTemperature() != 1
        ? ", β " + bg.inverseTemperature() : "";
    return new ModelSummary(name, "RBM (" + name + "), " + rbm.visibleUnits() + " visible x " + rbm.hiddenUnits()
        + " hidden units" + beta + (patterns.count() > 0 ? ", " + patterns.count() + " stored patterns" : ""));
  }

  @Override
  public Message parameters() {
    int v = rbm.visibleUnits();
    int h = rbm.hiddenUnits();
    RbmSpec.Builder b = RbmSpec.newBuilder().setVariant(variant)
        .setWeights(WireArrays.matrix(v, h, rbm.weights()))
        .addAllVisibleBias(WireArrays.listOrZeros(rbm.visibleBias(), v))
        .addAllHiddenBias(WireArrays.listOrZeros(rbm.hiddenBias(), h));
    if (rbm instanceof BinaryGaussianRbm bg) {
      b.setInverseTemperature(bg.inverseTemperature());
    }
    if (rbm instanceof GaussianBernoulliRbm gb) {
      b.addAllVisibleSigma(WireArrays.listOrZeros(gb.visibleSd(), v));
    }
    if (patterns.count() > 0) {
      b.setPatterns(WireArrays.spins(patterns));
    }
    return b.build();
  }

  @Override
  public StoredPatterns patterns() {
    return patterns;
  }

  /** Parameters in float64 and float32, plus up to two float32 operands in native memory for BLAS. */
  @Override
  public long heapBytes() {
    return rbm.heapBytes() + 8L * rbm.visibleUnits() * rbm.hiddenUnits() + sampling.tableBytes() + patterns.heapBytes()
        + 256;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new RbmExactSolver(rbm, sampling.layout()));
  }

  @Override
  public Optional<AisSupport> ais() {
    return Optional.of(new RbmAisSupport(rbm));
  }

  /** CD-k and PCD-k for every variant; the valleys rule is for Hopfield networks (empty). */
  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    return switch (settings.method()) {
      case CD, PCD -> Optional.of(new RbmLearner(this, settings, Gemm.nativeOrFallback(1)));
      default -> Optional.empty();
    };
  }

  @Override
  public Optional<org.ebmsim.family.Likelihood> likelihood() {
    return Optional.of(new RbmLikelihood(rbm));
  }
}
