package org.ebmsim.family.harmonium;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.harmonium.Harmonium;
import org.ebmsim.dynamics.harmonium.HarmoniumSampling;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.HarmoniumSpec;
import org.ebmsim.proto.v1.Matrix;

/** A stored harmonium: its parameters and its block Gibbs sampling. */
final class HarmoniumModel implements EnergyModel {
  private final ModelFamily family;
  private final Harmonium model;
  private final HarmoniumSampling sampling;

  HarmoniumModel(ModelFamily family, Harmonium model) {
    this.family = family;
    this.model = model;
    this.sampling = new HarmoniumSampling(model);
  }

  Harmonium harmonium() {
    return model;
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
    return new ModelSummary(model.potential().kind().name(), "harmonium, " + model.visibleUnits() + " visible spins, "
        + model.hiddenUnits() + " real hidden units, " + model.potential() + ", β = " + model.inverseTemperature());
  }

  @Override
  public Message parameters() {
    int p = model.hiddenUnits();
    int n = model.visibleUnits();
    Matrix.Builder m = Matrix.newBuilder().setRows(p).setCols(n);
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        m.addValues(model.pattern(mu, i));
      }
    }
    return HarmoniumSpec.newBuilder().setPatterns(m).setInverseTemperature(model.inverseTemperature())
        .setPotential(HarmoniumFamily.kind(model.potential())).setPotentialParameter(model.potential().parameter())
        .build();
  }

  /** None: ξ is real; the model's overlaps are its hidden inputs. */
  @Override
  public StoredPatterns patterns() {
    return StoredPatterns.none(model.visibleUnits());
  }

  @Override
  public long heapBytes() {
    return 8L * model.hiddenUnits() * model.visibleUnits() + 512;
  }

  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    if (settings.method() != LearnerSettings.Method.CD) {
      return Optional.empty();
    }
    return Optional.of(new HarmoniumLearner(family, model, settings));
  }
}
