package org.ebmsim.family.harmonium;

import java.util.Map;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.harmonium.Harmonium;
import org.ebmsim.dynamics.harmonium.HarmoniumCdTrainer;
import org.ebmsim.dynamics.harmonium.HiddenSampler;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.TrainerLearner;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;

/**
 * CD-k training of a harmonium's patterns through the Train RPC ({@link HarmoniumCdTrainer}).
 * Data rows are the visible spins (the server checks them against the visible layer's ±1 domain).
 * Metrics: the one-step mean-field reconstruction error σ → E[f(h)|σ] → tanh(β u), and the exact
 * pseudo-log-likelihood Σ_i log p(σ_i | σ_−i) from free-energy differences.
 */
final class HarmoniumLearner extends TrainerLearner<HarmoniumCdTrainer> {
  private final ModelFamily family;
  private final int n;
  private final int p;

  HarmoniumLearner(ModelFamily family, Harmonium start, LearnerSettings settings) {
    super(built("harmonium", () -> new HarmoniumCdTrainer(start, settings.gibbsSteps(), settings.momentum(),
        settings.weightDecay())));
    this.family = family;
    this.n = start.visibleUnits();
    this.p = start.hiddenUnits();
  }

  @Override
  public int visibleUnits() {
    return n;
  }

  @Override
  public void update(TrainingData data, int[] index, int from, int count, double learningRate,
      SplittableRandom random) {
    float[] rows = new float[count * n];
    data.gather(index, from, count, rows);
    trainer.update(rows, count, learningRate, random);
  }

  @Override
  public TrainingMetrics evaluate(TrainingData data, int[] index, int from, int count, SplittableRandom random) {
    Harmonium model = trainer.current();
    HiddenSampler scratch = new HiddenSampler(model.potential());
    double beta = model.inverseTemperature();
    float[] rows = new float[count * n];
    data.gather(index, from, count, rows);
    double[] inputs = new double[p];
    float[] mean = new float[p];
    double[] field = new double[n];
    double[] sigma = new double[n];
    double error = 0;
    double pll = 0;
    for (int r = 0; r < count; r++) {
      model.inputs(rows, r * n, inputs);
      for (int mu = 0; mu < p; mu++) {
        mean[mu] = (float) meanActivation(model, scratch, inputs[mu]);
      }
      // the field from the means E[f(h)|σ] themselves (visibleField would apply f to them again)
      java.util.Arrays.fill(field, 0);
      for (int mu = 0; mu < p; mu++) {
        for (int i = 0; i < n; i++) {
          field[i] += model.pattern(mu, i) * mean[mu];
        }
      }
      for (int i = 0; i < n; i++) {
        double d = rows[r * n + i] - Math.tanh(beta * field[i]);
        error += d * d;
        sigma[i] = rows[r * n + i];
      }
      double f0 = model.freeEnergy(sigma, scratch);
      for (int i = 0; i < n; i++) {
        sigma[i] = -sigma[i];
        double f1 = model.freeEnergy(sigma, scratch);
        sigma[i] = -sigma[i];
        // log p(σ_i | σ_−i) = −log(1 + e^{F(σ) − F(σ with i flipped)})
        double z = f0 - f1;
        pll -= z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      }
    }
    double norm = 0;
    double[] xi = model.patterns();
    for (double x : xi) {
      norm += x * x;
    }
    return new TrainingMetrics(error / ((double) count * n), pll / count, Map.of("W", Math.sqrt(norm)));
  }

  /**
   * {@code E[f(h) | I]}: I for F = x²/2; otherwise d log Z / dI / β by a central difference of the
   * grid's log normaliser (step 1e-4·max(1, |I|)).
   */
  private static double meanActivation(Harmonium model, HiddenSampler scratch, double input) {
    double beta = model.inverseTemperature();
    if (model.potential().kind() == org.ebmsim.dynamics.harmonium.HiddenPotential.Kind.QUADRATIC) {
      return input;
    }
    double d = 1e-4 * Math.max(1, Math.abs(input));
    return (scratch.logPartition(input + d, beta) - scratch.logPartition(input - d, beta)) / (2 * d * beta);
  }

  @Override
  public EnergyModel snapshot() {
    return snapshotted("harmonium", () -> new HarmoniumModel(family, trainer.current()));
  }

  @Override
  protected long ownHeapBytes() {
    return 512;
  }
}
