package org.ebmsim.dynamics.modern.ham;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fixed points do not depend on the time constants (MATH.md §6): from the same initial state,
 * runs with very different τ (and with the top layer adiabatic, τ_top → 0) end at the same state,
 * and that state solves {@code x^A = I^A(g)} on every layer. With several attractors the basin
 * boundaries do move with τ, so the networks here have one attractor (weak couplings: the map
 * {@code x ↦ I(g(x))} contracts) or start deep inside one basin (a cue of a stored pattern).
 */
class FixedPointTest {
  private static final double TOLERANCE = 1e-11;

  private static double[][] fixedPoint(HamNetwork net, double[][] x0, boolean adiabatic) {
    HamIntegrator it = new HamIntegrator(net, StepMethod.RK4, 0.05, adiabatic, null, x0);
    long steps = it.runToFixedPoint(TOLERANCE, 200_000);
    assertTrue(it.residual() <= TOLERANCE, "no fixed point after " + steps + " steps: residual " + it.residual());
    return it.state();
  }

  /** Independent check of the fixed-point equations x^A = ξ^{(A,A−1)} g^{A−1} + ξ^{(A+1,A)ᵀ} g^{A+1}. */
  private static double equationResidual(HamNetwork net, double[][] x) {
    double[][] g = net.activations(x);
    double r = 0;
    for (int a = 0; a < net.layers(); a++) {
      double[] in = new double[net.layer(a).size()];
      net.input(a, a > 0 ? g[a - 1] : null, a + 1 < net.layers() ? g[a + 1] : null, in);
      r = Math.max(r, HamFixtures.maxAbsDiff(in, x[a]));
    }
    return r;
  }

  private static void assertSameFixedPoint(HamNetwork net, double[][] x0) {
    double[][] reference = fixedPoint(net, x0, false);
    assertTrue(equationResidual(net, reference) < 1e-9, "fixed-point equations: " + equationResidual(net, reference));
    int layers = net.layers();
    double[] rising = new double[layers];
    double[] falling = new double[layers];
    double[] mixed = new double[layers];
    for (int a = 0; a < layers; a++) {
      rising[a] = 0.2 * Math.pow(25, a / (layers - 1.0)); // 0.2 … 5: higher layers slower
      falling[layers - 1 - a] = rising[a];                 // 5 … 0.2: higher layers faster
      mixed[a] = a % 2 == 0 ? 3 : 0.7;
    }
    double[][] slowTop = fixedPoint(net.withTaus(rising), x0, false);
    double[][] fastTop = fixedPoint(net.withTaus(falling), x0, false);
    double[][] adiabatic = fixedPoint(net.withTaus(mixed), x0, true);
    assertTrue(HamFixtures.maxAbsDiff(reference, slowTop) < 1e-8,
        "tau rising 0.2 -> 5 moved the fixed point by " + HamFixtures.maxAbsDiff(reference, slowTop));
    assertTrue(HamFixtures.maxAbsDiff(reference, fastTop) < 1e-8,
        "tau falling 5 -> 0.2 moved the fixed point by " + HamFixtures.maxAbsDiff(reference, fastTop));
    assertTrue(HamFixtures.maxAbsDiff(reference, adiabatic) < 1e-8,
        "an adiabatic top moved the fixed point by " + HamFixtures.maxAbsDiff(reference, adiabatic));
  }

  @Test
  void fixedPoint_doesNotDependOnTimeConstants_identityTanhSoftmax() {
    HamNetwork net = HamFixtures.denseNetwork(71, new int[] {6, 5, 4}, new String[] {"identity", "tanh", "softmax"},
        0.12);
    assertSameFixedPoint(net, HamFixtures.state(net, 72, 3));
  }

  @Test
  void fixedPoint_doesNotDependOnTimeConstants_sigmoidReluSoftmax() {
    HamNetwork net = HamFixtures.denseNetwork(81, new int[] {5, 6, 3}, new String[] {"sigmoid", "relu", "softmax"},
        0.12);
    assertSameFixedPoint(net, HamFixtures.state(net, 82, 3));
  }

  @Test
  void fixedPoint_ofAStoredPatternNetwork_doesNotDependOnTimeConstants() {
    // a memory network: the cue sits in the basin of one pattern, whatever the time constants
    RetrievalTest.Memory m = RetrievalTest.memory(95);
    HamNetwork net = m.network();
    double[][] x0 = {RetrievalTest.corrupted(m.patterns()[1], 0.25, 96), new double[RetrievalTest.P]};
    assertSameFixedPoint(net, x0);
  }
}
