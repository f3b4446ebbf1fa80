package org.ebmsim.family.dbm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.dbm.DbmTrainer;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.RowBatch;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/** CD-k / PCD-k training of a {@link DbmModel} through {@link DbmTrainer}. */
final class DbmLearner extends TrainerLearner<DbmTrainer> {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final RowBatch batch;

  DbmLearner(DbmModel model, LearnerSettings settings) {
    super(built("dbm", () -> new DbmTrainer(model.dbm(), contrastive(settings), Gemm.nativeOrFallback(1))));
    this.family = model.family();
    this.patterns = model.patterns();
    int visible = model.dbm().size(0);
    this.batch = new RowBatch(visible, "the deep Boltzmann machine has " + visible + " visible units");
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
    Map<String, Double> norms = new LinkedHashMap<>();
    double[] w = trainer.weightNorms();
    for (int l = 0; l < w.length; l++) {
      norms.put("W" + (l + 1), w[l]); // W1 joins the visible layer to the first hidden one
    }
    return measured("dbm", () -> new TrainingMetrics(trainer.reconstructionError(rows, count),
        trainer.pseudoLogLikelihood(rows, count), norms));
  }

  @Override
  public EnergyModel snapshot() {
    return snapshotted("dbm", () -> new DbmModel(family, trainer.snapshot(), patterns));
  }

  @Override
  protected long ownHeapBytes() {
    return batch.heapBytes() + 64;
  }
}
