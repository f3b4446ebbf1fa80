package org.ebmsim.family.ising;

import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.boltzmann.BoltzmannTrainer;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.RowBatch;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/** Clamped/free-phase learning of a {@link BoltzmannModel} through {@link BoltzmannTrainer}. */
final class BoltzmannLearner extends TrainerLearner<BoltzmannTrainer> {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final RowBatch batch;

  BoltzmannLearner(ModelFamily family, BoltzmannModel model, LearnerSettings settings) {
    super(built("boltzmann", () -> new BoltzmannTrainer(model.ising(), model.visibleUnits(),
        contrastive(settings), Gemm.nativeOrFallback(1))));
    this.family = family;
    this.patterns = model.patterns();
    int visible = model.visibleUnits();
    this.batch = new RowBatch(visible, "the Boltzmann machine has " + visible + " visible units");
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
    return new TrainingMetrics(trainer.reconstructionError(rows, count, random),
        trainer.pseudoLogLikelihood(rows, count), Map.of("W", trainer.weightNorm()));
  }

  @Override
  public EnergyModel snapshot() {
    return snapshotted("boltzmann", () -> new BoltzmannModel(family, trainer.snapshot(), batch.columns(),
        patterns));
  }

  @Override
  protected long ownHeapBytes() {
    return batch.heapBytes() + 64;
  }
}
