package org.ebmsim.family.ising;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.ising.IsingSampling;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.StorageRule;

/** A Hopfield network: one layer of ±1 spins, its weights, bias, stored patterns and storage rule. */
final class HopfieldModel implements EnergyModel {
  private final ModelFamily family;
  private final IsingModel ising;
  private final StoredPatterns patterns;
  private final StorageRule rule;
  private final IsingSampling sampling;

  HopfieldModel(ModelFamily family, IsingModel ising, StoredPatterns patterns, StorageRule rule) {
    this.family = family;
    this.ising = ising;
    this.patterns = patterns;
    this.rule = rule;
    this.sampling = new IsingSampling(ising, ising.units());
  }

  IsingModel ising() {
    return ising;
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
    String variant = rule == StorageRule.STORAGE_RULE_UNSPECIFIED ? ""
        : rule.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return new ModelSummary(variant, "Hopfield network" + (variant.isEmpty() ? "" : " (" + variant + ")") + ", "
        + ising.units() + " units, " + patterns.count() + " stored patterns");
  }

  @Override
  public Message parameters() {
    HopfieldParameters.Builder b = HopfieldParameters.newBuilder()
        .setWeights(WireArrays.matrix(ising.units(), ising.units(), ising.weights()))
        .addAllBias(WireArrays.listOrZeros(ising.bias(), ising.units())).setRule(rule);
    if (patterns.count() > 0) {
      b.setPatterns(WireArrays.spins(patterns));
    }
    return b.build();
  }

  @Override
  public StoredPatterns patterns() {
    return patterns;
  }

  @Override
  public long heapBytes() {
    return ising.heapBytes() + sampling.heapBytes(ising) + patterns.heapBytes() + 256;
  }

  @Override
  public Optional<SpinNetwork> spinNetwork() {
    return Optional.of(new SpinNetwork(patterns, ising.bias()));
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new IsingExactSolver(ising, sampling.layout()));
  }

  /** The valleys rule (MATH §1); CD/PCD belong to Boltzmann machines with hidden units. */
  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    return settings.method() == LearnerSettings.Method.VALLEYS
        ? Optional.of(new HopfieldLearner(family, this, settings)) : Optional.empty();
  }

  @Override
  public Optional<org.ebmsim.family.Likelihood> likelihood() {
    return Optional.of(new HopfieldLikelihood(ising));
  }
}
