package org.ebmsim.family.dense;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.dense.DenseMemory;
import org.ebmsim.dynamics.dense.DenseSampling;
import org.ebmsim.dynamics.dense.InteractionFunction;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemoryParameters;

/** A dense associative memory: its patterns, interaction function and sampling. */
final class DenseMemoryModel implements EnergyModel {
  private final ModelFamily family;
  private final DenseMemory memory;
  private final DenseSampling sampling;
  private final StoredPatterns patterns;

  DenseMemoryModel(ModelFamily family, DenseMemory memory) {
    this.family = family;
    this.memory = memory;
    this.sampling = new DenseSampling(memory);
    this.patterns = new StoredPatterns(memory.count(), memory.units(), memory.patterns());
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
    String variant = memory.function().label();
    return new ModelSummary(variant, "Dense associative memory (" + variant + "), " + memory.units() + " units, "
        + memory.count() + " stored patterns");
  }

  @Override
  public Message parameters() {
    InteractionFunction f = memory.function();
    DenseInteraction kind = switch (f.kind()) {
      case POWER -> DenseInteraction.POWER;
      case RECTIFIED_POWER -> DenseInteraction.RECTIFIED_POWER;
      case EXPONENTIAL -> DenseInteraction.EXPONENTIAL;
    };
    return DenseMemoryParameters.newBuilder().setPatterns(WireArrays.spins(patterns)).setInteraction(kind)
        .setDegree(f.degree()).build();
  }

  @Override
  public StoredPatterns patterns() {
    return patterns;
  }

  @Override
  public long heapBytes() {
    return memory.heapBytes() + patterns.heapBytes() + 256;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new DenseExactSolver(memory));
  }
}
