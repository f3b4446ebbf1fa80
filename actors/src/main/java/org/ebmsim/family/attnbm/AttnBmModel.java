package org.ebmsim.family.attnbm;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.Likelihood;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.Reconstruction;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.AttnBmParameters;

/** An attentional Boltzmann machine: its parameters, exact summaries, likelihood and reconstruction. */
final class AttnBmModel implements EnergyModel {
  private final ModelFamily family;
  private final AttnBm model;
  private final AttnBmLayout layout;

  AttnBmModel(ModelFamily family, AttnBm model) {
    this.family = family;
    this.model = model;
    this.layout = new AttnBmLayout(model);
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
    double beta = model.inverseTemperature();
    String exact = model.hasIntegerInverseTemperature() ? "exact" : "non-integer β, not exact";
    return new ModelSummary("", "AttnBM, " + model.visibleUnits() + " real visible units, " + model.hiddenUnits()
        + " patterns, β = " + beta + " (" + exact + ")");
  }

  @Override
  public Message parameters() {
    int p = model.hiddenUnits();
    int n = model.visibleUnits();
    return AttnBmParameters.newBuilder().setPatterns(WireArrays.matrix(p, n, model.patterns()))
        .addAllVisibleBias(WireArrays.listOrZeros(model.visibleBias(), n))
        .addAllHiddenBias(WireArrays.listOrZeros(model.hiddenBias(), p))
        .setInverseTemperature(model.inverseTemperature()).build();
  }

  /** None: the patterns are real-valued, and StoredPatterns holds ±1 patterns only. */
  @Override
  public StoredPatterns patterns() {
    return StoredPatterns.none(model.visibleUnits());
  }

  @Override
  public long heapBytes() {
    long p = model.hiddenUnits();
    long n = model.visibleUnits();
    // ξ, b, c, and the cached tuple statistics (m, and M when β > 1)
    return 8 * (p * n + p + n) + 8 * (p + (model.hasIntegerInverseTemperature() && model.inverseTemperature() > 1
        ? p * p : 0)) + 512;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new AttnBmExactSolver(model));
  }

  @Override
  public Optional<Likelihood> likelihood() {
    return Optional.of(new AttnBmLikelihood(model));
  }

  @Override
  public Optional<Reconstruction> reconstruction() {
    return Optional.of(new AttnBmReconstruction(model));
  }

  /** EXACT_LIKELIHOOD (integer β) and DENOISING_SCORE_MATCHING; the sampling-based rules do not apply. */
  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    return switch (settings.method()) {
      case EXACT_LIKELIHOOD, DENOISING_SCORE_MATCHING -> Optional.of(new AttnBmLearner(family, model, settings));
      default -> Optional.empty();
    };
  }
}
