package org.ebmsim.family.sparse;

import com.google.protobuf.Message;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.sparse.SparseSampling;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.SparseSpec;

/** A sparse network with the spec it was built from (its stored parameters) and its sampling. */
final class SparseModel implements EnergyModel {
  private final ModelFamily family;
  private final SparseSpec spec;
  private final SparseNetwork network;
  private final SparseSampling sampling;
  private final StoredPatterns patterns;
  private final String variant;
  private final String graphDescription;
  private final double plantedGroundEnergy;

  SparseModel(ModelFamily family, SparseSpec spec, SparseNetwork network, SparseSampling sampling,
      StoredPatterns patterns, String variant, String graphDescription, double plantedGroundEnergy) {
    this.family = family;
    this.spec = spec;
    this.network = network;
    this.sampling = sampling;
    this.patterns = patterns;
    this.variant = variant;
    this.graphDescription = graphDescription;
    this.plantedGroundEnergy = plantedGroundEnergy;
  }

  SparseNetwork network() {
    return network;
  }

  /** The planted ground energy E₀ of a planted instance, else empty. */
  OptionalDouble plantedGroundEnergy() {
    return Double.isNaN(plantedGroundEnergy) ? OptionalDouble.empty() : OptionalDouble.of(plantedGroundEnergy);
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
    String units = network.values() == org.ebmsim.dynamics.state.ValueType.SPIN ? "±1" : "0/1";
    String layers = network.hiddenUnits() == 0 ? network.units() + " " + units + " units"
        : network.visibleUnits() + " visible + " + network.hiddenUnits() + " hidden " + units + " units";
    return new ModelSummary(variant, "Sparse " + (network.hiddenUnits() == 0 ? "Ising model" : "Boltzmann machine")
        + ", " + layers + ", " + network.couplings().edges() + " couplings, "
        + sampling.layer(0).colouring().colours() + " colours; " + graphDescription);
  }

  /** The spec: generators are rebuilt from their seeds. */
  @Override
  public Message parameters() {
    return spec;
  }

  @Override
  public StoredPatterns patterns() {
    return patterns;
  }

  @Override
  public long heapBytes() {
    long specBytes = spec.hasCsr() || spec.getBiasCount() > 0 ? spec.getSerializedSize() : 64;
    return network.heapBytes() + sampling.heapBytes() + patterns.heapBytes() + specBytes + 256;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new SparseExactSolver(network, sampling.layout()));
  }
}
