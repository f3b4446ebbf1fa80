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
import org.ebmsim.proto.v1.BoltzmannFromWeights;

/** A Boltzmann machine with hidden units: the Ising energy over all units, split visible / hidden. */
final class BoltzmannModel implements EnergyModel {
  private final ModelFamily family;
  private final IsingModel ising;
  private final int visibleUnits;
  private final StoredPatterns patterns;
  private final IsingSampling sampling;

  BoltzmannModel(ModelFamily family, IsingModel ising, int visibleUnits, StoredPatterns patterns) {
    this.family = family;
    this.ising = ising;
    this.visibleUnits = visibleUnits;
    this.patterns = patterns;
    this.sampling = new IsingSampling(ising, visibleUnits);
  }

  IsingModel ising() {
    return ising;
  }

  int visibleUnits() {
    return visibleUnits;
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
    return new ModelSummary("", "Boltzmann machine, " + visibleUnits + " visible x " + (ising.units() - visibleUnits)
        + " hidden units");
  }

  @Override
  public Message parameters() {
    int n = ising.units();
    BoltzmannFromWeights.Builder b = BoltzmannFromWeights.newBuilder()
        .setWeights(WireArrays.matrix(n, n, ising.weights())).addAllBias(WireArrays.listOrZeros(ising.bias(), n))
        .setVisibleUnits(visibleUnits);
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
  public Optional<ExactSolver> exact() {
    return Optional.of(new IsingExactSolver(ising, sampling.layout()));
  }

  /** Clamped/free-phase learning by heat-bath Gibbs (MATH §2), CD or PCD; no valleys rule. */
  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    return switch (settings.method()) {
      case CD, PCD -> Optional.of(new BoltzmannLearner(family, this, settings));
      default -> Optional.empty();
    };
  }
}
