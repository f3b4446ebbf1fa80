package org.ebmsim.family.dbm;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.dbm.DbmSampling;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;

/** A deep Boltzmann machine with its stored patterns. */
final class DbmModel implements EnergyModel {
  private final ModelFamily family;
  private final Dbm dbm;
  private final StoredPatterns patterns;
  private final DbmSampling sampling;
  private final String samplingProblem; // null when float32 sampling stays finite

  DbmModel(ModelFamily family, Dbm dbm, StoredPatterns patterns) {
    this.family = family;
    this.dbm = dbm;
    this.patterns = patterns;
    this.sampling = new DbmSampling(dbm);
    this.samplingProblem = dbm.float32Problem("dbm");
  }

  Dbm dbm() {
    return dbm;
  }

  /** Weights or biases whose fields overflow float32 sampling (a model stored before that bound). */
  @Override
  public java.util.Optional<String> samplingProblem() {
    return java.util.Optional.ofNullable(samplingProblem);
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
    String units = dbm.units() == ValueType.SPIN ? "spin" : "binary";
    StringBuilder sizes = new StringBuilder();
    for (int l = 0; l < dbm.layers(); l++) {
      sizes.append(l == 0 ? "" : "-").append(dbm.size(l));
    }
    return new ModelSummary(units, "deep Boltzmann machine (" + units + "), layers " + sizes);
  }

  @Override
  public Message parameters() {
    DbmSpec.Builder b = DbmSpec.newBuilder()
        .setUnits(dbm.units() == ValueType.SPIN ? DbmUnits.DBM_SPIN : DbmUnits.DBM_BINARY);
    for (int l = 0; l + 1 < dbm.layers(); l++) {
      b.addWeights(WireArrays.matrix(dbm.size(l), dbm.size(l + 1), dbm.weights(l)));
    }
    for (int l = 0; l < dbm.layers(); l++) {
      b.addBiases(Bias.newBuilder().addAllValues(WireArrays.listOrZeros(dbm.bias(l), dbm.size(l))));
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

  @Override
  public long heapBytes() {
    long native_ = 0;
    for (int l = 0; l + 1 < dbm.layers(); l++) {
      native_ += 4L * dbm.size(l) * dbm.size(l + 1);
    }
    return dbm.heapBytes() + native_ + sampling.tableBytes() + patterns.heapBytes() + 256;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new DbmExactSolver(dbm, sampling.layout()));
  }

  /** CD-k and PCD-k (MATH §3 training, applied layer pair by layer pair); no valleys rule. */
  @Override
  public Optional<Learner> learner(LearnerSettings settings) {
    return switch (settings.method()) {
      case CD, PCD -> Optional.of(new DbmLearner(this, settings));
      default -> Optional.empty();
    };
  }
}
