package org.ebmsim.family.ising;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.boltzmann.BoltzmannTrainer;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/** Clamped/free-phase learning of a {@link BoltzmannModel} through {@link BoltzmannTrainer}. */
final class BoltzmannLearner implements Learner {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final BoltzmannTrainer trainer;
  private final int visible;
  private float[] batch = new float[0];

  BoltzmannLearner(ModelFamily family, BoltzmannModel model, LearnerSettings settings) {
    this.family = family;
    this.patterns = model.patterns();
    this.visible = model.visibleUnits();
    try {
      this.trainer = new BoltzmannTrainer(model.ising(), visible, new BoltzmannTrainer.Settings(
          settings.method() == LearnerSettings.Method.PCD, settings.gibbsSteps(), settings.persistentChains(),
          settings.momentum(), settings.weightDecay(), settings.seed()), Gemm.nativeOrFallback(1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("boltzmann training: " + e.getMessage(), e);
    }
  }

  @Override
  public int visibleUnits() {
    return visible;
  }

  private float[] gather(TrainingData data, int[] index, int from, int count) {
    if (data.cols() != visible) {
      throw new InvalidRequestException("training data has " + data.cols() + " columns but the Boltzmann machine"
          + " has " + visible + " visible units");
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
    return new TrainingMetrics(trainer.reconstructionError(rows, count, random),
        trainer.pseudoLogLikelihood(rows, count), Map.of("W", trainer.weightNorm()));
  }

  @Override
  public EnergyModel snapshot() {
    try {
      return new BoltzmannModel(family, trainer.snapshot(), visible, patterns);
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException("boltzmann training diverged (lower the learning rate): "
          + e.getMessage());
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
