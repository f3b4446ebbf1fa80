package org.ebmsim.dynamics.train.poe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Softmax regression: its gradient by finite differences, and a separable problem solved exactly. */
class MultinomialLogisticRegressionTest {
  @Test
  void gradientMatchesFiniteDifferences() {
    Random r = new Random(1);
    int rows = 20;
    int d = 4;
    int k = 3;
    double[] z = new double[rows * d];
    int[] y = new int[rows];
    for (int i = 0; i < z.length; i++) {
      z[i] = r.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(k);
    }
    MultinomialLogisticRegression.Objective f = new MultinomialLogisticRegression.Objective(z, rows, d, y, k, 0.3);
    double[] theta = new double[k * (d + 1)];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 0.5 * r.nextGaussian();
    }
    double[] g = new double[theta.length];
    f.valueAndGradient(theta, g);
    double h = 1e-6;
    double[] scratch = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (f.valueAndGradient(plus, scratch) - f.valueAndGradient(minus, scratch)) / (2 * h);
      assertEquals(numeric, g[i], 1e-7, "component " + i);
    }
  }

  @Test
  void separableClustersAreClassifiedWithoutError() {
    Random r = new Random(2);
    double[][] centres = {{0, 5}, {5, -3}, {-5, -3}};
    int rows = 300;
    double[] x = new double[rows * 2];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = i % 3;
      x[2 * i] = centres[y[i]][0] + 0.7 * r.nextGaussian();
      x[2 * i + 1] = centres[y[i]][1] + 0.7 * r.nextGaussian();
    }
    MultinomialLogisticRegression m = MultinomialLogisticRegression.fit(x, rows, 2, y, 3, 1e-3, 500);
    assertArrayEquals(y, m.predict(x, rows));
    // same input, same model: the fit is deterministic
    MultinomialLogisticRegression again = MultinomialLogisticRegression.fit(x, rows, 2, y, 3, 1e-3, 500);
    assertEquals(m.iterations(), again.iterations());
    double[] probe = {1, 1, -2, 0.5, 3, -1};
    assertArrayEquals(m.predict(probe, 3), again.predict(probe, 3));
  }
}
