package org.ebmsim.family.ising;

import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.hopfield.ValleysTrainer;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.RowBatch;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.proto.v1.StorageRule;

/** Valleys-rule training of a {@link HopfieldModel} through {@link ValleysTrainer}. */
final class HopfieldLearner extends TrainerLearner<ValleysTrainer> {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final RowBatch batch;

  HopfieldLearner(ModelFamily family, HopfieldModel model, LearnerSettings settings) {
    super(built("hopfield", () -> new ValleysTrainer(model.ising(), settings.valleySteps(), settings.momentum(),
        settings.weightDecay(), Gemm.nativeOrFallback(1))));
    this.family = family;
    this.patterns = model.patterns();
    int units = model.ising().units();
    this.batch = new RowBatch(units, "the Hopfield network has " + units + " units");
  }

  @Override
  public int visibleUnits() {
    return batch.columns();
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double learningRate,
      SplittableRandom random) {
    trainer.update(batch.gather(data, index, from, count), count, learningRate, random);
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    float[] rows = batch.gather(data, index, from, count);
    return new TrainingMetrics(trainer.reconstructionError(rows, count), trainer.pseudoLogLikelihood(rows, count),
        Map.of("W", trainer.weightNorm()));
  }

  @Override
  public EnergyModel snapshot() {
    return snapshotted("hopfield", () -> new HopfieldModel(family, trainer.snapshot(), patterns,
        StorageRule.VALLEYS_TRAINED));
  }

  @Override
  protected long ownHeapBytes() {
    return batch.heapBytes() + 64;
  }
}
