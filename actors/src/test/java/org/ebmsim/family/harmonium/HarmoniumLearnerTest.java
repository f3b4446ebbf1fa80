package org.ebmsim.family.harmonium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.harmonium.Harmonium;
import org.ebmsim.dynamics.harmonium.HiddenSampler;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Learner;
import org.ebmsim.family.LearnerSettings;
import org.ebmsim.family.TrainingData;
import org.ebmsim.family.TrainingMetrics;
import org.ebmsim.proto.v1.HarmoniumPotential;
import org.ebmsim.proto.v1.HarmoniumSpec;
import org.ebmsim.proto.v1.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The family's learner and parameters: metrics against brute force written here (pseudo-log-likelihood
 * from the normalised conditional of each unit over both of its values; reconstruction through
 * E[f(h) | σ] integrated by a fine midpoint rule), decode(parameters()) round trip, and which
 * methods are offered.
 */
class HarmoniumLearnerTest {
  private static final int N = 5;
  private static final int P = 2;

  private static HarmoniumModel model(HarmoniumPotential potential, double parameter, double beta) {
    SplittableRandom rng = new SplittableRandom(3);
    Matrix.Builder m = Matrix.newBuilder().setRows(P).setCols(N);
    for (int k = 0; k < P * N; k++) {
      m.addValues(0.5 * rng.nextGaussian());
    }
    return (HarmoniumModel) new HarmoniumFamily().create(HarmoniumSpec.newBuilder().setPatterns(m)
        .setInverseTemperature(beta).setPotential(potential).setPotentialParameter(parameter).build(),
        CreateContext.of(100, 100)).model();
  }

  private static TrainingData rows(int count) {
    SplittableRandom rng = new SplittableRandom(4);
    float[] x = new float[count * N];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextBoolean() ? 1f : -1f;
    }
    return new TrainingData(count, N, x, null, 0);
  }

  private static LearnerSettings cd() {
    return new LearnerSettings(LearnerSettings.Method.CD, 1, 0, 0, 0, 0, 1);
  }

  /** E[f(h) | I] by a midpoint rule over [max(lower, I − 30), I + 30] with 300 000 cells. */
  private static double meanActivation(Harmonium h, double input) {
    var f = h.potential();
    double beta = h.inverseTemperature();
    double lo = Math.max(f.lowerBound(), input - 30);
    double step = (input + 30 - lo) / 300_000;
    double g0 = f.exponent(f.mode(input), input);
    double num = 0;
    double den = 0;
    for (int k = 0; k < 300_000; k++) {
      double x = lo + (k + 0.5) * step;
      double w = Math.exp(-beta * (f.exponent(x, input) - g0));
      num += w * f.activation(x);
      den += w;
    }
    return num / den;
  }

  @Test
  void metricsMatchBruteForce() {
    for (HarmoniumModel m : new HarmoniumModel[] {model(HarmoniumPotential.HARMONIUM_QUADRATIC, 0, 1.3),
        model(HarmoniumPotential.HARMONIUM_LOG_COSH, 0.5, 0.8),
        model(HarmoniumPotential.HARMONIUM_RECTIFIED_POWER, 3, 1)}) {
      Harmonium h = m.harmonium();
      Learner learner = m.learner(cd()).orElseThrow();
      TrainingData data = rows(6);
      int[] index = {0, 1, 2, 3, 4, 5};
      TrainingMetrics got = learner.evaluate(data, index, 0, 6, new SplittableRandom(1));
      HiddenSampler scratch = new HiddenSampler(h.potential());
      double pll = 0;
      double err = 0;
      for (int r = 0; r < 6; r++) {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
          s[i] = data.values()[r * N + i];
        }
        for (int i = 0; i < N; i++) {
          double keep = Math.exp(-h.freeEnergy(s, scratch));
          s[i] = -s[i];
          double flip = Math.exp(-h.freeEnergy(s, scratch));
          s[i] = -s[i];
          pll += Math.log(keep / (keep + flip));
        }
        double[] mean = new double[P];
        for (int mu = 0; mu < P; mu++) {
          double in = 0;
          for (int i = 0; i < N; i++) {
            in += h.pattern(mu, i) * s[i];
          }
          mean[mu] = meanActivation(h, in);
        }
        for (int i = 0; i < N; i++) {
          double u = 0;
          for (int mu = 0; mu < P; mu++) {
            u += h.pattern(mu, i) * mean[mu];
          }
          double d = s[i] - Math.tanh(h.inverseTemperature() * u);
          err += d * d;
        }
      }
      assertEquals(pll / 6, got.pseudoLogLikelihood(), 1e-9, h.potential().toString());
      assertEquals(err / (6 * N), got.reconstructionError(), 1e-6, h.potential().toString());
    }
  }

  @Test
  void parametersRoundTripAndOnlyCdIsOffered() {
    HarmoniumModel m = model(HarmoniumPotential.HARMONIUM_RECTIFIED_POWER, 2.5, 0.7);
    EnergyModel back = new HarmoniumFamily().decode(m.parameters());
    assertEquals(m.parameters(), back.parameters());
    assertTrue(m.learner(cd()).isPresent());
    assertTrue(m.learner(new LearnerSettings(LearnerSettings.Method.PCD, 1, 0, 0, 0, 0, 1)).isEmpty());
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> m.learner(
        new LearnerSettings(LearnerSettings.Method.CD, 1, 0, 1.5, 0, 0, 1)));
    assertTrue(e.getMessage().contains("momentum"), e.getMessage());
  }
}
