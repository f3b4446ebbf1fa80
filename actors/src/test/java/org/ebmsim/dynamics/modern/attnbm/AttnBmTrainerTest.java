package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Gradient-descent training with the exact likelihood and with denoising score matching. */
class AttnBmTrainerTest {
  /** Three well-separated patterns in 2-D; 3000 exact samples at β = 1. */
  private static final AttnBm TRUTH =
      AttnBm.of(2, 3, new double[] {3, 0, -2, 2.5, -1, -3}, null, new double[] {0.3, 0, -0.2}, 1);

  @Test
  void step_noMomentum_isParameterMinusRateTimesGradient() {
    AttnBm model = AttnBmReference.random(2, 3, 1, 1, 800).model();
    double[] data = TRUTH.sample(50, new SplittableRandom(801));
    AttnBmObjective g = model.negativeLogLikelihoodGradient(data, 50);
    AttnBmTrainer t = new AttnBmTrainer(model, AttnBmLoss.EXACT_LIKELIHOOD, 0.05, 0, 0, 50, true);
    t.step(data, 50, new SplittableRandom(1));
    for (int k = 0; k < 6; k++) {
      assertEquals(model.patterns()[k] - 0.05 * g.patterns()[k], t.model().patterns()[k], 1e-15);
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(model.visibleBias()[i] - 0.05 * g.visibleBias()[i], t.model().visibleBias()[i], 1e-15);
    }
    for (int mu = 0; mu < 3; mu++) {
      assertEquals(model.hiddenBias()[mu] - 0.05 * g.hiddenBias()[mu], t.model().hiddenBias()[mu], 1e-15);
    }
  }

  @Test
  void exactLikelihoodTraining_reachesTheTrueModelsLikelihoodOnItsSamples() {
    int rows = 3000;
    double[] data = TRUTH.sample(rows, new SplittableRandom(810));
    // start from three data rows as patterns (the usual mixture initialisation), no biases
    double[] init = new double[6];
    System.arraycopy(data, 0, init, 0, 6);
    AttnBm start = AttnBm.of(2, 3, init, 1);
    AttnBmTrainer t = new AttnBmTrainer(start, AttnBmLoss.EXACT_LIKELIHOOD, 0.05, 0.5, 0, 100, true);
    SplittableRandom rng = new SplittableRandom(811);
    for (int e = 0; e < 150; e++) {
      t.epoch(data, rows, rng);
    }
    // then full-batch descent, which has no mini-batch noise to stop short of the optimum
    AttnBmTrainer full = new AttnBmTrainer(t.model(), AttnBmLoss.EXACT_LIKELIHOOD, 0.1, 0.9, 0, rows, true);
    for (int e = 0; e < 300; e++) {
      full.epoch(data, rows, rng);
    }
    double trained = full.model().meanLogLikelihood(data, rows);
    AttnBmObjective g = full.model().negativeLogLikelihoodGradient(data, rows);
    double norm2 = 0;
    for (double[] part : new double[][] {g.patterns(), g.visibleBias(), g.hiddenBias()}) {
      for (double x : part) {
        norm2 += x * x;
      }
    }
    assertTrue(Math.sqrt(norm2) < 1e-4, "gradient norm at the end " + Math.sqrt(norm2));
    double truth = TRUTH.meanLogLikelihood(data, rows);
    double initial = start.meanLogLikelihood(data, rows);
    // a stationary point at least as good as the truth on the training set: the maximum-likelihood fit
    assertTrue(trained >= truth, "trained " + trained + " vs true model " + truth + " (start " + initial + ")");
    assertTrue(trained > initial + 0.5, "trained " + trained + " vs start " + initial);
  }

  @Test
  void denoisingTraining_lowersTheLossOnFixedCorruption() {
    int rows = 2000;
    double[] data = TRUTH.sample(rows, new SplittableRandom(820));
    DenoisingScoreMatching dsm = new DenoisingScoreMatching(0.5);
    double[] heldNoisy = dsm.corrupt(data, new SplittableRandom(821));
    AttnBm start = AttnBmReference.random(2, 3, 0.5, 1, 822).model();
    AttnBmTrainer t = new AttnBmTrainer(start, AttnBmLoss.denoising(0.5), 0.002, 0.5, 0, 50, true);
    SplittableRandom rng = new SplittableRandom(823);
    double before = dsm.lossAndGradient(start, data, heldNoisy, rows).value();
    for (int e = 0; e < 30; e++) {
      t.epoch(data, rows, rng);
    }
    double after = dsm.lossAndGradient(t.model(), data, heldNoisy, rows).value();
    assertTrue(after < 0.8 * before, "DSM loss " + before + " -> " + after);
  }

  @Test
  void training_sameSeed_bitIdentical() {
    double[] data = TRUTH.sample(200, new SplittableRandom(830));
    double[][] runs = new double[2][];
    for (int k = 0; k < 2; k++) {
      AttnBmTrainer t = new AttnBmTrainer(AttnBmReference.random(2, 3, 1, 1, 831).model(), AttnBmLoss.denoising(1),
          0.01, 0.9, 0.001, 16, true);
      SplittableRandom rng = new SplittableRandom(832);
      for (int e = 0; e < 3; e++) {
        t.epoch(data, 200, rng);
      }
      runs[k] = t.model().patterns();
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  @Test
  void learnBiasesFalse_keepsBiasesFixed() {
    AttnBm start = AttnBmReference.random(2, 3, 1, 1, 840).model();
    AttnBmTrainer t = new AttnBmTrainer(start, AttnBmLoss.EXACT_LIKELIHOOD, 0.05, 0, 0, 10, false);
    t.epoch(TRUTH.sample(40, new SplittableRandom(841)), 40, new SplittableRandom(842));
    assertArrayEquals(start.visibleBias(), t.model().visibleBias());
    assertArrayEquals(start.hiddenBias(), t.model().hiddenBias());
  }

  @Test
  void checkpoint_restoredTrainer_continuesBitForBit_andRefusesAnotherShape() throws Exception {
    // each epoch draws from its own seeded stream, as a training session derives one per batch
    double[] data = TRUTH.sample(120, new SplittableRandom(850));
    AttnBm start = AttnBmReference.random(2, 3, 1, 1, 851).model();
    AttnBmTrainer straight = new AttnBmTrainer(start, AttnBmLoss.denoising(0.5), 0.02, 0.9, 0.001, 12, true);
    straight.epoch(data, 120, new SplittableRandom(852));
    java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
    straight.writeState(new java.io.DataOutputStream(saved));
    straight.epoch(data, 120, new SplittableRandom(853));

    AttnBmTrainer resumed = new AttnBmTrainer(start, AttnBmLoss.denoising(0.5), 0.02, 0.9, 0.001, 12, true);
    resumed.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.toByteArray())));
    resumed.epoch(data, 120, new SplittableRandom(853));
    assertArrayEquals(straight.model().patterns(), resumed.model().patterns());
    assertArrayEquals(straight.model().visibleBias(), resumed.model().visibleBias());
    assertArrayEquals(straight.model().hiddenBias(), resumed.model().hiddenBias());

    // without the velocities the continuation would differ (momentum 0.9): the state carries them
    AttnBmTrainer fresh = new AttnBmTrainer(straightAfterFirstEpoch(data, start), AttnBmLoss.denoising(0.5), 0.02,
        0.9, 0.001, 12, true);
    fresh.epoch(data, 120, new SplittableRandom(853));
    assertTrue(!java.util.Arrays.equals(fresh.model().patterns(), resumed.model().patterns()));

    AttnBmTrainer other = new AttnBmTrainer(AttnBmReference.random(3, 3, 1, 1, 854).model(), AttnBmLoss.EXACT_LIKELIHOOD,
        0.02, 0, 0, 12, true);
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> other.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.toByteArray()))));
    assertTrue(e.getMessage().contains("visible units"), e.getMessage());
  }

  private static AttnBm straightAfterFirstEpoch(double[] data, AttnBm start) {
    AttnBmTrainer t = new AttnBmTrainer(start, AttnBmLoss.denoising(0.5), 0.02, 0.9, 0.001, 12, true);
    t.epoch(data, 120, new SplittableRandom(852));
    return t.model();
  }
}
