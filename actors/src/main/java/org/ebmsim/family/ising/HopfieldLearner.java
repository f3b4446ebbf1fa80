package org.ebmsim.family.ising;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.train.hopfield.ValleysTrainer;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.proto.v1.StorageRule;

/** Valleys-rule training of a {@link HopfieldModel} through {@link ValleysTrainer}. */
final class HopfieldLearner implements Learner {
  private final ModelFamily family;
  private final StoredPatterns patterns;
  private final ValleysTrainer trainer;
  private final int units;
  private float[] batch = new float[0];

  HopfieldLearner(ModelFamily family, HopfieldModel model, LearnerSettings settings) {
    this.family = family;
    this.patterns = model.patterns();
    this.units = model.ising().units();
    try {
      this.trainer = new ValleysTrainer(model.ising(), settings.valleySteps(), settings.momentum(),
          settings.weightDecay(), Gemm.nativeOrFallback(1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("hopfield training: " + e.getMessage(), e);
    }
  }

  @Override
  public int visibleUnits() {
    return units;
  }

  private float[] gather(TrainingData data, int[] index, int from, int count) {
    if (data.cols() != units) {
      throw new InvalidRequestException("training data has " + data.cols() + " columns but the Hopfield network"
          + " has " + units + " units");
    }
    if (batch.length < count * units) {
      batch = new float[count * units];
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
    return new TrainingMetrics(trainer.reconstructionError(rows, count), trainer.pseudoLogLikelihood(rows, count),
        Map.of("W", trainer.weightNorm()));
  }

  @Override
  public EnergyModel snapshot() {
    try {
      return new HopfieldModel(family, trainer.snapshot(), patterns, StorageRule.VALLEYS_TRAINED);
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException("hopfield training diverged (lower the learning rate): "
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
