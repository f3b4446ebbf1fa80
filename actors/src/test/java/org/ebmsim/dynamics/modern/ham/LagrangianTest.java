package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each Lagrangian against its definition: the activation is the gradient of L (central finite
 * differences), the Hessian is positive semi-definite (finite differences of g along random
 * directions), and values at points where L has a closed form.
 */
class LagrangianTest {
  private static final TensorShape SHAPE = new TensorShape(3, 2, 2);

  private static Lagrangian make(String kind) {
    return Lagrangian.of(kind, HamFixtures.parameters(kind), SHAPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "softmax", "channel_softmax", "sigmoid", "tanh", "relu"})
  void activation_isTheGradientOfTheLagrangian(String kind) {
    Lagrangian l = make(kind);
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      double[] x = HamFixtures.gaussian(r, SHAPE.size(), 2);
      double[] g = new double[x.length];
      l.activation(x, g);
      double h = 1e-6;
      for (int i = 0; i < x.length; i++) {
        double[] p = x.clone();
        double[] m = x.clone();
        p[i] += h;
        m[i] -= h;
        double numeric = (l.value(p) - l.value(m)) / (2 * h);
        assertEquals(numeric, g[i], 1e-7, kind + ": dL/dx_" + i + " at trial " + trial);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "softmax", "channel_softmax", "sigmoid", "tanh", "relu"})
  void hessian_isPositiveSemiDefinite(String kind) {
    Lagrangian l = make(kind);
    SplittableRandom r = new SplittableRandom(8);
    double h = 1e-5;
    for (int trial = 0; trial < 200; trial++) {
      double[] x = HamFixtures.gaussian(r, SHAPE.size(), 2);
      double[] v = HamFixtures.gaussian(r, SHAPE.size(), 1);
      double[] gp = new double[x.length];
      double[] gm = new double[x.length];
      double[] p = x.clone();
      double[] m = x.clone();
      for (int i = 0; i < x.length; i++) {
        p[i] += h * v[i];
        m[i] -= h * v[i];
      }
      l.activation(p, gp);
      l.activation(m, gm);
      double curvature = 0; // vᵀ H v ≈ vᵀ (g(x + hv) − g(x − hv)) / 2h
      for (int i = 0; i < x.length; i++) {
        curvature += v[i] * (gp[i] - gm[i]) / (2 * h);
      }
      assertTrue(curvature >= -1e-8, kind + ": vᵀHv = " + curvature + " at trial " + trial);
    }
  }

  @Test
  void closedForms() {
    double[] x = {0.5, -1, 2, 0, 1, -3, 0.25, 4, -0.5, 1.5, -2, 3};
    double sq = 0;
    double relu = 0;
    double softplus = 0;
    double logcosh = 0;
    double lse = 0;
    for (double v : x) {
      sq += v * v;
      relu += v > 0 ? v * v : 0;
      softplus += Math.log(1 + Math.exp(1.5 * v)) / 1.5;
      logcosh += Math.log(Math.cosh(1.5 * v)) / 1.5;
      lse += Math.exp(2 * v);
    }
    assertEquals(0.5 * sq, make("identity").value(x), 1e-12);
    assertEquals(0.5 * relu, make("relu").value(x), 1e-12);
    assertEquals(softplus, make("sigmoid").value(x), 1e-12);
    assertEquals(logcosh, make("tanh").value(x), 1e-12);
    assertEquals(Math.log(lse) / 2, make("softmax").value(x), 1e-12);
    // channel softmax on 3 channels × 4 positions: one log-sum-exp per position over channels
    double perPosition = 0;
    for (int p = 0; p < 4; p++) {
      double s = 0;
      for (int c = 0; c < 3; c++) {
        s += Math.exp(2 * x[c * 4 + p]);
      }
      perPosition += Math.log(s) / 2;
    }
    assertEquals(perPosition, make("channel_softmax").value(x), 1e-12);
    double[] g = new double[x.length];
    make("channel_softmax").activation(x, g);
    for (int p = 0; p < 4; p++) {
      assertEquals(1, g[p] + g[4 + p] + g[8 + p], 1e-14, "channel softmax sums to 1 at position " + p);
    }
  }

  @Test
  void largeInputs_stayFinite() {
    double[] x = {800, -800, 1e5, -1e5};
    for (String kind : List.of("softmax", "sigmoid", "tanh")) {
      Lagrangian l = Lagrangian.of(kind, null, TensorShape.dense(4));
      double[] g = new double[4];
      l.activation(x, g);
      assertTrue(Double.isFinite(l.value(x)) && Double.isFinite(l.legendre(x, g)), kind);
      for (double v : g) {
        assertTrue(Double.isFinite(v), kind);
      }
    }
  }
}
