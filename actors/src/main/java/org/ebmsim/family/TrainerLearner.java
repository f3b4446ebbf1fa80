package org.ebmsim.family;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.ebmsim.dynamics.train.StatefulTrainer;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;

/**
 * A {@link Learner} whose math is one {@link StatefulTrainer}: checkpoints are the trainer's state
 * and the memory budget is the trainer's plus what the learner keeps itself. The families only say
 * how rows reach the trainer and how its parameters become a model.
 *
 * @param <T> the family's trainer
 */
public abstract class TrainerLearner<T extends StatefulTrainer> implements Learner {
  protected final T trainer;

  protected TrainerLearner(T trainer) {
    this.trainer = trainer;
  }

  /**
   * {@code make.get()}, with the trainer's {@link IllegalArgumentException} (a setting out of
   * range) reported as the client's error, prefixed with {@code model} ("dbm", "hopfield", …).
   */
  protected static <T> T built(String model, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(model + " training: " + e.getMessage(), e);
    }
  }

  /** The CD/PCD trainers' settings from the session's (PCD when the method is PCD, CD otherwise). */
  protected static ContrastiveSettings contrastive(LearnerSettings settings) {
    return new ContrastiveSettings(settings.method() == LearnerSettings.Method.PCD, settings.gibbsSteps(),
        settings.persistentChains(), settings.momentum(), settings.weightDecay(), settings.seed());
  }

  /**
   * {@code make.get()}: the trained parameters as a model; the trainer's
   * {@link IllegalArgumentException} (a parameter is no longer finite) means training diverged.
   */
  protected static EnergyModel snapshotted(String model, Supplier<EnergyModel> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException(model + " training diverged (lower the learning rate): "
          + e.getMessage());
    }
  }

  /**
   * {@code measure.get()}: metrics of the current parameters; as in {@link #snapshotted}, the
   * trainer's {@link IllegalArgumentException} while building the model they describe (a
   * parameter is no longer finite) means training diverged.
   */
  protected static TrainingMetrics measured(String model, Supplier<TrainingMetrics> measure) {
    try {
      return measure.get();
    } catch (IllegalArgumentException e) {
      throw new FailedPreconditionException(model + " training diverged (lower the learning rate): "
          + e.getMessage());
    }
  }

  /** Bytes the learner holds besides its trainer (scratch, object headers). */
  protected abstract long ownHeapBytes();

  @Override
  public final void writeState(DataOutputStream out) throws IOException {
    trainer.writeState(out);
  }

  @Override
  public final void readState(DataInputStream in) throws IOException {
    trainer.readState(in);
  }

  @Override
  public final long heapBytes() {
    return trainer.heapBytes() + ownHeapBytes();
  }
}
