package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convergence order on a smooth problem (identity, tanh, softmax layers; no ReLU kink): the error
 * at t = 1 against a reference computed by RK4 with a 64× finer step shrinks by 2^4 per halving
 * of dt for RK4 and by 2 for Euler. The observed order {@code log2(e(h)/e(h/2))} must lie within
 * ±0.3 of the theory at each of two halvings.
 */
class ConvergenceOrderTest {
  private static final double T_END = 1.0;

  private static HamNetwork smoothNetwork() {
    SplittableRandom r = new SplittableRandom(101);
    TensorShape a = TensorShape.dense(5);
    TensorShape b = new TensorShape(2, 2, 2);
    TensorShape c = TensorShape.dense(4);
    return HamNetwork.of(
        List.of(HamLayer.of(a, "identity", null, 1), HamLayer.of(b, "tanh", Map.of("beta", 1.2), 0.5),
            HamLayer.of(c, "softmax", Map.of("beta", 2.0), 0.7)),
        List.of(HamFixtures.dense(r, a, b, 0.9), HamFixtures.dense(r, b, c, 1.1)));
  }

  private static double[][] solve(HamNetwork net, double[][] x0, StepMethod method, int steps, boolean adiabatic) {
    HamIntegrator it = new HamIntegrator(net, method, T_END / steps, adiabatic, null, x0);
    it.run(steps);
    return it.state();
  }

  private static void assertOrder(StepMethod method, boolean adiabatic, int coarseSteps, double expectedOrder) {
    HamNetwork net = smoothNetwork();
    double[][] x0 = HamFixtures.state(net, 102, 1.5);
    double[][] reference = solve(net, x0, StepMethod.RK4, coarseSteps * 64, adiabatic);
    double[] error = new double[3];
    for (int k = 0; k < 3; k++) {
      error[k] = HamFixtures.maxAbsDiff(solve(net, x0, method, coarseSteps << k, adiabatic), reference);
    }
    for (int k = 0; k + 1 < 3; k++) {
      double order = Math.log(error[k] / error[k + 1]) / Math.log(2);
      assertTrue(Math.abs(order - expectedOrder) < 0.3, method + (adiabatic ? " (adiabatic top)" : "")
          + ": observed order " + order + " between " + (coarseSteps << k) + " and " + (coarseSteps << (k + 1))
          + " steps (errors " + error[k] + ", " + error[k + 1] + "), expected " + expectedOrder);
    }
  }

  @Test
  void rk4_convergesWithOrderFour() {
    assertOrder(StepMethod.RK4, false, 8, 4);
  }

  @Test
  void rk4_withAdiabaticTop_convergesWithOrderFour() {
    assertOrder(StepMethod.RK4, true, 32, 4);
  }

  @Test
  void euler_convergesWithOrderOne() {
    assertOrder(StepMethod.EULER, false, 64, 1);
  }
}
