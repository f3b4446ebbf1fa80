package org.ebmsim.dynamics.train.boltzmann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.junit.jupiter.api.Test;

/**
 * Learning in Boltzmann machines with hidden units against exact enumeration ({@link ExactBoltzmann}):
 * CD-1 raises the exact log-likelihood, PCD ends near exact-gradient training on the same
 * schedule, W stays symmetric with zero diagonal, and the pseudo-likelihood is exact.
 */
class BoltzmannTrainerTest {
  private static final Gemm GEMM = Gemm.nativeOrFallback(1);

  static float[] clusters(int rows, int n, int prototypes, double flip, long seed) {
    Random r = new Random(seed);
    boolean[][] proto = new boolean[prototypes][n];
    for (boolean[] p : proto) {
      for (int i = 0; i < n; i++) {
        p[i] = r.nextBoolean();
      }
    }
    float[] out = new float[rows * n];
    for (int row = 0; row < rows; row++) {
      for (int i = 0; i < n; i++) {
        out[row * n + i] = proto[row % prototypes][i] ^ (r.nextDouble() < flip) ? 1f : -1f;
      }
    }
    return out;
  }

  static IsingModel random(int n, double sd, long seed) {
    Random r = new Random(seed);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = sd * r.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = sd * r.nextGaussian();
      }
    }
    return IsingModel.of(n, w, b);
  }

  record Schedule(int epochs, int batchSize, double learningRate, double momentum, double weightDecay) {}

  static int[] shuffled(int rows, Random r) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  static float[] batch(float[] data, int v, int[] order, int from, int count) {
    float[] out = new float[count * v];
    for (int r = 0; r < count; r++) {
      System.arraycopy(data, order[from + r] * v, out, r * v, v);
    }
    return out;
  }

  static IsingModel trainSampled(IsingModel initial, int v, float[] data, int rows, Schedule s,
      ContrastiveSettings settings) {
    BoltzmannTrainer trainer = new BoltzmannTrainer(initial, v, settings, GEMM);
    Random shuffle = new Random(99);
    for (int e = 0; e < s.epochs(); e++) {
      int[] order = shuffled(rows, shuffle);
      for (int from = 0; from < rows; from += s.batchSize()) {
        int count = Math.min(s.batchSize(), rows - from);
        trainer.update(batch(data, v, order, from, count), count, s.learningRate(),
            new SplittableRandom(1000L * e + from));
      }
    }
    return trainer.snapshot();
  }

  static IsingModel trainExact(IsingModel initial, int v, float[] data, int rows, Schedule s) {
    int n = initial.units();
    double[] w = initial.weights();
    double[] b = initial.bias();
    double[] vw = new double[n * n];
    double[] vb = new double[n];
    Random shuffle = new Random(99);
    IsingModel current = initial;
    for (int e = 0; e < s.epochs(); e++) {
      int[] order = shuffled(rows, shuffle);
      for (int from = 0; from < rows; from += s.batchSize()) {
        int count = Math.min(s.batchSize(), rows - from);
        double[][] g = new ExactBoltzmann(current, v).gradient(batch(data, v, order, from, count), count);
        for (int k = 0; k < n * n; k++) {
          vw[k] = s.momentum() * vw[k] + s.learningRate() * (g[0][k] - s.weightDecay() * w[k]);
          w[k] += vw[k];
        }
        for (int i = 0; i < n; i++) {
          vb[i] = s.momentum() * vb[i] + s.learningRate() * g[1][i];
          b[i] += vb[i];
        }
        current = IsingModel.of(n, w, b);
      }
    }
    return current;
  }

  @Test
  void exactGradientOfTheTestAgreesWithFiniteDifferences() {
    IsingModel m = random(7, 0.4, 3);
    float[] data = clusters(5, 4, 2, 0.2, 4);
    double[][] g = new ExactBoltzmann(m, 4).gradient(data, 5);
    double step = 1e-5;
    for (int i = 0; i < 7; i++) {
      for (int j = i + 1; j < 7; j++) {
        double[] plus = m.weights();
        double[] minus = m.weights();
        plus[i * 7 + j] += step;
        plus[j * 7 + i] += step;
        minus[i * 7 + j] -= step;
        minus[j * 7 + i] -= step;
        double up = new ExactBoltzmann(IsingModel.of(7, plus, m.bias()), 4).meanLogLikelihood(data, 5);
        double down = new ExactBoltzmann(IsingModel.of(7, minus, m.bias()), 4).meanLogLikelihood(data, 5);
        // the pair (i, j) appears twice in ½ sᵀWs: d/dW_ij of the tied pair is gW_ij = gW_ji
        assertEquals((up - down) / (2 * step), g[0][i * 7 + j], 1e-6, "W[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void cdOneRaisesTheExactLogLikelihood() {
    float[] data = clusters(30, 6, 2, 0.1, 7);
    IsingModel initial = random(9, 0.01, 8);
    Schedule s = new Schedule(60, 10, 0.05, 0.5, 1e-4);
    IsingModel trained = trainSampled(initial, 6, data, 30, s, new ContrastiveSettings(false, 1, 0, 0.5, 1e-4,
        1));
    double before = new ExactBoltzmann(initial, 6).meanLogLikelihood(data, 30);
    double after = new ExactBoltzmann(trained, 6).meanLogLikelihood(data, 30);
    System.out.printf("BM CD-1: exact mean log-likelihood %.4f -> %.4f%n", before, after);
    assertTrue(after > before + 1.0, "CD-1 must raise the exact log-likelihood by > 1 nat (" + before + " -> "
        + after + ")");
    for (int i = 0; i < 9; i++) {
      assertEquals(0.0, trained.weight(i, i));
      for (int j = 0; j < 9; j++) {
        assertEquals(trained.weight(i, j), trained.weight(j, i), "W stays exactly symmetric");
      }
    }
  }

  @Test
  void pcdEndsNearExactGradientTraining() {
    float[] data = clusters(60, 12, 3, 0.1, 17);
    IsingModel initial = random(15, 0.01, 18);
    Schedule s = new Schedule(40, 20, 0.05, 0.5, 1e-4);
    IsingModel pcd = trainSampled(initial, 12, data, 60, s, new ContrastiveSettings(true, 5, 500, 0.5, 1e-4,
        2));
    IsingModel exact = trainExact(initial, 12, data, 60, s);
    double start = new ExactBoltzmann(initial, 12).meanLogLikelihood(data, 60);
    double llPcd = new ExactBoltzmann(pcd, 12).meanLogLikelihood(data, 60);
    double llExact = new ExactBoltzmann(exact, 12).meanLogLikelihood(data, 60);
    System.out.printf("BM PCD: start %.4f, PCD %.4f, exact-gradient %.4f%n", start, llPcd, llExact);
    assertTrue(llExact > start + 1.0, "the schedule must matter: " + start + " -> " + llExact);
    assertEquals(llExact, llPcd, 0.05, "PCD must end within 0.05 nats per sample of exact-gradient training");
  }

  @Test
  void pseudoLikelihoodIsExact() {
    IsingModel m = random(9, 0.7, 5);
    float[] data = clusters(5, 5, 2, 0.3, 6);
    BoltzmannFreeEnergy f = new BoltzmannFreeEnergy(9, 5, zeroDiagonal(m), m.bias());
    double expected = 0;
    for (int r = 0; r < 5; r++) {
      for (int i = 0; i < 5; i++) {
        float[] flipped = new float[5];
        System.arraycopy(data, r * 5, flipped, 0, 5);
        flipped[i] = -flipped[i];
        float[] same = new float[5];
        System.arraycopy(data, r * 5, same, 0, 5);
        double here = new ExactBoltzmann(m, 5).meanLogLikelihood(same, 1);
        double other = new ExactBoltzmann(m, 5).meanLogLikelihood(flipped, 1);
        expected += here - Math.log(Math.exp(here) + Math.exp(other));
      }
    }
    assertEquals(expected / 5, f.pseudoLogLikelihood(data, 5), 1e-9);
    BoltzmannFreeEnergy big = new BoltzmannFreeEnergy(20, 3, new double[400], new double[20]);
    assertTrue(Double.isNaN(big.pseudoLogLikelihood(new float[3], 1)), "17 hidden units: beyond enumeration");
  }

  private static double[] zeroDiagonal(IsingModel m) {
    double[] w = m.weights();
    for (int i = 0; i < m.units(); i++) {
      w[i * m.units() + i] = 0;
    }
    return w;
  }
}
