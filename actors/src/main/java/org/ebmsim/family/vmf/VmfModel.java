package org.ebmsim.family.vmf;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.VmfParameters;

/** A model C: its patterns, η = Σ_μ ξ_μ, β, its exact sampler and its closed-form summaries. */
final class VmfModel implements EnergyModel {
  private final ModelFamily family;
  private final int patternCount;
  private final int units;
  private final double[] patterns;
  private final double beta;
  private final double[] eta;
  private final double etaNorm;
  private final VmfLayout layout;

  VmfModel(ModelFamily family, int patternCount, int units, double[] patterns, double beta) {
    this.family = family;
    this.patternCount = patternCount;
    this.units = units;
    this.patterns = patterns;
    this.beta = beta;
    this.eta = new double[units];
    for (int mu = 0; mu < patternCount; mu++) {
      for (int i = 0; i < units; i++) {
        eta[i] += patterns[mu * units + i];
      }
    }
    double sq = 0;
    for (double x : eta) {
      sq += x * x;
    }
    this.etaNorm = Math.sqrt(sq);
    this.layout = new VmfLayout(eta, beta);
  }

  @Override
  public ModelFamily family() {
    return family;
  }

  @Override
  public Sampling sampling() {
    return layout;
  }

  @Override
  public ModelSummary summary() {
    return new ModelSummary("", "model C (von Mises–Fisher directions), " + units + " units, " + patternCount
        + " patterns, ‖η‖ = " + (float) etaNorm + ", β = " + beta + " (κ = β‖η‖ = " + (float) (beta * etaNorm)
        + " at T = 1)");
  }

  @Override
  public Message parameters() {
    return VmfParameters.newBuilder().setPatterns(WireArrays.matrix(patternCount, units, patterns))
        .setInverseTemperature(beta).build();
  }

  /** None: the patterns are real, and StoredPatterns holds ±1 patterns only. */
  @Override
  public StoredPatterns patterns() {
    return StoredPatterns.none(units);
  }

  @Override
  public long heapBytes() {
    return 8L * patternCount * units + 16L * units + 512;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new VmfExactSolver(eta, etaNorm, beta));
  }
}
