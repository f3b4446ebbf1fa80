package org.ebmsim.family.attnbm;

import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.dynamics.modern.attnbm.AttnBmLoss;
import org.ebmsim.dynamics.modern.attnbm.AttnBmTrainer;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/**
 * Trains an AttnBM through the Train RPC: by the exact gradient of the mean negative
 * log-likelihood (integer β; the paper's maximum likelihood) or by denoising score matching
 * (any β), with momentum and weight decay on ξ, biases learnt too (they start at zero for a
 * bias-free model and the gradient moves them only where the data asks).
 *
 * <p>Metrics: the reconstruction error is the squared distance per unit between a row and its
 * one-step model-B retrieval {@code b + ξᵀ softmax(β(ξ(v − b)) + c)} (the denoising autoencoder's
 * output); the pseudo-log-likelihood is undefined for real units (NaN); the weight norm is ‖ξ‖.
 */
final class AttnBmLearner extends TrainerLearner<AttnBmTrainer> {
  private final ModelFamily family;
  private final int units;
  private float[] rows = new float[0];
  private double[] batch = new double[0];

  AttnBmLearner(ModelFamily family, AttnBm start, LearnerSettings settings) {
    super(built("attnbm", () -> new AttnBmTrainer(start, loss(start, settings), 1e-3, settings.momentum(),
        settings.weightDecay(), 1, true)));
    this.family = family;
    this.units = start.visibleUnits();
  }

  /** The session's method as a loss; exact likelihoods need an integer β and a small enough expansion. */
  private static AttnBmLoss loss(AttnBm start, LearnerSettings settings) {
    if (settings.method() == LearnerSettings.Method.EXACT_LIKELIHOOD) {
      Exactness.require(start, "exact-likelihood training");
      return AttnBmLoss.EXACT_LIKELIHOOD;
    }
    return AttnBmLoss.denoising(settings.noiseSd());
  }

  @Override
  public int visibleUnits() {
    return units;
  }

  /** The rows {@code index[from .. from+count)} as doubles, in reused buffers. */
  private double[] rows(TrainingData data, int[] index, int from, int count) {
    int size = count * units;
    if (rows.length < size) {
      rows = new float[size];
      batch = new double[size];
    }
    data.gather(index, from, count, rows);
    double[] out = batch.length == size ? batch : new double[size];
    for (int k = 0; k < size; k++) {
      out[k] = rows[k];
    }
    return out;
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double learningRate,
      SplittableRandom random) {
    double[] x = rows(data, index, from, count);
    try {
      trainer.step(x, count, learningRate, random);
    } catch (IllegalArgumentException e) { // a parameter would leave the finite range: the step was not taken
      throw new FailedPreconditionException("attnbm " + e.getMessage());
    }
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    double[] x = rows(data, index, from, count);
    AttnBm model = trainer.model();
    double[] y = model.retrieve(x, count);
    double sq = 0;
    for (int k = 0; k < count * units; k++) {
      double d = y[k] - x[k];
      sq += d * d;
    }
    double norm = 0;
    for (double w : model.patterns()) {
      norm += w * w;
    }
    return new TrainingMetrics(count == 0 ? Double.NaN : sq / ((double) count * units), Double.NaN,
        Map.of("ξ", Math.sqrt(norm)));
  }

  @Override
  public EnergyModel snapshot() {
    return snapshotted("attnbm", () -> new AttnBmModel(family, trainer.model()));
  }

  @Override
  protected long ownHeapBytes() {
    return 12L * rows.length + 256;
  }
}
