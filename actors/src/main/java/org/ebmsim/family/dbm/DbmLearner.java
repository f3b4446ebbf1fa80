package org.ebmsim.family.dbm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.dbm.DbmTrainer;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/** CD-k / PCD-k training of a {@link DbmModel} through {@link DbmTrainer}. */
final class DbmLearner implements Learner {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final DbmTrainer trainer;
  private final int visible;
  private float[] batch = new float[0];

  DbmLearner(DbmModel model, LearnerSettings settings) {
    this.family = model.family();
    this.patterns = model.patterns();
    this.visible = model.dbm().size(0);
    try {
      this.trainer = new DbmTrainer(model.dbm(), new DbmTrainer.Settings(
          settings.method() == LearnerSettings.Method.PCD, settings.gibbsSteps(), settings.persistentChains(),
          settings.momentum(), settings.weightDecay(), settings.seed()), Gemm.nativeOrFallback(1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("dbm training: " + e.getMessage(), e);
    }
  }

  @Override
  public int visibleUnits() {
    return visible;
  }

  private float[] gather(TrainingData data, int[] index, int from, int count) {
    if (data.cols() != visible) {
      throw new InvalidRequestException("training data has " + data.cols() + " columns but the deep Boltzmann"
          + " machine has " + visible + " visible units");
    }
    if (batch.length < count * visible) {
      batch = new float[count * visible];
    }
    data.gather(index, from, count, batch);
    return batch;
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double learningRate,
      SplittableRandom random) {
    trainer.update(gather(data, index, from, count), count, learningRate, random);
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    float[] rows = gather(data, index, from, count);
    Map<String, Double> norms = new LinkedHashMap<>();
    double[] w = trainer.weightNorms();
    for (int l = 0; l < w.length; l++) {
      norms.put("W" + (l + 1), w[l]); // W1 joins the visible layer to the first hidden one
    }
    return new TrainingMetrics(trainer.reconstructionError(rows, count), trainer.pseudoLogLikelihood(rows, count),
        norms);
  }

  @Override
  public EnergyModel snapshot() {
    try {
      return new DbmModel(family, trainer.snapshot(), patterns);
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException("dbm training diverged (lower the learning rate): " + e.getMessage());
    }
  }

  @Override
  public void writeState(DataOutputStream out) throws IOException {
    trainer.writeState(out);
  }

  @Override
  public void readState(DataInputStream in) throws IOException {
    trainer.readState(in);
  }

  @Override
  public long heapBytes() {
    return trainer.heapBytes() + 4L * batch.length + 64;
  }
}
