package org.ebmsim.family.rbm;

import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.RbmTrainer;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.RowBatch;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/** CD-k or PCD-k training of an {@link RbmModel} ({@link RbmTrainer} does the math). */
final class RbmLearner extends TrainerLearner<RbmTrainer> {
  private final RbmModel start;

  /** @throws InvalidRequestException if a setting is out of range (naming it) */
  RbmLearner(RbmModel start, LearnerSettings settings, Gemm gemm) {
    super(trainer(start, settings, gemm));
    this.start = start;
  }

  private static RbmTrainer trainer(RbmModel start, LearnerSettings settings, Gemm gemm) {
    RbmTrainer.NegativePhase phase = switch (settings.method()) {
      case CD -> RbmTrainer.NegativePhase.CONTRASTIVE;
      case PCD -> RbmTrainer.NegativePhase.PERSISTENT;
      default -> throw new InvalidRequestException("RBMs train by CD or PCD, not " + settings.method());
    };
    InvalidRequestException.require(settings.gibbsSteps() >= 1,
        "gibbs_steps must be >= 1 (got " + settings.gibbsSteps() + ")");
    InvalidRequestException.require(settings.persistentChains() >= 0,
        "persistent_chains must be >= 0; 0 means the batch size (got " + settings.persistentChains() + ")");
    InvalidRequestException.require(settings.momentum() >= 0 && settings.momentum() < 1,
        "momentum must be in [0, 1) (got " + settings.momentum() + ")");
    InvalidRequestException.require(settings.weightDecay() >= 0 && Double.isFinite(settings.weightDecay()),
        "weight_decay must be finite and >= 0 (got " + settings.weightDecay() + ")");
    return new RbmTrainer(start.rbm(), phase, settings.gibbsSteps(), settings.persistentChains(),
        settings.momentum(), settings.weightDecay(), settings.seed(), gemm);
  }

  @Override
  public int visibleUnits() {
    return trainer.visibleUnits();
  }

  private void checkData(TrainingData data, int[] index, int from, int count) {
    RowBatch.requireColumns(data, trainer.visibleUnits(), "the RBM has " + trainer.visibleUnits()
        + " visible units");
    if (from < 0 || count < 1 || from + count > index.length) {
      throw new IllegalArgumentException("rows index[" + from + " .. " + (from + count) + ") outside an index of "
          + index.length);
    }
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double learningRate,
      SplittableRandom random) {
    checkData(data, index, from, count);
    trainer.update(data.values(), index, from, count, learningRate, random);
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    checkData(data, index, from, count);
    RbmTrainer.Metrics m = trainer.evaluate(data.values(), index, from, count);
    return new TrainingMetrics(m.reconstructionError(), m.pseudoLogLikelihood(), Map.of("W", m.weightNorm()));
  }

  /** The trained parameters with the start's variant, σ or β, and stored patterns. */
  @Override
  public EnergyModel snapshot() {
    return new RbmModel(start.family(), start.variant(), trainer.snapshot(), start.patterns());
  }

  @Override
  protected long ownHeapBytes() {
    return 256;
  }
}
