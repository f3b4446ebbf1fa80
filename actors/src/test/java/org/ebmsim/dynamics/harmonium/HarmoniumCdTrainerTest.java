package org.ebmsim.dynamics.harmonium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.junit.jupiter.api.Test;

/**
 * CD-1 on data drawn exactly from a teacher harmonium (F = x²/2, N = 8, p = 2, β = 1): the exact
 * mean log-likelihood of the data, by enumerating the binary–Gaussian RBM's closed-form visible
 * law (independent of the harmonium code), rises from the near-uniform start by at least
 * {@value #MARGIN} nats per row and ends within {@value #GAP} nats of the teacher's.
 */
class HarmoniumCdTrainerTest {
  private static final int N = 8;
  private static final int P = 2;
  private static final int ROWS = 2000;
  static final double MARGIN = 0.5;
  static final double GAP = 0.05;

  /** Mean exact log-likelihood of the rows under a quadratic harmonium (via its RBM twin). */
  static double meanLogLikelihood(Harmonium model, float[] rows, int count) {
    double[] w = new double[N * P];
    for (int i = 0; i < N; i++) {
      for (int mu = 0; mu < P; mu++) {
        w[i * P + mu] = model.pattern(mu, i);
      }
    }
    BinaryGaussianRbm rbm = BinaryGaussianRbm.of(N, P, w, null, null, model.inverseTemperature());
    double[] f = new double[1 << N];
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < f.length; s++) {
      f[s] = -rbm.freeEnergy(state(s));
      max = Math.max(max, f[s]);
    }
    double z = 0;
    for (double x : f) {
      z += Math.exp(x - max);
    }
    double logZ = max + Math.log(z);
    double ll = 0;
    for (int r = 0; r < count; r++) {
      int s = 0;
      for (int i = 0; i < N; i++) {
        s |= rows[r * N + i] > 0 ? 1 << i : 0;
      }
      ll += f[s] - logZ;
    }
    return ll / count;
  }

  static double[] state(int s) {
    double[] sigma = new double[N];
    for (int i = 0; i < N; i++) {
      sigma[i] = ((s >> i) & 1) == 1 ? 1 : -1;
    }
    return sigma;
  }

  /** ROWS states drawn exactly from the teacher's enumerated law. */
  static float[] teacherData(Harmonium teacher, long seed) {
    HiddenSampler scratch = new HiddenSampler(teacher.potential());
    double[] cdf = new double[1 << N];
    double max = Double.NEGATIVE_INFINITY;
    double[] lw = new double[cdf.length];
    for (int s = 0; s < cdf.length; s++) {
      lw[s] = -teacher.freeEnergy(state(s), scratch);
      max = Math.max(max, lw[s]);
    }
    double acc = 0;
    for (int s = 0; s < cdf.length; s++) {
      acc += Math.exp(lw[s] - max);
      cdf[s] = acc;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] rows = new float[ROWS * N];
    for (int r = 0; r < ROWS; r++) {
      double u = rng.nextDouble() * acc;
      int s = 0;
      while (cdf[s] <= u) {
        s++;
      }
      double[] sigma = state(s);
      for (int i = 0; i < N; i++) {
        rows[r * N + i] = (float) sigma[i];
      }
    }
    return rows;
  }

  static Harmonium randomHarmonium(long seed, double sd) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] xi = new double[P * N];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = sd * rng.nextGaussian();
    }
    return Harmonium.of(P, N, xi, 1.0, HiddenPotential.quadratic());
  }

  @Test
  void cdRaisesTheExactLogLikelihoodTowardsTheTeachers() {
    Harmonium teacher = randomHarmonium(101, 0.5);
    float[] data = teacherData(teacher, 102);
    double teacherLl = meanLogLikelihood(teacher, data, ROWS);
    HarmoniumCdTrainer trainer = new HarmoniumCdTrainer(randomHarmonium(103, 0.05), 1, 0.5, 0);
    double before = meanLogLikelihood(trainer.current(), data, ROWS);
    SplittableRandom rng = new SplittableRandom(104);
    int batch = 20;
    float[] rows = new float[batch * N];
    for (int epoch = 0; epoch < 30; epoch++) {
      for (int b = 0; b < ROWS / batch; b++) {
        System.arraycopy(data, b * batch * N, rows, 0, batch * N);
        trainer.update(rows, batch, 0.01, rng);
      }
    }
    double after = meanLogLikelihood(trainer.current(), data, ROWS);
    System.out.printf("harmonium CD-1: log-likelihood %.4f -> %.4f (teacher %.4f)%n", before, after, teacherLl);
    assertTrue(after - before > MARGIN, "gain " + (after - before) + " (before " + before + ", after " + after + ")");
    assertTrue(teacherLl - after < GAP, "teacher " + teacherLl + ", trained " + after);
  }

  /** A trainer restored from a state continues bit for bit like the one that wrote it. */
  @Test
  void stateRoundTripContinuesIdentically() throws IOException {
    Harmonium start = Harmonium.of(P, N, randomHarmonium(5, 0.3).patterns(), 1.0, HiddenPotential.logCosh(1));
    float[] data = teacherData(randomHarmonium(6, 0.5), 7);
    HarmoniumCdTrainer a = new HarmoniumCdTrainer(start, 2, 0.5, 1e-3);
    a.update(data, 10, 0.05, new SplittableRandom(1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(bytes));
    HarmoniumCdTrainer b = new HarmoniumCdTrainer(start, 2, 0.5, 1e-3);
    b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    a.update(data, 10, 0.05, new SplittableRandom(2));
    b.update(data, 10, 0.05, new SplittableRandom(2));
    assertArrayEquals(a.current().patterns(), b.current().patterns());
  }
}
