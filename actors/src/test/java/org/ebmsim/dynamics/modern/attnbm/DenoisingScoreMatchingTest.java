package org.ebmsim.dynamics.modern.attnbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DSM loss against its definition with the model score taken by finite differences of the
 * independently written energy, against the paper's autoencoder form at β = σ = 1, and its
 * gradient against finite differences of the loss.
 */
class DenoisingScoreMatchingTest {
  private static final double[] CLEAN = {0.4, -1.0, 0.9, 1.3, 0.2, -0.6, -0.7, 0.8, 0.1, 0.0, -1.5, 2.1};

  @Test
  void loss_isScoreMatchingObjectiveWithNumericalScore() {
    for (double beta : new double[] {1, 2.5}) {
      for (double sigma : new double[] {1, 0.6}) {
        AttnBmReference ref = AttnBmReference.random(3, 4, 1.2, beta, 700);
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(sigma);
        double[] noisy = dsm.corrupt(CLEAN, new SplittableRandom(701));
        double expected = 0;
        for (int r = 0; r < 4; r++) {
          double[] vt = {noisy[3 * r], noisy[3 * r + 1], noisy[3 * r + 2]};
          for (int i = 0; i < 3; i++) {
            double h = 1e-5;
            double[] up = vt.clone();
            double[] down = vt.clone();
            up[i] += h;
            down[i] -= h;
            double score = -ref.beta * (ref.energy(up) - ref.energy(down)) / (2 * h);
            double target = (CLEAN[3 * r + i] - vt[i]) / (sigma * sigma);
            expected += (score - target) * (score - target);
          }
        }
        expected /= 4;
        double actual = dsm.lossAndGradient(ref.model(), CLEAN, noisy, 4).value();
        assertEquals(expected, actual, 1e-7 * Math.max(1, expected), "β " + beta + " σ " + sigma);
      }
    }
  }

  @Test
  void loss_betaAndSigmaOne_isDenoisingAutoencoderWithSoftmaxUnits() {
    AttnBmReference ref = AttnBmReference.random(3, 4, 1.2, 1, 710);
    DenoisingScoreMatching dsm = new DenoisingScoreMatching(1);
    double[] noisy = dsm.corrupt(CLEAN, new SplittableRandom(711));
    double expected = 0;
    for (int r = 0; r < 4; r++) {
      double[] vt = {noisy[3 * r], noisy[3 * r + 1], noisy[3 * r + 2]};
      for (int i = 0; i < 3; i++) {
        // b + ξᵀ softmax(ξ(ṽ − b) + c) − v
        double recon = ref.b[i];
        for (int mu = 0; mu < 4; mu++) {
          recon += ref.xi[mu * 3 + i] * ref.softmax(vt, mu);
        }
        double d = recon - CLEAN[3 * r + i];
        expected += d * d;
      }
    }
    assertEquals(expected / 4, dsm.lossAndGradient(ref.model(), CLEAN, noisy, 4).value(), 1e-12);
  }

  @Test
  void gradient_matchesCentralFiniteDifferences() {
    for (double beta : new double[] {1, 2.5}) {
      AttnBmReference ref = AttnBmReference.random(3, 4, 1.2, beta, 720);
      DenoisingScoreMatching dsm = new DenoisingScoreMatching(0.8);
      double[] noisy = dsm.corrupt(CLEAN, new SplittableRandom(721));
      AttnBmObjective g = dsm.lossAndGradient(ref.model(), CLEAN, noisy, 4);
      AttnBmGradientTest.checkAgainstDifferences(ref, g,
          r -> dsm.lossAndGradient(r.model(), CLEAN, noisy, 4).value(), 1e-7, "β " + beta);
    }
  }

  @Test
  void corrupt_sameSeed_identical_andNoiseHasTheRequestedSd() {
    DenoisingScoreMatching dsm = new DenoisingScoreMatching(0.3);
    double[] clean = new double[100_000];
    double[] a = dsm.corrupt(clean, new SplittableRandom(5));
    assertArrayEquals(a, dsm.corrupt(clean, new SplittableRandom(5)));
    double s2 = 0;
    for (double x : a) {
      s2 += x * x;
    }
    // sample variance of 10⁵ normals: relative SE √(2/10⁵) ≈ 0.0045
    assertEquals(0.09, s2 / a.length, 3 * 0.0045 * 0.09);
  }

  @Test
  void invalidNoise_refused() {
    assertThrows(IllegalArgumentException.class, () -> new DenoisingScoreMatching(0));
    assertThrows(IllegalArgumentException.class, () -> new DenoisingScoreMatching(Double.NaN));
  }
}
